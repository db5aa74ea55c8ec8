import type { Metadata } from "next";
import { Suspense } from "react";
import { ExchangeRevaluation } from "./_components/exchange-revaluation";

export const metadata: Metadata = { title: "Exchange revaluation" };

export default function Page() {
  return (
    <Suspense>
      <ExchangeRevaluation />
    </Suspense>
  );
}
