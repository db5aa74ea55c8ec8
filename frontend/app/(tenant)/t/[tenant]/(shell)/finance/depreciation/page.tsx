import type { Metadata } from "next";
import { Suspense } from "react";
import { DepreciationView } from "./_components/depreciation-view";

export const metadata: Metadata = { title: "Depreciation" };

export default function Page() {
  return (
    <Suspense>
      <DepreciationView />
    </Suspense>
  );
}
