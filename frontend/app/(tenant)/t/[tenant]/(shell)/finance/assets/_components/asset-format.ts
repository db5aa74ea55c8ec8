/** How the asset pages word a useful life and a rate. */

/** 180 → "15 years"; 30 → "2 years 6 months"; 1 → "1 month". */
export function lifeLabel(months: number): string {
  const years = Math.floor(months / 12);
  const rest = months % 12;
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  return [years ? part(years, "year") : "", rest ? part(rest, "month") : ""].filter(Boolean).join(" ") || "0 months";
}

/** "0.181036" → "18.1036%" (a yearly written-down value rate). */
export function ratePercent(rate: string | null | undefined): string {
  if (rate == null || rate === "") return "—";
  return `${(Number(rate) * 100).toFixed(4).replace(/\.?0+$/, "")}%`;
}

/** "5.00" → "5%" (a residual percentage). */
export const percentLabel = (value: string | null | undefined) => `${Number(value ?? 0).toString()}%`;

/** The asset statuses as the pages name them. */
export const ASSET_STATUS_LABELS: Record<string, string> = { active: "In use", disposed: "Disposed" };

/** A percentage as typed ("", "20", "7.5"); "" where the field may be left to a default. */
export const PERCENT_TYPED = /^(\d{1,3}(\.\d{1,2})?)?$/;
