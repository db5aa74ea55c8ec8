import type { Metadata } from "next";
import { Suspense } from "react";
import { TaxDepreciationView } from "./_components/tax-depreciation-view";

export const metadata: Metadata = { title: "Income-tax depreciation" };

export default function Page() {
  return (
    <Suspense>
      <TaxDepreciationView />
    </Suspense>
  );
}
