"use client";
import { useQuery } from "@tanstack/react-query";
import { CheckCircle2Icon, DownloadIcon, Loader2Icon, XCircleIcon } from "lucide-react";
import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";

/**
 * The contract of a long server job (an import, a big export, a fleet report), as any API that
 * starts one returns at its status URL:
 *
 *     GET <job url> → { "state": "queued" | "running" | "done" | "failed",
 *                       "done": 120, "total": 500 | null, "message": "Posting invoices…",
 *                       "result_url": "/api/v1/…/file" | null }
 *
 * `total` null: the job cannot count ahead (an indeterminate bar). `result_url` is set when a
 * finished job produced something to download.
 */
export type JobStatus = {
  state: "queued" | "running" | "done" | "failed";
  done: number;
  total: number | null;
  message: string;
  result_url: string | null;
};

const n = new Intl.NumberFormat("en-IN");

/** Polls a job URL until the job is done or failed, and shows its progress. */
export function JobProgress({ url, title, intervalMs = 1000, onFinished, className }: {
  url: string;
  title: string;
  intervalMs?: number;
  /** Called once when the job reaches done or failed. */
  onFinished?: (job: JobStatus) => void;
  className?: string;
}) {
  const job = useQuery({
    queryKey: ["job", url],
    queryFn: async ({ signal }) => {
      const r = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, signal });
      if (!r.ok) throw new Error(`The job's status could not be read (${r.status}).`);
      return (await r.json()) as JobStatus;
    },
    refetchInterval: (q) => (q.state.data && (q.state.data.state === "done" || q.state.data.state === "failed") ? false : intervalMs),
    staleTime: 0,
  });
  const reported = useRef(false);
  const data = job.data;
  useEffect(() => {
    if (data && (data.state === "done" || data.state === "failed") && !reported.current) {
      reported.current = true;
      onFinished?.(data);
    }
  }, [data, onFinished]);

  const pct = data?.total ? Math.min(100, Math.round((data.done / data.total) * 100)) : null;
  const state = data?.state ?? "queued";
  return (
    <div className={cn("grid gap-2 rounded-lg border p-4", className)} data-testid="job-progress" data-state={state}>
      <div className="flex items-center gap-2 text-sm font-medium">
        {state === "done" ? (
          <CheckCircle2Icon className="size-4 text-emerald-600" aria-hidden />
        ) : state === "failed" ? (
          <XCircleIcon className="size-4 text-destructive" aria-hidden />
        ) : (
          <Loader2Icon className="size-4 animate-spin text-muted-foreground" aria-hidden />
        )}
        <span>{title}</span>
        <span className="ml-auto tabular-nums text-muted-foreground">
          {data?.total ? `${n.format(data.done)} / ${n.format(data.total)}` : data && data.done ? n.format(data.done) : ""}
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={title}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={state === "done" ? 100 : (pct ?? undefined)}
        className="h-2 overflow-hidden rounded-full bg-muted"
      >
        <div
          className={cn(
            "h-full rounded-full transition-[width] duration-500",
            state === "failed" ? "bg-destructive" : state === "done" ? "bg-emerald-600" : "bg-primary",
            pct === null && state !== "done" && state !== "failed" && "w-1/3 animate-pulse",
          )}
          style={pct !== null || state === "done" ? { width: `${state === "done" ? 100 : pct}%` } : undefined}
        />
      </div>
      <p className="text-xs text-muted-foreground" aria-live="polite">
        {job.error ? job.error.message : data?.message || (state === "queued" ? "Waiting to start…" : "")}
      </p>
      {state === "done" && data?.result_url && (
        <Button asChild size="sm" variant="outline" className="justify-self-start">
          <a href={data.result_url}><DownloadIcon /> Download result</a>
        </Button>
      )}
    </div>
  );
}
