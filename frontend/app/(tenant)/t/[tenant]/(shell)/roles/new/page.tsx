import type { Metadata } from "next";
import { RoleEditor } from "../_components/role-editor";

export const metadata: Metadata = { title: "New role" };

export default function NewRolePage() {
  return <RoleEditor roleId={null} />;
}
