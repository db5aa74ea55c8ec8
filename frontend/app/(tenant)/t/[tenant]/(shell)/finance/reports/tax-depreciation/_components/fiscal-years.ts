/** The fiscal years the page offers, worked out from where the company's year starts ("04-01":
 *  1 April, read off the report's own `year_start`). */

/** The first days of this fiscal year and the `count - 1` before it, newest first. */
export function fiscalYearStarts(today: string, monthDay: string, count = 6): string[] {
  const year = Number(today.slice(0, 4));
  const current = `${year}-${monthDay}` <= today ? year : year - 1;
  return Array.from({ length: count }, (_, i) => `${current - i}-${monthDay}`);
}

/** "2026-04-01" → "2026–27 (AY 2027–28)": the income-tax previous year and its assessment year;
 *  a year starting on 1 January is its calendar year, any other "2026–27". */
export function fiscalYearLabel(start: string): string {
  const year = Number(start.slice(0, 4));
  const monthDay = start.slice(5);
  if (monthDay === "01-01") return String(year);
  const span = (y: number) => `${y}–${String(y + 1).slice(2)}`;
  return monthDay === "04-01" ? `${span(year)} (AY ${span(year + 1)})` : span(year);
}
