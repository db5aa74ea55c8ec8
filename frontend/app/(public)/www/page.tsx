import {
  ArrowRightIcon,
  BadgeIndianRupeeIcon,
  CalculatorIcon,
  CheckIcon,
  ClipboardListIcon,
  FactoryIcon,
  PackageIcon,
  ShieldCheckIcon,
} from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";

const FEATURES = [
  {
    icon: CalculatorIcon,
    title: "Estimates from the BOQ",
    body: "Import the customer's bill of quantities, cost every line from your own rates, materials and labour, and send a priced quotation the same day.",
  },
  {
    icon: BadgeIndianRupeeIcon,
    title: "GST invoicing",
    body: "Tax invoices with HSN codes, CGST/SGST or IGST picked from the place of supply, e-invoice and e-way bill JSON for the portals, with the IRN, QR code and e-way bill printed, in ₹ with Indian number formats.",
  },
  {
    icon: FactoryIcon,
    title: "Production that follows the order",
    body: "Every work order traces back to its sales order: routings, job cards, material issues and what is left to make, visible on the shop floor.",
  },
  {
    icon: PackageIcon,
    title: "Inventory and purchasing",
    body: "Stock by location and batch, purchase requisitions from shortages, and goods receipts matched against purchase orders and bills.",
  },
  {
    icon: ClipboardListIcon,
    title: "CRM to cash",
    body: "Leads, follow-ups, quotations, orders, dispatch and receivables in one place — no more chasing the status on WhatsApp.",
  },
  {
    icon: ShieldCheckIcon,
    title: "Roles and audit trail",
    body: "Give Sales, Stores, Accounts and the plant exactly what they need. Every change is recorded, and two-factor sign-in keeps it yours.",
  },
];

const STEPS = [
  "Sign up with your company name and GSTIN",
  "Get your own address: yourcompany.b3macbis.in",
  "Invite your team and assign roles",
];

export default function LandingPage() {
  return (
    <>
      <section className="relative overflow-hidden border-b">
        <div
          aria-hidden
          className="pointer-events-none absolute inset-0 -z-10 bg-[radial-gradient(60rem_30rem_at_70%_-10%,color-mix(in_oklch,var(--color-primary)_18%,transparent),transparent)]"
        />
        <div className="mx-auto grid max-w-6xl gap-12 px-4 py-16 sm:px-6 md:py-24 lg:grid-cols-[1.1fr_0.9fr] lg:items-center">
          <div>
            <p className="mb-4 inline-flex items-center gap-2 rounded-full border bg-background px-3 py-1 text-xs font-medium text-muted-foreground">
              <span className="size-1.5 rounded-full bg-emerald-500" /> Built for make-to-order manufacturers in India
            </p>
            <h1 className="text-4xl font-semibold tracking-tight text-balance sm:text-5xl">
              From BOQ to GST invoice, every order on one system.
            </h1>
            <p className="mt-5 max-w-xl text-lg text-muted-foreground text-pretty">
              B3 MACBIS ERP runs the whole make-to-order business: estimates priced from the customer&apos;s BOQ,
              sales orders, production, stores, purchasing and GST-compliant invoicing.
            </p>
            <div className="mt-8 flex flex-col gap-3 sm:flex-row">
              <Button asChild size="lg">
                <Link href="/signup">
                  Start your free trial <ArrowRightIcon />
                </Link>
              </Button>
              <Button asChild size="lg" variant="outline">
                <Link href="/login">Sign in to your company</Link>
              </Button>
            </div>
            <ul className="mt-8 grid gap-2 text-sm text-muted-foreground sm:grid-cols-3">
              {STEPS.map((step) => (
                <li key={step} className="flex items-start gap-2">
                  <CheckIcon className="mt-0.5 size-4 shrink-0 text-primary" /> {step}
                </li>
              ))}
            </ul>
          </div>
          <Card className="shadow-lg">
            <CardHeader className="pb-3">
              <p className="text-xs font-medium uppercase tracking-wide text-muted-foreground">Estimate EST/25-26/0142</p>
              <CardTitle className="text-lg">Sharma Infra · Fabricated steel structure</CardTitle>
            </CardHeader>
            <CardContent className="grid gap-3 text-sm">
              {[
                ["MS beams ISMB 300, 42.6 MT", "₹29,82,000"],
                ["Fabrication & welding", "₹6,39,000"],
                ["Painting, 2 coats epoxy", "₹1,27,800"],
                ["Transport & erection", "₹2,10,000"],
              ].map(([item, amount]) => (
                <div key={item} className="flex items-center justify-between gap-4 border-b pb-3 last:border-0">
                  <span className="text-muted-foreground">{item}</span>
                  <span className="font-medium tabular-nums">{amount}</span>
                </div>
              ))}
              <div className="flex items-center justify-between rounded-lg bg-muted px-3 py-2">
                <span>Total incl. GST 18%</span>
                <span className="text-base font-semibold tabular-nums">₹46,92,168</span>
              </div>
            </CardContent>
          </Card>
        </div>
      </section>

      <section id="features" className="mx-auto max-w-6xl px-4 py-16 sm:px-6 md:py-20">
        <div className="max-w-2xl">
          <h2 className="text-3xl font-semibold tracking-tight">Everything between the enquiry and the payment</h2>
          <p className="mt-3 text-muted-foreground">
            One ERP for the office and the shop floor, designed around how Indian fabricators, panel builders
            and job shops actually work.
          </p>
        </div>
        <div className="mt-10 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {FEATURES.map(({ icon: Icon, title, body }) => (
            <Card key={title} className="transition-shadow hover:shadow-md">
              <CardHeader>
                <span className="mb-2 inline-flex size-10 items-center justify-center rounded-lg bg-primary/10 text-primary">
                  <Icon className="size-5" />
                </span>
                <CardTitle>{title}</CardTitle>
              </CardHeader>
              <CardContent className="text-sm text-muted-foreground">{body}</CardContent>
            </Card>
          ))}
        </div>
      </section>

      <section className="border-t bg-muted/40">
        <div className="mx-auto flex max-w-6xl flex-col items-start gap-6 px-4 py-14 sm:px-6 md:flex-row md:items-center md:justify-between">
          <div>
            <h2 className="text-2xl font-semibold tracking-tight">Ready when your next enquiry arrives</h2>
            <p className="mt-2 text-muted-foreground">Set up in five minutes. No card needed for the trial.</p>
          </div>
          <Button asChild size="lg">
            <Link href="/signup">
              Create your company <ArrowRightIcon />
            </Link>
          </Button>
        </div>
      </section>
    </>
  );
}
