import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { CompanyPicker } from "@/components/auth/company-picker";

export const metadata: Metadata = { title: "Your companies" };

export default function CompaniesPage() {
  return (
    <AuthCard bare title="Your companies" description="Sign in once, then choose the company to open.">
      <CompanyPicker />
    </AuthCard>
  );
}
