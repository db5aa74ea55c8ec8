import type { Metadata } from "next";
import { Suspense } from "react";
import { PaymentList } from "./_components/payment-list";

export const metadata: Metadata = { title: "Payments" };

export default function Page() {
  return (
    <Suspense>
      <PaymentList />
    </Suspense>
  );
}
