import type { Metadata } from "next";
import { Suspense } from "react";
import { CashFlowView } from "./cash-flow-view";

export const metadata: Metadata = { title: "Cash flow" };

export default function Page() {
  return (
    <Suspense>
      <CashFlowView />
    </Suspense>
  );
}
