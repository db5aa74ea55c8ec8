import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { Logo } from "@/components/logo";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { getMe } from "@/lib/server/session";

export const metadata: Metadata = { title: "Sign in" };

export default async function TenantLoginPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<{ next?: string; email?: string }>;
}) {
  const [{ tenant }, { next = "/", email = "" }] = await Promise.all([params, searchParams]);
  const result = await getMe();
  if (result.kind === "ok") redirect(next.startsWith("/") && !next.startsWith("//") ? next : "/");
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center bg-muted/40 px-4 py-12">
      <Logo className="mb-8" />
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle className="text-2xl">Sign in</CardTitle>
          <CardDescription>
            to <span className="font-medium text-foreground">{tenant}</span>
          </CardDescription>
        </CardHeader>
        <CardContent>
          <LoginForm next={next} defaultEmail={email} />
        </CardContent>
      </Card>
    </div>
  );
}
