import type { Metadata } from "next";
import { Suspense } from "react";
import { LedgerView } from "./ledger-view";

export const metadata: Metadata = { title: "General ledger" };

export default function Page() {
  return (
    <Suspense>
      <LedgerView />
    </Suspense>
  );
}
