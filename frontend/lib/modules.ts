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
  FileCheck2Icon,
  FileInputIcon,
  FileMinusIcon,
  FileTextIcon,
  HourglassIcon,
  LandmarkIcon,
  ReceiptIndianRupeeIcon,
  RepeatIcon,
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
  WavesIcon,
  type LucideIcon,
} from "lucide-react";

export type NavItem = { href: string; label: string; icon: LucideIcon; permission?: string; description?: string };
export type NavSection = { label?: string; items: NavItem[] };

/** The app's modules. A module appears once it has pages; an item shows only with its permission.
 *  Modules add their section here (CRM, Sales, Estimation, Inventory, Production, Procurement,
 *  Finance, HR, Workflow, Reports) when their first page lands. */
export const NAVIGATION: NavSection[] = [
  { items: [{ href: "/", label: "Dashboard", icon: LayoutDashboardIcon }] },
  {
    label: "Invoicing",
    items: [
      { href: "/partners", label: "Partners", icon: ContactIcon, permission: "partners.partner.view", description: "Customers and vendors: GSTIN, addresses, contacts, terms." },
      { href: "/finance/invoices", label: "Invoices", icon: FileTextIcon, permission: "invoicing.invoice.view", description: "Tax invoices to customers: draft, post, PDF, e-mail, payments." },
      { href: "/finance/bills", label: "Bills", icon: FileInputIcon, permission: "invoicing.bill.view", description: "Vendor bills with input tax, TDS and payments." },
      { href: "/finance/recurring", label: "Recurring invoices", icon: RepeatIcon, permission: "invoicing.invoice.view", description: "Invoices raised again each month, quarter or year (maintenance contracts)." },
      { href: "/finance/notes", label: "Credit & debit notes", icon: FileMinusIcon, permission: "invoicing.note.view", description: "Credit and debit notes against invoices and bills." },
      { href: "/finance/payments", label: "Payments", icon: WalletIcon, permission: "invoicing.payment.view", description: "Receipts and payments, allocated to documents or held as advances." },
      { href: "/finance/reports/aged", label: "Aged balances", icon: HourglassIcon, permission: "invoicing.report.view", description: "Receivables and payables in 0–30, 31–60, 61–90, 90+ day buckets." },
      { href: "/finance/reports/gst", label: "GST returns", icon: BarChart3Icon, permission: "invoicing.report.view", description: "GSTR-1 outward supplies by rate and HSN; the GSTR-3B summary." },
      { href: "/finance/gstr-2b", label: "GSTR-2B reconciliation", icon: FileCheck2Icon, permission: "invoicing.bill.view", description: "The suppliers' GSTR-2B against your bills: input tax credit matched, missing, mismatched." },
      { href: "/finance/reports/tds", label: "TDS register", icon: ReceiptIndianRupeeIcon, permission: "invoicing.report.view", description: "TDS deducted and suffered, by section and quarter." },
      { href: "/finance/tds-challans", label: "TDS challans", icon: BanknoteIcon, permission: "invoicing.tds_challan.view", description: "Deposits of TDS to the government, with interest and late fee." },
    ],
  },
  {
    label: "Finance",
    items: [
      { href: "/finance/journal", label: "Journal entries", icon: BookOpenIcon, permission: "finance.journal.view", description: "Manual entries: draft, post, reverse." },
      { href: "/finance/reports/trial-balance", label: "Trial balance", icon: ScaleIcon, permission: "finance.report.view", description: "Opening, period and closing balances as of any date." },
      { href: "/finance/reports/profit-and-loss", label: "Profit and loss", icon: FileBarChartIcon, permission: "finance.report.view", description: "Income and expenses, compared with an earlier period." },
      { href: "/finance/reports/cash-flow", label: "Cash flow", icon: WavesIcon, permission: "finance.report.view", description: "Cash in and out by operating, investing and financing activity." },
      { href: "/finance/reports/balance-sheet", label: "Balance sheet", icon: LandmarkIcon, permission: "finance.report.view", description: "Assets, liabilities and equity on a date, comparative." },
      { href: "/finance/reports/ledger", label: "General ledger", icon: BookOpenIcon, permission: "finance.report.view", description: "One account's lines with a running balance." },
      { href: "/finance/accounts", label: "Chart of accounts", icon: ListTreeIcon, permission: "finance.account.view", description: "The tree of groups and ledgers, with their roles." },
      { href: "/finance/fiscal-years", label: "Fiscal years", icon: CalendarRangeIcon, permission: "finance.period.view", description: "Years and monthly periods; lock, close and reopen." },
      { href: "/finance/opening-balances", label: "Opening balances", icon: ArchiveRestoreIcon, permission: "invoicing.report.view", description: "Balances brought forward: open invoices, bills and ledgers." },
      { href: "/finance/banking", label: "Bank reconciliation", icon: LandmarkIcon, permission: "banking.statement.view", description: "Import bank statements, match them to the books, reconcile." },
      { href: "/finance/revaluation", label: "Exchange revaluation", icon: ArrowLeftRightIcon, permission: "invoicing.revaluation.view", description: "Period-end revaluation of open foreign-currency items." },
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
  recurring: "Recurring invoices",
  "gstr-2b": "GSTR-2B reconciliation",
  "cash-flow": "Cash flow",
  "tds-26q": "Quarterly return (26Q)",
  revaluation: "Exchange revaluation",
  banking: "Bank reconciliation",
  kit: "UI kit",
};
