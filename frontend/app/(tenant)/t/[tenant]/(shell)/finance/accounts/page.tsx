import type { Metadata } from "next";
import { ChartOfAccounts } from "./chart-of-accounts";

export const metadata: Metadata = { title: "Chart of accounts" };

export default function Page() {
  return <ChartOfAccounts />;
}
