import { BadgeIndianRupeeIcon, FactoryIcon, FileTextIcon, ShoppingCartIcon } from "lucide-react";
import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getMe } from "@/lib/server/session";

export const metadata: Metadata = { title: "Dashboard" };

const KPIS = [
  { label: "Open estimates", icon: FileTextIcon, hint: "Arrives with Estimation" },
  { label: "Orders in hand", icon: ShoppingCartIcon, hint: "Arrives with Sales" },
  { label: "In production", icon: FactoryIcon, hint: "Arrives with Production" },
  { label: "Receivables", icon: BadgeIndianRupeeIcon, hint: "Arrives with Finance" },
];

export default async function DashboardPage() {
  const result = await getMe();
  if (result.kind !== "ok") return null;
  const { me } = result;
  const firstName = (me.user.full_name || me.user.email).split(" ")[0];
  return (
    <>
      <PageHeader title={me.company.name} description={`Welcome, ${firstName}. Here is how the business is doing.`} />
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {KPIS.map(({ label, icon: Icon, hint }) => (
          <Card key={label}>
            <CardHeader className="flex flex-row items-center justify-between gap-2 pb-2">
              <CardTitle className="text-sm font-medium text-muted-foreground">{label}</CardTitle>
              <Icon className="size-4 text-muted-foreground" />
            </CardHeader>
            <CardContent>
              <p className="text-3xl font-semibold tabular-nums">—</p>
              <p className="mt-1 text-xs text-muted-foreground">{hint}</p>
            </CardContent>
          </Card>
        ))}
      </div>
      <Card className="mt-6">
        <CardHeader>
          <CardTitle>Getting started</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-2 text-sm text-muted-foreground">
          <p>Invite your team from <a href="/members" className="font-medium text-primary hover:underline">Members</a> and give each person a role.</p>
          <p>Estimates, sales orders, production and GST invoicing appear here as the modules are switched on.</p>
        </CardContent>
      </Card>
    </>
  );
}
