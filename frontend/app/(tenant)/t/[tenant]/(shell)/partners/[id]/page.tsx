import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PartnerDetail } from "../_components/partner-detail";

export const metadata: Metadata = { title: "Partner" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const partnerId = Number(id);
  if (!Number.isInteger(partnerId) || partnerId <= 0) notFound();
  return <PartnerDetail id={partnerId} />;
}
