"use client";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const day = new Intl.DateTimeFormat("en-IN", { day: "numeric", month: "short", timeZone: "UTC" });
const label = (iso: string) => day.format(new Date(`${iso}T00:00:00Z`));

/** Audit events per day (the last 30 days): a bar chart; loaded on its own (next/dynamic). */
export default function ActivityChart({ data }: { data: Array<{ date: string; count: number }> }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid vertical={false} stroke="var(--color-border)" />
        <XAxis dataKey="date" tickFormatter={label} tickLine={false} axisLine={false} minTickGap={24} fontSize={12} stroke="var(--color-muted-foreground)" />
        <YAxis allowDecimals={false} tickLine={false} axisLine={false} width={40} fontSize={12} stroke="var(--color-muted-foreground)" />
        <Tooltip
          cursor={{ fill: "var(--color-muted)" }}
          labelFormatter={(v) => label(String(v))}
          formatter={(v) => [new Intl.NumberFormat("en-IN").format(Number(v)), "Events"]}
          contentStyle={{ background: "var(--color-popover)", border: "1px solid var(--color-border)", borderRadius: 8, fontSize: 12 }}
        />
        <Bar dataKey="count" fill="var(--color-primary)" radius={[3, 3, 0, 0]} maxBarSize={18} />
      </BarChart>
    </ResponsiveContainer>
  );
}
