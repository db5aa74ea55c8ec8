import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { ModuleIndex } from "@/components/shell/module-index";

export const metadata: Metadata = { title: "Reports" };

export default function Page() {
  return (
    <>
      <PageHeader title="Reports" description="Open a report to filter it, drill down to the entries and export it." />
      <ModuleIndex prefix="/finance/reports" />
    </>
  );
}
