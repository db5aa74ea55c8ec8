import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { getMe } from "@/lib/server/session";

export default async function ShellLayout({ children }: { children: ReactNode }) {
  const result = await getMe();
  if (result.kind === "anonymous") redirect("/login");
  if (result.kind !== "ok") {
    const message =
      result.kind === "not_member"
        ? "You are not a member of this company. Ask its owner for an invitation."
        : result.kind === "suspended"
          ? "Your access to this company is suspended."
          : "The server could not be reached. Try again in a moment.";
    return (
      <div className="flex min-h-dvh items-center justify-center px-4">
        <p role="alert" className="max-w-md text-center text-muted-foreground">{message}</p>
      </div>
    );
  }
  return <AppShell me={result.me}>{children}</AppShell>;
}
