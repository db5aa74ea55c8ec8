import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ChallanView } from "../_components/challan-view";

export const metadata: Metadata = { title: "TDS challan" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const challanId = Number(id);
  if (!Number.isInteger(challanId) || challanId <= 0) notFound();
  return <ChallanView id={challanId} />;
}
