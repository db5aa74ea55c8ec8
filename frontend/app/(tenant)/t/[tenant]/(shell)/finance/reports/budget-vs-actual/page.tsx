import type { Metadata } from "next";
import { Suspense } from "react";
import { BudgetVsActualView } from "./budget-vs-actual-view";

export const metadata: Metadata = { title: "Budget vs actual" };

export default function Page() {
  return (
    <Suspense>
      <BudgetVsActualView />
    </Suspense>
  );
}
