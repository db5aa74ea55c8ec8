import type { Metadata } from "next";
import { Suspense } from "react";
import { GstPaymentView } from "./_components/gst-payment-view";

export const metadata: Metadata = { title: "GST payment" };

export default function Page() {
  return (
    <Suspense>
      <GstPaymentView />
    </Suspense>
  );
}
