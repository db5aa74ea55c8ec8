import type { Metadata } from "next";
import { Suspense } from "react";
import { TdsView } from "../_components/tds-view";

export const metadata: Metadata = { title: "TDS register" };

export default function Page() {
  return (
    <Suspense>
      <TdsView />
    </Suspense>
  );
}
