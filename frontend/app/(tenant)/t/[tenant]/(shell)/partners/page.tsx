import type { Metadata } from "next";
import { Suspense } from "react";
import { PartnerList } from "./_components/partner-list";

export const metadata: Metadata = { title: "Partners" };

export default function Page() {
  return (
    <Suspense>
      <PartnerList />
    </Suspense>
  );
}
