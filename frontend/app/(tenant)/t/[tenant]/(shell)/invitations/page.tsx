import type { Metadata } from "next";
import { InvitationsView } from "./_components/invitations-view";

export const metadata: Metadata = { title: "Invitations" };

// Dynamic route (the shell reads the session): no Suspense, the page is in the first flush.
export default function Page() {
  return <InvitationsView />;
}
