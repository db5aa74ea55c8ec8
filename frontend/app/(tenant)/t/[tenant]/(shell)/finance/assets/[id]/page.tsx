import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AssetView } from "./_components/asset-view";

export const metadata: Metadata = { title: "Fixed asset" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const assetId = Number(id);
  if (!Number.isInteger(assetId) || assetId <= 0) notFound();
  return <AssetView id={assetId} />;
}
