"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Loader2Icon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { AsyncSelect } from "@/components/fields/async-select";
import { DateInput, formatIsoDate } from "@/components/fields/date-input";
import { FormField } from "@/components/form-field";
import { DocumentLineEditor, type LineChoice, type LineChoiceField } from "@/components/line-editor/document-line-editor";
import { newLine, type DocumentLine } from "@/components/line-editor/line-math";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { ApiError } from "@/lib/api/errors";
import { accountListQuery, costCentreListQuery } from "@/lib/api/finance";
import {
  documentCreate,
  documentUpdate,
  partnerSearch,
  postedDocumentSearch,
  taxRatesQuery,
  type DocumentBody,
  type DocumentDetail,
  type DocumentFamily,
  type Partner,
  type TaxRate,
} from "@/lib/api/invoicing";
import { GST_STATES } from "@/lib/india";
import { CURRENCIES, formatCurrency, formatRate } from "@/lib/currency";
import { FAMILIES } from "./families";
import { costCentreOptions, lineLedgerOptions } from "./line-choices";
import { today } from "@/lib/dates";

type PartnerRef = Pick<Partner, "id" | "code" | "name" | "gstin"> & { state?: string; currency?: string; reverse_charge?: boolean };
/** The invoice (bill) a note is raised against. */
type OriginalRef = { id: number; number: string; date?: string; total?: string; currency?: string; exchange_rate?: string; reverse_charge?: boolean };

/** "18.000000" -> "18" (the line editor's GST choice is the percentage). */
const percent = (rate: string | undefined) => String(Number(rate ?? "0"));

function choices(rates: TaxRate[] | undefined) {
  return (rates ?? []).filter((r) => Number(r.cess_rate) === 0 && r.is_active).map((r) => ({ value: percent(r.rate), label: `${percent(r.rate)}%`, id: r.id }));
}

/** Create or edit a draft invoice, bill or note: party, dates, place of supply, lines. */
export function DocumentForm({ family, initial }: { family: DocumentFamily; initial?: DocumentDetail }) {
  const config = FAMILIES[family];
  const router = useRouter();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<"credit_note" | "debit_note">((initial?.kind as "credit_note" | "debit_note" | undefined) ?? "credit_note");
  const role = family === "notes" ? (kind === "credit_note" ? "customer" : "vendor") : (config.partnerRole as "customer" | "vendor");
  const [partner, setPartner] = useState<PartnerRef | null>(initial ? { ...initial.partner } : null);
  const [original, setOriginal] = useState<OriginalRef | null>(initial?.original && initial.original_number ? { id: initial.original, number: initial.original_number } : null);
  const [date, setDate] = useState(initial?.date ?? today());
  const [dueDate, setDueDate] = useState(initial?.due_date ?? "");
  const [reference, setReference] = useState(initial?.reference ?? "");
  const [place, setPlace] = useState(initial?.place_of_supply ?? "");
  const [currency, setCurrency] = useState(initial?.currency ?? "INR");
  const [rate, setRate] = useState(initial ? String(Number(initial.exchange_rate)) : "1");
  const [notes, setNotes] = useState(initial?.notes ?? "");
  const [opening, setOpening] = useState(initial?.is_opening ?? false);
  // a purchase under reverse charge (ADR 0071): a bill takes its vendor's default, a debit note its bill's
  const [reverseCharge, setReverseCharge] = useState(initial?.reverse_charge ?? false);
  const [lines, setLines] = useState<DocumentLine[]>(
    initial?.lines.length
      ? initial.lines.map((l) =>
          newLine({ description: l.description, hsn: l.hsn_sac, qty: String(Number(l.quantity)), unit: l.unit, rate: String(Number(l.unit_price)), discount_percent: Number(l.discount_percent) ? String(Number(l.discount_percent)) : "", tax_rate: percent(l.gst_rate), account: l.account ? String(l.account) : "", cost_centre: l.cost_centre ? String(l.cost_centre) : "", itc: l.itc_eligible === false ? "blocked" : "" }),
        )
      : [newLine({ tax_rate: "18" })],
  );
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState("");
  const [saving, setSaving] = useState(false);
  const rates = useQuery(taxRatesQuery(date || undefined));
  const options = choices(rates.data);
  // each line may name its ledger and cost centre (ADR 0069), from the chart's lists; an
  // opening balance names neither (it posts to the opening balance account)
  const canSeeLedgers = useCan("finance.account.view");
  const accounts = useQuery({ ...accountListQuery(), enabled: canSeeLedgers });
  const centres = useQuery({ ...costCentreListQuery(), enabled: canSeeLedgers });
  const sales = role === "customer";
  const centreOptions = costCentreOptions(centres.data ?? [], new Set(lines.map((l) => l.cost_centre)));
  const lineChoices: Partial<Record<LineChoiceField, LineChoice>> = opening
    ? {}
    : {
        ...(accounts.data ? { account: { label: "Ledger", placeholder: sales ? "Default (Sales)" : "Default (Purchases)", options: lineLedgerOptions(accounts.data, sales, new Set(lines.map((l) => l.account))) } } : {}),
        // shown once the company has cost centres
        ...(centreOptions.length ? { cost_centre: { label: "Cost centre", placeholder: "None", options: centreOptions } } : {}),
        // a purchase's input credit may be blocked by law (ADR 0072): its tax goes into the cost
        ...(sales ? {} : { itc: { label: "Input credit", placeholder: "Eligible", options: [{ value: "blocked", label: "Blocked (s.17(5)): tax into the cost" }] } }),
      };

  async function save() {
    setErrors({});
    setFormError("");
    if (!partner) {
      setErrors({ partner: ["Choose a party."] });
      return;
    }
    const byPercent = new Map(options.map((o) => [o.value, o.id]));
    const body: DocumentBody = {
      partner: partner.id,
      date,
      due_date: dueDate || null,
      reference,
      currency,
      exchange_rate: currency === "INR" ? "1" : rate,
      notes,
      ...(place ? { place_of_supply: place } : {}),
      ...(family === "notes" && !initial ? { kind } : {}),
      ...(family === "notes" ? { original: original?.id ?? null } : { is_opening: opening }),
      ...(role === "vendor" ? { reverse_charge: reverseCharge && !opening } : {}),
      lines: lines
        .filter((l) => l.description || l.rate)
        .map((l) => ({
          description: l.description,
          hsn_sac: opening ? "" : l.hsn,
          quantity: l.qty,
          unit: l.unit,
          unit_price: l.rate || "0",
          discount_percent: l.discount_percent || "0",
          tax_rate: byPercent.get(l.tax_rate) ?? 0,
          account: l.account ? Number(l.account) : null,
          cost_centre: l.cost_centre ? Number(l.cost_centre) : null,
          ...(role === "vendor" ? { itc_eligible: opening || l.itc !== "blocked" } : {}),
        })),
    };
    setSaving(true);
    try {
      const saved = initial ? await documentUpdate(family, initial.id, body) : await documentCreate(family, body);
      await queryClient.invalidateQueries({ queryKey: [family] });
      toast.success(initial ? "Draft saved" : `Draft ${config.singular.toLowerCase()} created`);
      router.push(`${config.href}/${saved.id}`);
    } catch (e) {
      if (e instanceof ApiError) {
        setErrors(e.fields);
        setFormError(e.message);
      } else setFormError("Could not save.");
    } finally {
      setSaving(false);
    }
  }

  const err = (name: string) => errors[name]?.join(" ");
  return (
    <>
      <PageHeader title={initial ? `Edit draft ${config.singular.toLowerCase()}` : `New ${config.singular.toLowerCase()}`} description="Saved as a draft: nothing reaches the books until you post it." />
      <Card>
        <CardContent className="grid gap-5 pt-6">
          {formError && <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">{formError}</p>}
          {family !== "notes" && (
            <div className="rounded-md border bg-muted/30 px-3 py-2 text-sm">
              <label className="flex items-center gap-2 font-medium">
                <input
                  type="checkbox"
                  id="doc-opening"
                  checked={opening}
                  onChange={(e) => {
                    setOpening(e.target.checked);
                    // a balance brought forward carries no GST, ledger or cost centre: its lines take 0%
                    if (e.target.checked) {
                      setLines((current) => current.map((l) => ({ ...l, tax_rate: "0", account: "", cost_centre: "" })));
                      setReverseCharge(false);
                    }
                  }}
                />
                Opening balance brought forward from your previous books
              </label>
              <p className="mt-1 text-muted-foreground">
                For {role === "customer" ? "a customer's" : "a vendor's"} unpaid {config.singular.toLowerCase()} from before you started here: enter what is still due, without GST. It is numbered OB/…, posts against the opening balance account and stays out of the GST returns; it can be paid like any {config.singular.toLowerCase()}.
              </p>
              {err("is_opening") && <p className="mt-1 text-destructive">{err("is_opening")}</p>}
            </div>
          )}
          <div className="grid gap-5 sm:grid-cols-2 lg:grid-cols-4">
            {family === "notes" && (
              <FormField id="doc-kind" label="Type">
                <NativeSelect
                  id="doc-kind"
                  value={kind}
                  disabled={!!initial}
                  onChange={(e) => {
                    setKind(e.target.value as "credit_note" | "debit_note");
                    setPartner(null);
                    setOriginal(null);
                    // a sale's income ledgers are not a purchase's
                    setLines((current) => current.map((l) => ({ ...l, account: "" })));
                  }}
                >
                  <option value="credit_note">Credit note (customer)</option>
                  <option value="debit_note">Debit note (vendor)</option>
                </NativeSelect>
              </FormField>
            )}
            <FormField id="doc-partner" label={role === "customer" ? "Customer" : "Vendor"} error={err("partner")}>
              <AsyncSelect<PartnerRef>
                id="doc-partner"
                value={partner}
                onChange={(p) => {
                  setPartner(p); setPlace(""); setOriginal(null);
                  if (family === "bills") setReverseCharge(!!p?.reverse_charge);
                  // an invoice or bill starts in the partner's currency (a note takes its original's)
                  if (family !== "notes" && !initial && p?.currency && p.currency !== currency) {
                    setCurrency(p.currency);
                    setRate(p.currency === "INR" ? "1" : "");
                  }
                }}
                fetcher={(term, signal) => partnerSearch(term, role, signal)}
                getKey={(p) => p.id}
                getLabel={(p) => p.name}
                getDescription={(p) => [p.code, p.gstin].filter(Boolean).join(" · ")}
                queryKey={`partners-${role}`}
                placeholder={`Search ${role}s…`}
                invalid={!!err("partner")}
              />
            </FormField>
            {family === "notes" && (
              <FormField id="doc-original" label={kind === "credit_note" ? "Against invoice" : "Against bill"} error={err("original")} hint={partner ? "Optional: posting applies the note to it" : "Choose the party first"}>
                <AsyncSelect<OriginalRef>
                  id="doc-original"
                  value={original}
                  onChange={(d) => {
                    setOriginal(d);
                    if (d) setReverseCharge(!!d.reverse_charge);
                    // a note is in its original's currency; its rate defaults to the original's
                    if (d?.currency) {
                      setCurrency(d.currency);
                      setRate(d.currency === "INR" ? "1" : formatRate(d.exchange_rate));
                    }
                  }}
                  fetcher={(term, signal) => (partner ? postedDocumentSearch(kind === "credit_note" ? "invoices" : "bills", partner.id, term, signal).then((docs) => docs.map((d) => ({ id: d.id, number: d.number ?? "", date: d.date, total: d.total, currency: d.currency, exchange_rate: d.exchange_rate, reverse_charge: d.reverse_charge }))) : Promise.resolve([]))}
                  getKey={(d) => d.id}
                  getLabel={(d) => d.number}
                  getDescription={(d) => [d.date ? formatIsoDate(d.date) : "", d.total ? formatCurrency(d.total, d.currency) : ""].filter(Boolean).join(" · ")}
                  queryKey={`note-original-${kind}-${partner?.id ?? 0}`}
                  placeholder={kind === "credit_note" ? "Search posted invoices…" : "Search posted bills…"}
                  disabled={!partner}
                  invalid={!!err("original")}
                  emptyText={kind === "credit_note" ? "No posted invoices of this customer" : "No posted bills of this vendor"}
                />
              </FormField>
            )}
            <FormField id="doc-date" label="Date" error={err("date")}>
              <DateInput id="doc-date" value={date} onChange={setDate} />
            </FormField>
            <FormField id="doc-due" label="Due date" error={err("due_date")} hint="Empty: from the party's payment terms">
              <DateInput id="doc-due" value={dueDate} onChange={setDueDate} />
            </FormField>
            <FormField id="doc-place" label="Place of supply" error={err("place_of_supply")} hint="Empty: the party's state">
              <NativeSelect id="doc-place" value={place} onChange={(e) => setPlace(e.target.value)}>
                <option value="">From the party</option>
                {GST_STATES.map(([code, name]) => (
                  <option key={code} value={code}>{code} · {name}</option>
                ))}
                <option value="96">96 · Outside India (export)</option>
              </NativeSelect>
            </FormField>
            <FormField id="doc-ref" label={family === "bills" ? "Vendor's bill no." : "Reference"} error={err("reference")}>
              <Input id="doc-ref" value={reference} maxLength={60} onChange={(e) => setReference(e.target.value)} />
            </FormField>
            <FormField id="doc-currency" label="Currency" error={err("currency")}>
              <NativeSelect id="doc-currency" value={currency} onChange={(e) => setCurrency(e.target.value)}>
                {CURRENCIES.map((c) => <option key={c.code}>{c.code}</option>)}
              </NativeSelect>
            </FormField>
            {currency !== "INR" && (
              <FormField id="doc-rate" label={`Rate (₹ per ${currency})`} error={err("exchange_rate")}>
                <Input id="doc-rate" inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} />
              </FormField>
            )}
          </div>
          {role === "vendor" && !opening && (
            <div className="rounded-md border bg-muted/30 px-3 py-2 text-sm">
              <label className="flex items-center gap-2 font-medium">
                <input type="checkbox" id="doc-reverse-charge" checked={reverseCharge} disabled={family === "notes" && !!original} onChange={(e) => setReverseCharge(e.target.checked)} />
                Reverse charge: we pay the GST on this purchase
              </label>
              <p className="mt-1 text-muted-foreground">
                {family === "notes" && original
                  ? "A debit note follows its bill."
                  : "Transport by a goods transport agency, an advocate's fees, services from abroad, a notified supply from an unregistered vendor: the vendor is paid the value alone, and the GST is booked as input credit and as reverse-charge tax we pay in cash (GSTR-3B 3.1(d), 4(A)(3))."}
              </p>
              {err("reverse_charge") && <p className="mt-1 text-destructive">{err("reverse_charge")}</p>}
            </div>
          )}
          <DocumentLineEditor
            reverseCharge={role === "vendor" && reverseCharge && !opening}
            lines={lines}
            onChange={setLines}
            taxRates={options}
            // an opening balance has no HSN/SAC code to give (the server requires one on every other document)
            columns={opening ? ["description", "qty", "unit", "rate", "discount_percent", "tax_rate", "amount"] : ["description", "hsn", "qty", "unit", "rate", "discount_percent", "tax_rate", "amount"]}
            choices={lineChoices}
            errors={errors}
            label={`${config.singular} lines`}
          />
          <FormField id="doc-notes" label="Notes" error={err("notes")}>
            <Input id="doc-notes" value={notes} maxLength={2000} onChange={(e) => setNotes(e.target.value)} />
          </FormField>
          <div className="flex gap-2">
            <Button onClick={save} disabled={saving}>
              {saving && <Loader2Icon className="animate-spin" />} Save draft
            </Button>
            <Button variant="outline" onClick={() => router.back()}>Cancel</Button>
          </div>
        </CardContent>
      </Card>
    </>
  );
}
