import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { JournalDetail } from "../_components/journal-detail";

export const metadata: Metadata = { title: "Journal entry" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const entryId = Number(id);
  if (!Number.isInteger(entryId) || entryId <= 0) notFound();
  return <JournalDetail entryId={entryId} />;
}
