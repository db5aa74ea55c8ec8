import type { Metadata } from "next";
import { Suspense } from "react";
import { InvitationsView } from "./_components/invitations-view";

export const metadata: Metadata = { title: "Invitations" };

export default function Page() {
  return (
    <Suspense>
      <InvitationsView />
    </Suspense>
  );
}
