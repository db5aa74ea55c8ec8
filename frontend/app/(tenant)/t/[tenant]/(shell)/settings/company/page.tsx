import type { Metadata } from "next";
import { CompanySettingsView } from "./_components/company-settings-view";

export const metadata: Metadata = { title: "Company settings" };

export default function CompanySettingsPage() {
  return <CompanySettingsView />;
}
