import type { Metadata } from "next";
import { Suspense } from "react";
import { ChallanList } from "./_components/challan-list";

export const metadata: Metadata = { title: "TDS challans" };

export default function Page() {
  return (
    <Suspense>
      <ChallanList />
    </Suspense>
  );
}
