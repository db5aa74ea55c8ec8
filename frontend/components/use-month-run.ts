"use client";

import { keepPreviousData, type QueryKey, type UseQueryOptions, useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { pastMonths } from "@/components/gst-heads";
import { today } from "@/lib/dates";

/** The month a monthly-run page (ITC reversal, depreciation) shows, from its address: `?month=`
 *  from the month select, or `?run=` from a journal entry's source link (the run's own month);
 *  else last month. With the month's preview and, once the month is done, its posted run. */
export function useMonthRun<
  TRun extends { month: string },
  TPreview extends { done?: number | null },
  TRunKey extends QueryKey,
  TPreviewKey extends QueryKey,
>(
  runQuery: (id: number) => UseQueryOptions<TRun, Error, TRun, TRunKey>,
  previewQuery: (month: string) => UseQueryOptions<TPreview, Error, TPreview, TPreviewKey>,
) {
  const params = useSearchParams();
  const months = pastMonths(today().slice(0, 7), 24);
  const runParam = Number(params.get("run")) || 0;
  const linked = useQuery({ ...runQuery(runParam), enabled: runParam > 0 });
  const month = params.get("month") ?? linked.data?.month.slice(0, 7) ?? months[0]!;
  const preview = useQuery({ ...previewQuery(month), enabled: !runParam || !!linked.data || linked.isError, placeholderData: keepPreviousData });
  const done = preview.data?.done ?? null;
  const run = useQuery({ ...runQuery(done ?? 0), enabled: !!done });
  return { months, month, preview, done, run };
}
