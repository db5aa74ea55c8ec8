import type { Metadata } from "next";
import { Suspense } from "react";
import { AssetList } from "./_components/asset-list";
import { CategoryList } from "./_components/category-list";
import { CwipCard } from "./_components/cwip-card";

export const metadata: Metadata = { title: "Fixed assets" };

export default function Page() {
  return (
    <Suspense>
      <AssetList />
      <CwipCard />
      <CategoryList />
    </Suspense>
  );
}
