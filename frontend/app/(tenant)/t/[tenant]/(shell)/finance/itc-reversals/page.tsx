import type { Metadata } from "next";
import { Suspense } from "react";
import { ItcReversalView } from "./_components/itc-reversal-view";

export const metadata: Metadata = { title: "ITC reversal (180 days)" };

export default function Page() {
  return (
    <Suspense>
      <ItcReversalView />
    </Suspense>
  );
}
