import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DocumentView } from "../../_components/document-view";

export const metadata: Metadata = { title: "Credit & debit notes" };

export default async function Page({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ edit?: string }> }) {
  const { id } = await params;
  const { edit } = await searchParams;
  const documentId = Number(id);
  if (!Number.isInteger(documentId) || documentId <= 0) notFound();
  return <DocumentView family="notes" id={documentId} edit={edit === "1"} />;
}
