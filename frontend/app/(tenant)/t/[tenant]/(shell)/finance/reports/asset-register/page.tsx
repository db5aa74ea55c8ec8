import type { Metadata } from "next";
import { Suspense } from "react";
import { AssetRegisterView } from "./_components/asset-register-view";

export const metadata: Metadata = { title: "Fixed asset register" };

export default function Page() {
  return (
    <Suspense>
      <AssetRegisterView />
    </Suspense>
  );
}
