import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { ModuleIndex } from "@/components/shell/module-index";

export const metadata: Metadata = { title: "Finance" };

export default function Page() {
  return (
    <>
      <PageHeader title="Finance" description="Invoicing, payments, the ledger and its reports." />
      <ModuleIndex prefix="/finance" also={["/partners"]} />
    </>
  );
}
