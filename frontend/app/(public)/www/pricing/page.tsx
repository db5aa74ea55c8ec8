import type { Metadata } from "next";
import { PricingTable } from "./_components/pricing-table";

export const metadata: Metadata = { title: "Pricing" };

export default function PricingPage() {
  return (
    <section className="mx-auto max-w-6xl px-4 py-16 sm:px-6">
      <div className="mx-auto mb-10 max-w-2xl text-center">
        <h1 className="text-4xl font-semibold tracking-tight">Pricing</h1>
        <p className="mt-3 text-muted-foreground">Pay per member, monthly or yearly. Every plan starts with a free trial, no card needed.</p>
      </div>
      <PricingTable />
    </section>
  );
}
