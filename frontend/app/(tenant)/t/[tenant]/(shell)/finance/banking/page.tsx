import type { Metadata } from "next";
import { BankStatements } from "./_components/bank-statements";

export const metadata: Metadata = { title: "Bank reconciliation" };

export default function Page() {
  return <BankStatements />;
}
