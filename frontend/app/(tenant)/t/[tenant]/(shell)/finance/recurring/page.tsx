import type { Metadata } from "next";
import { RecurringList } from "./_components/recurring-list";

export const metadata: Metadata = { title: "Recurring invoices" };

export default function Page() {
  return <RecurringList />;
}
