import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RoleEditor } from "../_components/role-editor";

export const metadata: Metadata = { title: "Role" };

export default async function RolePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const roleId = Number(id);
  if (!Number.isInteger(roleId) || roleId <= 0) notFound();
  return <RoleEditor roleId={roleId} />;
}
