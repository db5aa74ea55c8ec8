import type { Metadata } from "next";
import { CostCentres } from "./cost-centres";

export const metadata: Metadata = { title: "Cost centres" };

export default function Page() {
  return <CostCentres />;
}
