import {
  ArchiveRestoreIcon,
  BanknoteIcon,
  ArrowLeftRightIcon,
  BarChart3Icon,
  BookOpenIcon,
  BuildingIcon,
  CalendarRangeIcon,
  ContactIcon,
  FileBarChartIcon,
  FileInputIcon,
  FileMinusIcon,
  FileTextIcon,
  HourglassIcon,
  LandmarkIcon,
  ReceiptIndianRupeeIcon,
  ListTreeIcon,
  ScaleIcon,
  CreditCardIcon,
  KeyRoundIcon,
  LayoutDashboardIcon,
  MailIcon,
  ScrollTextIcon,
  ShieldIcon,
  UsersIcon,
  WalletIcon,
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
    label: "Invoicing",
    items: [
      { href: "/partners", label: "Partners", icon: ContactIcon, permission: "partners.partner.view" },
      { href: "/finance/invoices", label: "Invoices", icon: FileTextIcon, permission: "invoicing.invoice.view" },
      { href: "/finance/bills", label: "Bills", icon: FileInputIcon, permission: "invoicing.bill.view" },
      { href: "/finance/notes", label: "Credit & debit notes", icon: FileMinusIcon, permission: "invoicing.note.view" },
      { href: "/finance/payments", label: "Payments", icon: WalletIcon, permission: "invoicing.payment.view" },
      { href: "/finance/reports/aged", label: "Aged balances", icon: HourglassIcon, permission: "invoicing.report.view" },
      { href: "/finance/reports/gst", label: "GST returns", icon: BarChart3Icon, permission: "invoicing.report.view" },
      { href: "/finance/reports/tds", label: "TDS register", icon: ReceiptIndianRupeeIcon, permission: "invoicing.report.view" },
      { href: "/finance/tds-challans", label: "TDS challans", icon: BanknoteIcon, permission: "invoicing.tds_challan.view" },
    ],
  },
  {
    label: "Finance",
    items: [
      { href: "/finance/journal", label: "Journal entries", icon: BookOpenIcon, permission: "finance.journal.view" },
      { href: "/finance/reports/trial-balance", label: "Trial balance", icon: ScaleIcon, permission: "finance.report.view" },
      { href: "/finance/reports/profit-and-loss", label: "Profit and loss", icon: FileBarChartIcon, permission: "finance.report.view" },
      { href: "/finance/reports/balance-sheet", label: "Balance sheet", icon: LandmarkIcon, permission: "finance.report.view" },
      { href: "/finance/reports/ledger", label: "General ledger", icon: BookOpenIcon, permission: "finance.report.view" },
      { href: "/finance/accounts", label: "Chart of accounts", icon: ListTreeIcon, permission: "finance.account.view" },
      { href: "/finance/fiscal-years", label: "Fiscal years", icon: CalendarRangeIcon, permission: "finance.period.view" },
      { href: "/finance/opening-balances", label: "Opening balances", icon: ArchiveRestoreIcon, permission: "invoicing.report.view" },
      { href: "/finance/revaluation", label: "Exchange revaluation", icon: ArrowLeftRightIcon, permission: "invoicing.revaluation.view" },
    ],
  },
  {
    label: "Administration",
    items: [
      { href: "/members", label: "Members", icon: UsersIcon, permission: "access.member.view" },
      { href: "/invitations", label: "Invitations", icon: MailIcon, permission: "access.invitation.view" },
      { href: "/roles", label: "Roles", icon: ShieldIcon, permission: "access.role.view" },
      { href: "/audit", label: "Audit log", icon: ScrollTextIcon, permission: "audit.event.view" },
      { href: "/api-tokens", label: "API tokens", icon: KeyRoundIcon, permission: "apitokens.token.view" },
      { href: "/settings/company", label: "Company settings", icon: BuildingIcon, permission: "core.company.change" },
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
  billing: "Billing",
  finance: "Finance",
  journal: "Journal entries",
  accounts: "Chart of accounts",
  "fiscal-years": "Fiscal years",
  reports: "Reports",
  "trial-balance": "Trial balance",
  "profit-and-loss": "Profit and loss",
  "balance-sheet": "Balance sheet",
  ledger: "General ledger",
  documents: "Source documents",
  partners: "Partners",
  invoices: "Invoices",
  bills: "Bills",
  notes: "Notes",
  payments: "Payments",
  aged: "Aged balances",
  gst: "GST returns",
  tds: "TDS register",
  "tds-challans": "TDS challans",
  revaluation: "Exchange revaluation",
  kit: "UI kit",
};
