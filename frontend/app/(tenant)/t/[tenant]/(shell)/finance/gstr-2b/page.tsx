import type { Metadata } from "next";
import { Suspense } from "react";
import { Gstr2bView } from "./_components/gstr2b-view";

export const metadata: Metadata = { title: "GSTR-2B reconciliation" };

export default function Page() {
  return (
    <Suspense>
      <Gstr2bView />
    </Suspense>
  );
}
