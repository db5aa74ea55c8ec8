import type { Metadata } from "next";
import { ApiTokensView } from "./_components/api-tokens-view";

export const metadata: Metadata = { title: "API tokens" };

// Dynamic route (the shell reads the session): no Suspense, the page is in the first flush.
export default function Page() {
  return <ApiTokensView />;
}
