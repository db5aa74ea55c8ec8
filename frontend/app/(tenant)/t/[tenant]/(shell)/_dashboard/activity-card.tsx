"use client";
import dynamic from "next/dynamic";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { formatNumber } from "@/lib/decimal";

const ActivityChart = dynamic(() => import("./activity-chart"), { ssr: false, loading: () => <Skeleton className="h-full w-full" /> });

export function ActivityCard({ data }: { data: Array<{ date: string; count: number }> }) {
  const total = data.reduce((s, d) => s + d.count, 0);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Activity</CardTitle>
        <CardDescription>{formatNumber(total)} recorded {total === 1 ? "action" : "actions"} in the last 30 days (sign-ins, changes to members, roles, settings).</CardDescription>
      </CardHeader>
      <CardContent>
        {/* Fixed height: the chart loads after the page without moving anything. */}
        <div className="h-64" data-testid="activity-chart">
          <ActivityChart data={data} />
        </div>
      </CardContent>
    </Card>
  );
}
