import { CreditCardIcon, LayoutDashboardIcon, UsersIcon, type LucideIcon } from "lucide-react";

export type NavItem = { href: string; label: string; icon: LucideIcon; permission?: string };
export type NavSection = { label?: string; items: NavItem[] };

/** The app's modules. A module appears once it has pages; an item shows only with its permission. */
export const NAVIGATION: NavSection[] = [
  { items: [{ href: "/", label: "Dashboard", icon: LayoutDashboardIcon }] },
  {
    label: "Administration",
    items: [
      { href: "/members", label: "Members", icon: UsersIcon, permission: "access.member.view" },
      { href: "/settings/billing", label: "Billing", icon: CreditCardIcon, permission: "core.company.change" },
    ],
  },
];

export function allowedNavigation(permissions: readonly string[]): NavSection[] {
  const held = new Set(permissions);
  return NAVIGATION.map((s) => ({ ...s, items: s.items.filter((i) => !i.permission || held.has(i.permission)) })).filter(
    (s) => s.items.length > 0,
  );
}

/** Breadcrumb labels by first path segment. */
export const SEGMENT_LABELS: Record<string, string> = { members: "Members", account: "Account & security", settings: "Settings", billing: "Billing" };
