/**
 * The company's business day. Django counts dates in its TIME_ZONE (Asia/Kolkata by default):
 * a document posted or cancelled "today" gets that zone's date. The browser's own zone may be
 * another (a laptop on UTC, a traveller), so "today" here is the company's date too, or a
 * report defaulting to "up to today" would leave out what was just posted after 18:30 UTC.
 * The app shell sets the zone from /api/v1/access/me/ before any page renders.
 */
let businessZone = "Asia/Kolkata";

export function setBusinessTimeZone(zone: string): void {
  businessZone = zone;
}

/** Today's date in the company's time zone, as YYYY-MM-DD. */
export function today(): string {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: businessZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(new Date());
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part("year")}-${part("month")}-${part("day")}`;
}
