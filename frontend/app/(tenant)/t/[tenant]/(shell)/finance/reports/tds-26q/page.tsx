import type { Metadata } from "next";
import { Suspense } from "react";
import { Form26qView } from "../_components/form-26q-view";

export const metadata: Metadata = { title: "Quarterly return (26Q)" };

export default function Page() {
  return (
    <Suspense>
      <Form26qView />
    </Suspense>
  );
}
