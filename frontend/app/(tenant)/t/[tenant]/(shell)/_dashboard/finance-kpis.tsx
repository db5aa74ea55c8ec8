"use client";
import { useQuery } from "@tanstack/react-query";
import { BanknoteIcon, LandmarkIcon, ReceiptIndianRupeeIcon, WalletIcon } from "lucide-react";
import dynamic from "next/dynamic";
import { KpiCard } from "@/components/kpi-card";
import { useCan } from "@/components/shell/shell-context";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { kpisQuery } from "@/lib/api/invoicing";
import { formatMoney } from "@/lib/decimal";

const RevenueChart = dynamic(() => import("./revenue-chart"), { ssr: false, loading: () => <Skeleton className="h-full w-full" /> });
const rupees = (v: string) => formatMoney(String(Math.round(Number(v))), { decimals: 0 });

/** Finance on the dashboard: receivables, payables, bank and cash, revenue by month. Shown to
 *  members who may read the invoicing reports. */
export function FinanceKpis() {
  const allowed = useCan("invoicing.report.view");
  const { data, isError } = useQuery({ ...kpisQuery(), enabled: allowed });
  if (!allowed || isError) return null;
  return (
    <section aria-label="Finance" className="mt-6 grid gap-4">
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4" data-testid="finance-kpis">
        <KpiCard label="Receivables" icon={ReceiptIndianRupeeIcon} value={data ? rupees(data.receivables) : "…"} hint="Open invoices less advances" href="/finance/reports/aged?side=receivable" />
        <KpiCard label="Payables" icon={WalletIcon} value={data ? rupees(data.payables) : "…"} hint="Open bills less advances" href="/finance/reports/aged?side=payable" />
        <KpiCard label="Bank" icon={LandmarkIcon} value={data ? rupees(data.bank_balance) : "…"} hint="Ledger balance today" />
        <KpiCard label="Cash" icon={BanknoteIcon} value={data ? rupees(data.cash_balance) : "…"} hint="Ledger balance today" />
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Revenue by month</CardTitle>
          <CardDescription>Taxable value of posted invoices less credit notes, last twelve months.</CardDescription>
        </CardHeader>
        <CardContent>
          <div className="h-64" data-testid="revenue-chart">
            {data ? <RevenueChart data={data.revenue_by_month.map((r) => ({ month: r.month, revenue: Number(r.revenue) }))} /> : <Skeleton className="h-full w-full" />}
          </div>
        </CardContent>
      </Card>
    </section>
  );
}
