import type { DocumentFamily } from "@/lib/api/invoicing";

export type FamilyConfig = {
  family: DocumentFamily;
  title: string;
  singular: string;
  href: string;
  resource: "invoice" | "bill" | "note";
  partnerRole: "customer" | "vendor" | "any";
  paymentKind: "receipt" | "payment" | null;
  description: string;
};

export const FAMILIES: Record<DocumentFamily, FamilyConfig> = {
  invoices: {
    family: "invoices",
    title: "Invoices",
    singular: "Invoice",
    href: "/finance/invoices",
    resource: "invoice",
    partnerRole: "customer",
    paymentKind: "receipt",
    description: "GST tax invoices to customers. Drafts carry no number; posting takes the legal number and writes the journal.",
  },
  bills: {
    family: "bills",
    title: "Bills",
    singular: "Bill",
    href: "/finance/bills",
    resource: "bill",
    partnerRole: "vendor",
    paymentKind: "payment",
    description: "Vendor bills: purchases and input GST. Keep the vendor's own bill number as the reference.",
  },
  notes: {
    family: "notes",
    title: "Credit & debit notes",
    singular: "Note",
    href: "/finance/notes",
    resource: "note",
    partnerRole: "any",
    paymentKind: null,
    description: "Credit notes lower what a customer owes; debit notes lower what you owe a vendor.",
  },
};

export const STATUS_OPTIONS = [
  { value: "draft", label: "Draft" },
  { value: "posted", label: "Posted" },
  { value: "partly_paid", label: "Partly paid" },
  { value: "paid", label: "Paid" },
  { value: "cancelled", label: "Cancelled" },
];

export const STATUS_TONES = { draft: "neutral", posted: "info", partly_paid: "warning", paid: "success", cancelled: "danger" } as const;

