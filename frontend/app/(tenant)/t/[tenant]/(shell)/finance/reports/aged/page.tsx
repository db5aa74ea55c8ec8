import type { Metadata } from "next";
import { Suspense } from "react";
import { AgedView } from "../_components/aged-view";

export const metadata: Metadata = { title: "Aged receivables and payables" };

export default function Page() {
  return (
    <Suspense>
      <AgedView />
    </Suspense>
  );
}
