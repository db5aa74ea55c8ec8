import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { ForgotPasswordForm } from "@/components/auth/password-reset";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <AuthCard bare title="Forgot your password?" description="Enter the e-mail you sign in with. We send a link to set a new password.">
      <ForgotPasswordForm />
    </AuthCard>
  );
}
