import type { Metadata } from "next";
import { Suspense } from "react";
import { ApiTokensView } from "./_components/api-tokens-view";

export const metadata: Metadata = { title: "API tokens" };

export default function Page() {
  return (
    <Suspense>
      <ApiTokensView />
    </Suspense>
  );
}
