/** Money for billing pages: Indian grouping for INR (₹1,23,456.00), plain for USD. */
export function formatMoney(amount: string | number, currency: string): string {
  const code = currency.toUpperCase() || "INR";
  const value = typeof amount === "number" ? amount : Number(amount);
  return new Intl.NumberFormat(code === "INR" ? "en-IN" : "en-US", {
    style: "currency",
    currency: code,
    minimumFractionDigits: value % 1 === 0 ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(value);
}

export const STATUS_LABELS: Record<string, string> = {
  trialing: "Trial",
  active: "Active",
  past_due: "Past due",
  read_only: "Read only",
  canceled: "Canceled",
  none: "No plan",
};
