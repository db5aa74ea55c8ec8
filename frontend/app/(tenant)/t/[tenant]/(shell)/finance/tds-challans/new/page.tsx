import type { Metadata } from "next";
import { ChallanForm } from "../_components/challan-form";

export const metadata: Metadata = { title: "New TDS challan" };

export default function Page() {
  return <ChallanForm />;
}
