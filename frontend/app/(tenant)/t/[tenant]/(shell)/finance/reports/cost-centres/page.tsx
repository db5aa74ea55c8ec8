import type { Metadata } from "next";
import { Suspense } from "react";
import { CostCentresView } from "./cost-centres-view";

export const metadata: Metadata = { title: "Profit by cost centre" };

export default function Page() {
  return (
    <Suspense>
      <CostCentresView />
    </Suspense>
  );
}
