import type { Metadata } from "next";
import { RolesView } from "./_components/roles-view";

export const metadata: Metadata = { title: "Roles" };

// Dynamic route (the shell reads the session): no Suspense, the page is in the first flush.
export default function RolesPage() {
  return <RolesView />;
}
