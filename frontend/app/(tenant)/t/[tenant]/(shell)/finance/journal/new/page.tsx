import type { Metadata } from "next";
import { JournalForm } from "../_components/journal-form";

export const metadata: Metadata = { title: "New journal entry" };

export default function Page() {
  return <JournalForm />;
}
