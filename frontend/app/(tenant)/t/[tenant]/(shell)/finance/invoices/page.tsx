import type { Metadata } from "next";
import { Suspense } from "react";
import { DocumentList } from "../_components/document-list";

export const metadata: Metadata = { title: "Invoices" };

export default function Page() {
  return (
    <Suspense>
      <DocumentList family="invoices" />
    </Suspense>
  );
}
