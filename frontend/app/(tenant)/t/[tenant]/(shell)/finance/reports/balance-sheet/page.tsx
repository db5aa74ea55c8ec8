import type { Metadata } from "next";
import { Suspense } from "react";
import { BalanceSheetView } from "./balance-sheet-view";

export const metadata: Metadata = { title: "Balance sheet" };

export default function Page() {
  return (
    <Suspense>
      <BalanceSheetView />
    </Suspense>
  );
}
