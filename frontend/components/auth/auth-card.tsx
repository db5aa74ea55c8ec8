import type { ReactNode } from "react";
import { Logo } from "@/components/logo";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

/** The centred card of the sign-in family of pages (reset, verify, accept invitation). */
export function AuthCard({ title, description, children, bare = false }: { title: string; description?: ReactNode; children: ReactNode; bare?: boolean }) {
  const card = (
    <Card className="w-full max-w-md">
      <CardHeader>
        <CardTitle className="text-2xl">{title}</CardTitle>
        {description && <CardDescription>{description}</CardDescription>}
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
  if (bare) return <div className="mx-auto flex w-full max-w-md flex-col px-4 py-16 sm:py-24">{card}</div>;
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center bg-muted/40 px-4 py-12">
      <Logo className="mb-8" />
      {card}
    </div>
  );
}
