import type { Metadata } from "next";
import { FiscalYears } from "./fiscal-years";

export const metadata: Metadata = { title: "Fiscal years" };

export default function Page() {
  return <FiscalYears />;
}
