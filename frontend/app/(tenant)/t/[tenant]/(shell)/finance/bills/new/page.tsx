import type { Metadata } from "next";
import { DocumentForm } from "../../_components/document-form";

export const metadata: Metadata = { title: "New — Bills" };

export default function Page() {
  return <DocumentForm family="bills" />;
}
