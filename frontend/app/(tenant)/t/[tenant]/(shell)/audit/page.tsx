import type { Metadata } from "next";
import { AuditView } from "./_components/audit-view";

export const metadata: Metadata = { title: "Audit log" };

// Dynamic route (the shell reads the session): no Suspense, the page is in the first flush.
export default function Page() {
  return <AuditView />;
}
