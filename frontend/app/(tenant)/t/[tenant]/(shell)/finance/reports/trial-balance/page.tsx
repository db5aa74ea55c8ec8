import type { Metadata } from "next";
import { Suspense } from "react";
import { TrialBalanceView } from "./trial-balance-view";

export const metadata: Metadata = { title: "Trial balance" };

export default function Page() {
  return (
    <Suspense>
      <TrialBalanceView />
    </Suspense>
  );
}
