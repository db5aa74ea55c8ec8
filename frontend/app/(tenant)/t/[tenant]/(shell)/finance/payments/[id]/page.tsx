import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PaymentView } from "../_components/payment-view";

export const metadata: Metadata = { title: "Payment" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const paymentId = Number(id);
  if (!Number.isInteger(paymentId) || paymentId <= 0) notFound();
  return <PaymentView id={paymentId} />;
}
