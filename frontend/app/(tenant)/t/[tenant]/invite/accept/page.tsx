import type { Metadata } from "next";
import { AcceptInvitation } from "@/components/auth/accept-invitation";
import { AuthCard } from "@/components/auth/auth-card";

export const metadata: Metadata = { title: "Accept invitation", referrer: "no-referrer" };

export default async function AcceptInvitationPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token = "" } = await searchParams;
  return (
    <AuthCard title="You're invited" description="Join your colleagues on B3 MACBIS ERP.">
      {token ? <AcceptInvitation token={token} /> : <p role="alert" className="text-sm text-destructive">This link has no invitation in it. Open the link from the e-mail again.</p>}
    </AuthCard>
  );
}
