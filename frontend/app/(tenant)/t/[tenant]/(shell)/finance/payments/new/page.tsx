import type { Metadata } from "next";
import { PaymentForm } from "../_components/payment-form";

export const metadata: Metadata = { title: "Record payment" };

export default function Page() {
  return <PaymentForm />;
}
