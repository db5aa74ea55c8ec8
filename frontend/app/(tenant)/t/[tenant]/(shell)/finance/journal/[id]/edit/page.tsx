import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { JournalEdit } from "../../_components/journal-edit";

export const metadata: Metadata = { title: "Edit journal entry" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const entryId = Number(id);
  if (!Number.isInteger(entryId) || entryId <= 0) notFound();
  return <JournalEdit key={entryId} entryId={entryId} />;
}
