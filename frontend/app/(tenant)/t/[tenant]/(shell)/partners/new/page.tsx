import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { PartnerForm } from "../_components/partner-form";

export const metadata: Metadata = { title: "New partner" };

export default function Page() {
  return (
    <>
      <PageHeader title="New partner" description="The code comes from the partner series; a GSTIN fills the state and PAN." />
      <PartnerForm />
    </>
  );
}
