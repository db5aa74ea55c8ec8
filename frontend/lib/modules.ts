import {
  BuildingIcon,
  KeyRoundIcon,
  LayoutDashboardIcon,
  MailIcon,
  ScrollTextIcon,
  ShieldIcon,
  UsersIcon,
  type LucideIcon,
} from "lucide-react";

export type NavItem = { href: string; label: string; icon: LucideIcon; permission?: string };
export type NavSection = { label?: string; items: NavItem[] };

/** The app's modules. A module appears once it has pages; an item shows only with its permission.
 *  Modules add their section here (CRM, Sales, Estimation, Inventory, Production, Procurement,
 *  Finance, HR, Workflow, Reports) when their first page lands. */
export const NAVIGATION: NavSection[] = [
  { items: [{ href: "/", label: "Dashboard", icon: LayoutDashboardIcon }] },
  {
    label: "Administration",
    items: [
      { href: "/members", label: "Members", icon: UsersIcon, permission: "access.member.view" },
      { href: "/invitations", label: "Invitations", icon: MailIcon, permission: "access.invitation.view" },
      { href: "/roles", label: "Roles", icon: ShieldIcon, permission: "access.role.view" },
      { href: "/audit", label: "Audit log", icon: ScrollTextIcon, permission: "audit.event.view" },
      { href: "/api-tokens", label: "API tokens", icon: KeyRoundIcon, permission: "apitokens.token.view" },
      { href: "/settings/company", label: "Company settings", icon: BuildingIcon, permission: "core.company.change" },
    ],
  },
];

export function allowedNavigation(permissions: readonly string[]): NavSection[] {
  const held = new Set(permissions);
  return NAVIGATION.map((s) => ({ ...s, items: s.items.filter((i) => !i.permission || held.has(i.permission)) })).filter(
    (s) => s.items.length > 0,
  );
}

/** Breadcrumb labels by path segment. */
export const SEGMENT_LABELS: Record<string, string> = {
  members: "Members",
  account: "Account & security",
  roles: "Roles",
  new: "New",
  invitations: "Invitations",
  audit: "Audit log",
  "api-tokens": "API tokens",
  settings: "Settings",
  company: "Company",
  kit: "UI kit",
};
