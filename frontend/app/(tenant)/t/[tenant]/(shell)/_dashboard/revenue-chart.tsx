"use client";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const month = new Intl.DateTimeFormat("en-IN", { month: "short", year: "2-digit", timeZone: "UTC" });
const label = (ym: string) => month.format(new Date(`${ym}-01T00:00:00Z`));
const lakh = (v: number) => (Math.abs(v) >= 100000 ? `${(v / 100000).toFixed(1)} L` : new Intl.NumberFormat("en-IN").format(v));

/** Revenue (taxable value of invoices less credit notes) per month; loaded on its own. */
export default function RevenueChart({ data }: { data: Array<{ month: string; revenue: number }> }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke="var(--color-border)" />
        <XAxis dataKey="month" tickFormatter={label} tickLine={false} axisLine={false} fontSize={12} stroke="var(--color-muted-foreground)" />
        <YAxis tickFormatter={lakh} tickLine={false} axisLine={false} width={56} fontSize={12} stroke="var(--color-muted-foreground)" />
        <Tooltip
          cursor={{ fill: "var(--color-muted)" }}
          labelFormatter={(v) => label(String(v))}
          formatter={(v) => [`₹${new Intl.NumberFormat("en-IN", { maximumFractionDigits: 0 }).format(Number(v))}`, "Revenue"]}
          contentStyle={{ background: "var(--color-popover)", border: "1px solid var(--color-border)", borderRadius: 8, fontSize: 12 }}
        />
        <Bar dataKey="revenue" fill="var(--color-primary)" radius={[4, 4, 0, 0]} />
      </BarChart>
    </ResponsiveContainer>
  );
}
