import type { Metadata } from "next";
import { DocumentForm } from "../../_components/document-form";

export const metadata: Metadata = { title: "New — Credit & debit notes" };

export default function Page() {
  return <DocumentForm family="notes" />;
}
