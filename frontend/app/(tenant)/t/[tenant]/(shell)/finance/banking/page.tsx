import type { Metadata } from "next";
import { Suspense } from "react";
import { BankStatements } from "./_components/bank-statements";

export const metadata: Metadata = { title: "Bank reconciliation" };

export default function Page() {
  return (
    <Suspense>
      <BankStatements />
    </Suspense>
  );
}
