import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { ResetPasswordForm } from "@/components/auth/password-reset";

export const metadata: Metadata = { title: "Set a new password", referrer: "no-referrer" };

export default async function ResetPasswordPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  return (
    <AuthCard title="Set a new password">
      <ResetPasswordForm resetKey={decodeURIComponent(key)} />
    </AuthCard>
  );
}
