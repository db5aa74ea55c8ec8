import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { StatementView } from "../_components/statement-view";

export const metadata: Metadata = { title: "Bank statement" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const statementId = Number(id);
  if (!Number.isInteger(statementId) || statementId <= 0) notFound();
  return <StatementView id={statementId} />;
}
