import type { Metadata } from "next";
import { Suspense } from "react";
import { ProfitAndLossView } from "./profit-and-loss-view";

export const metadata: Metadata = { title: "Profit and loss" };

export default function Page() {
  return (
    <Suspense>
      <ProfitAndLossView />
    </Suspense>
  );
}
