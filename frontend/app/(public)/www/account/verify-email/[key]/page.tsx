import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { VerifyEmail } from "@/components/auth/verify-email";

export const metadata: Metadata = { title: "Verify your e-mail", referrer: "no-referrer" };

export default async function VerifyEmailPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  return (
    <AuthCard bare title="Verify your e-mail">
      <VerifyEmail verifyKey={decodeURIComponent(key)} />
    </AuthCard>
  );
}
