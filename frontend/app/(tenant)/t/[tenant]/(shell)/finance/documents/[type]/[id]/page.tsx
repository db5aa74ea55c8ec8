import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SourceEntries } from "./source-entries";

export const metadata: Metadata = { title: "Source document" };

/** Where a journal entry's source link lands when its module registered no page of its own
 *  (tenant_apps/finance/registry.py): the entries the document posted. */
export default async function Page({ params }: { params: Promise<{ type: string; id: string }> }) {
  const { type, id } = await params;
  const sourceId = Number(id);
  if (!Number.isInteger(sourceId) || sourceId <= 0) notFound();
  return <SourceEntries sourceType={decodeURIComponent(type)} sourceId={sourceId} />;
}
