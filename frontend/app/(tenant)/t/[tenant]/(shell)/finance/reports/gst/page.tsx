import type { Metadata } from "next";
import { Suspense } from "react";
import { GstView } from "../_components/gst-view";

export const metadata: Metadata = { title: "GST returns" };

export default function Page() {
  return (
    <Suspense>
      <GstView />
    </Suspense>
  );
}
