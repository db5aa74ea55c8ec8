import { MailIcon, ScrollTextIcon, ShieldIcon, UsersIcon } from "lucide-react";
import type { Metadata } from "next";
import { KpiCard } from "@/components/kpi-card";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { formatNumber } from "@/lib/decimal";
import { djangoGet, getMe } from "@/lib/server/session";
import { ActivityCard } from "./_dashboard/activity-card";
import { FinanceKpis } from "./_dashboard/finance-kpis";

export const metadata: Metadata = { title: "Dashboard" };

/** A list API's `count` for a query (null: not allowed or not reachable). */
async function count(path: string): Promise<number | null> {
  try {
    const r = await djangoGet(path);
    return r.status === 200 ? (JSON.parse(r.body.toString("utf8")) as { count: number }).count : null;
  } catch {
    return null;
  }
}

async function daily(): Promise<Array<{ date: string; count: number }> | null> {
  try {
    const r = await djangoGet("/api/v1/audit/events/daily/?days=30");
    return r.status === 200 ? (JSON.parse(r.body.toString("utf8")) as Array<{ date: string; count: number }>) : null;
  } catch {
    return null;
  }
}

/** KPI cards for what exists now; each module adds its cards (orders in hand, receivables…)
 *  here, shown only with the permission to read them. Figures come from the list APIs. */
export default async function DashboardPage() {
  const result = await getMe();
  if (result.kind !== "ok") return null;
  const { me } = result;
  const can = (code: string) => me.permissions.includes(code);
  const [members, active, pending, roles, activity] = await Promise.all([
    can("access.member.view") ? count("/api/v1/access/members/?page_size=1") : null,
    can("access.member.view") ? count("/api/v1/access/members/?page_size=1&status=active") : null,
    can("access.invitation.view") ? count("/api/v1/access/invitations/?page_size=1&status=pending") : null,
    can("access.role.view") ? count("/api/v1/access/roles/?page_size=1&is_builtin=false") : null,
    can("audit.event.view") ? daily() : null,
  ]);
  const last7 = activity ? activity.slice(-7).reduce((s, d) => s + d.count, 0) : null;
  const firstName = (me.user.full_name || me.user.email).split(" ")[0];
  const cards = [
    members !== null && { label: "Members", value: formatNumber(members), icon: UsersIcon, hint: active !== null ? `${formatNumber(active)} active` : undefined, href: "/members" },
    pending !== null && { label: "Pending invitations", value: formatNumber(pending), icon: MailIcon, hint: "Waiting to be accepted", href: "/invitations?status=pending" },
    roles !== null && { label: "Custom roles", value: formatNumber(roles), icon: ShieldIcon, hint: "Besides the built-in ones", href: "/roles" },
    last7 !== null && { label: "Actions this week", value: formatNumber(last7), icon: ScrollTextIcon, hint: "From the audit log", href: "/audit" },
  ].filter(Boolean) as Array<Parameters<typeof KpiCard>[0]>;

  return (
    <>
      <PageHeader title={me.company.name} description={`Welcome, ${firstName}. Here is how the business is doing.`} />
      {cards.length > 0 && (
        <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
          {cards.map((c) => <KpiCard key={c.label} {...c} />)}
        </div>
      )}
      <FinanceKpis />
      <div className="mt-6 grid gap-6 xl:grid-cols-3">
        {activity && <div className="xl:col-span-2"><ActivityCard data={activity} /></div>}
        <Card className={activity ? "" : "xl:col-span-3"}>
          <CardHeader>
            <CardTitle>Getting started</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-2 text-sm text-muted-foreground">
            {can("access.invitation.create") && <p>Invite your team from <a href="/members" className="font-medium text-primary hover:underline">Members</a> and give each person a role.</p>}
            {can("core.company.change") && <p>Add your GSTIN and logo in <a href="/settings/company" className="font-medium text-primary hover:underline">Company settings</a>.</p>}
            {can("invoicing.invoice.create") && <p>Raise a GST invoice from <a href="/finance/invoices/new" className="font-medium text-primary hover:underline">Invoices</a>.</p>}
            <p>Estimates, sales orders and production join the dashboard as those modules land.</p>
          </CardContent>
        </Card>
      </div>
    </>
  );
}
