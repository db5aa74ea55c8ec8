import type { Metadata } from "next";
import { AccountSecurityView } from "./_components/account-security-view";

export const metadata: Metadata = { title: "Account & security" };

export default function AccountPage() {
  return <AccountSecurityView />;
}
