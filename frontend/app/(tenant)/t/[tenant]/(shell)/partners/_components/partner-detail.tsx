"use client";
import { useQuery } from "@tanstack/react-query";
import { DownloadIcon, MapPinIcon, PencilIcon, UsersIcon } from "lucide-react";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { DateInput, formatIsoDate } from "@/components/fields/date-input";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { toast } from "@/components/toaster";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { download, partnerQuery, statementEmailsQuery, statementQuery, type Partner } from "@/lib/api/invoicing";
import { EmailHistory, StatementEmailDialog } from "../../finance/_components/email-dialog";
import { formatMoney } from "@/lib/decimal";
import { today } from "@/lib/dates";
import { fiscalYearStartOf } from "@/lib/api/finance";
import { addressLines, sameAsBilling } from "./partner-address";
import { PartnerForm } from "./partner-form";

export function PartnerDetail({ id }: { id: number }) {
  const query = useQuery(partnerQuery(id));
  const canChange = useCan("partners.partner.change");
  const canReport = useCan("invoicing.report.view");
  const [editing, setEditing] = useState(false);
  if (query.isPending) return <Skeleton className="h-64" />;
  if (query.isError) return <p role="alert" className="text-destructive">{query.error.message}</p>;
  const p = query.data as Partner;
  return (
    <>
      <PageHeader
        title={p.name}
        description={[p.code, p.gstin && `GSTIN ${p.gstin}`, p.state_name].filter(Boolean).join(" · ")}
        actions={
          <div className="flex items-center gap-2">
            {p.is_customer && <Badge variant="secondary">Customer</Badge>}
            {p.is_vendor && <Badge variant="outline">Vendor</Badge>}
            {canChange && !editing && <Button variant="outline" onClick={() => setEditing(true)}><PencilIcon /> Edit</Button>}
          </div>
        }
      />
      {editing ? (
        <PartnerForm partner={p} onSaved={() => setEditing(false)} onCancel={() => setEditing(false)} />
      ) : (
        <>
          <Card className="mb-4">
            <CardContent className="grid gap-x-6 gap-y-2 pt-6 text-sm sm:grid-cols-3">
              <p><span className="text-muted-foreground">PAN</span> {p.pan || "—"}</p>
              <p data-testid="pt-currency"><span className="text-muted-foreground">Currency</span> {p.currency || "INR"}</p>
              <p><span className="text-muted-foreground">Terms</span> {p.payment_terms_days} days</p>
              <p><span className="text-muted-foreground">Credit limit</span> {Number(p.credit_limit) > 0 ? formatMoney(p.credit_limit) : "None"}</p>
              <p><span className="text-muted-foreground">E-mail</span> {p.email ? <a className="text-primary hover:underline" href={`mailto:${p.email}`}>{p.email}</a> : "—"}</p>
              <p><span className="text-muted-foreground">Phone</span> {p.phone || "—"}</p>
              <p><span className="text-muted-foreground">Tags</span> {p.tags?.length ? p.tags.join(", ") : "—"}</p>
              {p.is_customer && (
                <>
                <p data-testid="pt-reminders"><span className="text-muted-foreground">Payment reminders</span> {p.send_reminders === false ? "Off" : "On"}</p>
                <p data-testid="pt-hold-exempt"><span className="text-muted-foreground">Credit hold</span> {p.credit_hold_exempt ? "Exempt" : "Applies"}</p>
                </>
              )}
              {p.is_vendor && <p data-testid="pt-reverse-charge"><span className="text-muted-foreground">Reverse charge</span> {p.reverse_charge ? "Bills under reverse charge" : "No"}</p>}
            </CardContent>
          </Card>
          <div className="mb-4 grid gap-4 md:grid-cols-3">
            <AddressCard title="Billing address" testId="pt-billing">
              <AddressLines lines={addressLines(p, "billing")} />
            </AddressCard>
            <AddressCard title="Shipping address" testId="pt-shipping">
              {sameAsBilling(p) ? <p className="text-muted-foreground">Same as billing address</p> : <AddressLines lines={addressLines(p, "shipping")} />}
            </AddressCard>
            <ContactsCard partner={p} />
          </div>
        </>
      )}
      {canReport && <StatementCard partner={p} />}
    </>
  );
}

function AddressCard({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <Card data-testid={testId}>
      <CardHeader className="pb-3">
        <CardTitle className="flex items-center gap-2 text-sm"><MapPinIcon className="size-4 text-muted-foreground" /> {title}</CardTitle>
      </CardHeader>
      <CardContent className="text-sm">{children}</CardContent>
    </Card>
  );
}

function AddressLines({ lines }: { lines: string[] }) {
  if (!lines.length) return <p className="text-muted-foreground">Not given</p>;
  return <address className="not-italic leading-relaxed">{lines.map((l, i) => <span key={i} className="block">{l}</span>)}</address>;
}

function ContactsCard({ partner }: { partner: Partner }) {
  const contacts = partner.contacts ?? [];
  return (
    <Card data-testid="pt-contacts">
      <CardHeader className="pb-3">
        <CardTitle className="flex items-center gap-2 text-sm"><UsersIcon className="size-4 text-muted-foreground" /> Contacts</CardTitle>
      </CardHeader>
      <CardContent className="text-sm">
        {contacts.length === 0 ? (
          <p className="text-muted-foreground">No contacts yet.</p>
        ) : (
          <ul className="divide-y">
            {contacts.map((c) => (
              <li key={c.id} data-testid="pt-contact" className="py-2 first:pt-0 last:pb-0">
                <p className="flex items-center gap-2 font-medium">
                  {c.name}
                  {c.is_primary && <Badge variant="secondary">Primary</Badge>}
                </p>
                {c.designation && <p className="text-muted-foreground">{c.designation}</p>}
                <p className="flex flex-wrap gap-x-3 text-muted-foreground">
                  {c.email && <a className="text-primary hover:underline" href={`mailto:${c.email}`}>{c.email}</a>}
                  {c.phone && <a className="hover:underline" href={`tel:${c.phone.replace(/\s/g, "")}`}>{c.phone}</a>}
                </p>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

function StatementCard({ partner }: { partner: Partner }) {
  const canExport = useCan("invoicing.report.export");
  const canSend = useCan("invoicing.report.send");
  const [to, setTo] = useState(today());
  const [from, setFrom] = useState(() => fiscalYearStartOf(to));
  const { data, isPending, error } = useQuery(statementQuery({ partner: partner.id, date_from: from, date_to: to }));
  const file = (format: "pdf" | "xlsx") =>
    download("/api/v1/invoicing/reports/statement/", { partner: partner.id, date_from: from, date_to: to, format }).then((n) => toast.success(`Downloaded ${n}`), (e: Error) => toast.error(e.message));
  return (
    <>
    <Card id="statement">
      <CardHeader className="flex flex-row flex-wrap items-end justify-between gap-4">
        <CardTitle>Statement of account</CardTitle>
        <div className="flex flex-wrap items-end gap-3">
          <FormField id="st-from" label="From"><DateInput id="st-from" value={from} onChange={setFrom} /></FormField>
          <FormField id="st-to" label="To"><DateInput id="st-to" value={to} onChange={setTo} /></FormField>
          {canExport && (<><Button variant="outline" onClick={() => file("pdf")}><DownloadIcon /> PDF</Button><Button variant="outline" onClick={() => file("xlsx")}><DownloadIcon /> Excel</Button></>)}
          {canSend && <StatementEmailDialog period={{ partner: partner.id, date_from: from, date_to: to }} partyName={partner.legal_name || partner.name} />}
        </div>
      </CardHeader>
      <CardContent className="overflow-x-auto">
        {isPending ? <Skeleton className="h-32" /> : error ? <p role="alert" className="text-destructive">{error.message}</p> : (
          <Table aria-label="Statement">
            <TableHeader><TableRow><TableHead>Date</TableHead><TableHead>Number</TableHead><TableHead>Description</TableHead><TableHead className="text-right">Debit</TableHead><TableHead className="text-right">Credit</TableHead><TableHead className="text-right">Balance</TableHead></TableRow></TableHeader>
            <TableBody>
              <TableRow><TableCell>{formatIsoDate(data.date_from)}</TableCell><TableCell /><TableCell>Opening balance</TableCell><TableCell /><TableCell /><TableCell className="text-right tabular-nums">{formatMoney(data.opening_balance)}</TableCell></TableRow>
              {data.lines.map((l, i) => (
                <TableRow key={i}>
                  <TableCell>{formatIsoDate(l.date)}</TableCell>
                  <TableCell>{l.document_id ? <Link className="text-primary hover:underline" href={`/finance/${l.kind === "invoice" ? "invoices" : l.kind === "bill" ? "bills" : "notes"}/${l.document_id}`}>{l.number}</Link> : l.payment_id ? <Link className="text-primary hover:underline" href={`/finance/payments/${l.payment_id}`}>{l.number}</Link> : l.number}</TableCell>
                  <TableCell>{l.description}</TableCell>
                  <TableCell className="text-right tabular-nums">{Number(l.debit) ? formatMoney(l.debit) : ""}</TableCell>
                  <TableCell className="text-right tabular-nums">{Number(l.credit) ? formatMoney(l.credit) : ""}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatMoney(l.balance)}</TableCell>
                </TableRow>
              ))}
              <TableRow className="font-semibold"><TableCell>{formatIsoDate(data.date_to)}</TableCell><TableCell /><TableCell>Closing balance</TableCell><TableCell /><TableCell /><TableCell className="text-right tabular-nums" data-testid="statement-closing">{formatMoney(data.closing_balance)}</TableCell></TableRow>
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
    {canSend && <EmailHistory query={statementEmailsQuery({ partner: partner.id, date_from: from, date_to: to })} title="E-mailed to this party" />}
    </>
  );
}
