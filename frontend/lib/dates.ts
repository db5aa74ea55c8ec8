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

/** The government portals (IRP, e-way bill) write and read times in Indian Standard Time. */
const IST_ZONE = "Asia/Kolkata";

/** An instant as the portals show it: "28 Nov 2026, 11:57 pm" in IST. */
export function formatIst(iso: string): string {
  return new Intl.DateTimeFormat("en-IN", { dateStyle: "medium", timeStyle: "short", timeZone: IST_ZONE }).format(new Date(iso));
}

/** A datetime-local value ("2026-11-28T23:57"), read as IST, as an ISO instant for the API. */
export function istInstant(local: string): string {
  return `${local}:00+05:30`;
}
