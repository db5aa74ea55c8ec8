"use client";
import { useQuery } from "@tanstack/react-query";
import { AlertTriangleIcon, ClockIcon, LockIcon } from "lucide-react";
import Link from "next/link";
import { billingStatusQuery } from "@/lib/api/billing";
import { cn } from "@/lib/utils";

const ICONS = { trial_ending: ClockIcon, past_due: AlertTriangleIcon, read_only: LockIcon } as const;

/** Trial ending, past due or read only: one line above every page, for every member. */
export function SubscriptionBanner() {
  const { data } = useQuery(billingStatusQuery());
  const banner = data?.banner;
  if (!banner) return null;
  const Icon = ICONS[banner.kind];
  return (
    <aside
      aria-label="Subscription"
      data-testid="subscription-banner"
      data-kind={banner.kind}
      className={cn(
        "flex items-center gap-2 border-b px-4 py-2 text-sm sm:px-6",
        banner.kind === "trial_ending" && "bg-secondary text-secondary-foreground",
        banner.kind === "past_due" && "bg-amber-100 text-amber-950 dark:bg-amber-950 dark:text-amber-100",
        banner.kind === "read_only" && "bg-destructive/10 text-destructive",
      )}
    >
      <Icon className="size-4 shrink-0" aria-hidden />
      <span className="min-w-0 flex-1">{banner.message}</span>
      <Link href="/settings/billing" className="shrink-0 font-medium underline underline-offset-4">
        Billing
      </Link>
    </aside>
  );
}
