import type { Partner } from "@/lib/api/invoicing";
import { GST_STATES } from "@/lib/india";

const PARTS = ["address", "city", "state", "pincode"] as const;
const STATE_NAME = new Map<string, string>(GST_STATES.map(([code, name]) => [code, name]));

/** The shipping address is the billing one: nothing of its own was entered (the API fills an
 *  empty shipping state from the billing state), or every part is equal. */
export function sameAsBilling(p: Partner): boolean {
  const own = !p.shipping_address && !p.shipping_city && !p.shipping_pincode && (!p.shipping_state || p.shipping_state === p.billing_state);
  return own || PARTS.every((part) => (p[`shipping_${part}`] ?? "") === (p[`billing_${part}`] ?? ""));
}

/** The lines of a partner's billing or shipping address ("12 Mount Road", "Chennai 600002",
 *  "Tamil Nadu"); empty when nothing was entered. */
export function addressLines(p: Partner, kind: "billing" | "shipping"): string[] {
  const street = (p[`${kind}_address`] ?? "").split("\n").map((l) => l.trim());
  const cityPin = [p[`${kind}_city`], p[`${kind}_pincode`]].filter(Boolean).join(" ");
  const state = p[`${kind}_state`];
  return [...street, cityPin, state ? (STATE_NAME.get(state) ?? state) : ""].filter(Boolean);
}
