"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Loader2Icon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { AsyncSelect } from "@/components/fields/async-select";
import { DateInput, formatIsoDate } from "@/components/fields/date-input";
import { MoneyInput } from "@/components/fields/money-input";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ApiError } from "@/lib/api/errors";
import { cashAccountsQuery, deductionAccountsQuery, openDocumentsQuery, partnerSearch, paymentCreate, type Partner } from "@/lib/api/invoicing";
import { parseDecimal, formatDecimal } from "@/lib/decimal";
import { today } from "@/lib/dates";
import { BASE_CURRENCY, CURRENCIES, currencyOf, formatCurrency, formatRate } from "@/lib/currency";
import { ExchangeGain, exchangePreview, useRupeesAndRate } from "../../_components/exchange";
import { MODES } from "../../_components/payment-dialog";
import { DeductionsEditor, deductionsPayload, deductionsTotal, SUGGESTED_ROLE, tdsBaseDefault, type DeductionRow } from "./payment-deductions";

/** A receipt or payment allocated to one or many open documents; the rest is an advance. The
 *  party may have kept part back (TDS, a discount, bank charges): those deductions settle the
 *  documents along with the money. */
export function PaymentForm() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<"receipt" | "payment">("receipt");
  const [partner, setPartner] = useState<Partner | null>(null);
  const [date, setDate] = useState(today());
  const [amount, setAmount] = useState("");
  const [account, setAccount] = useState("");
  const [mode, setMode] = useState("bank_transfer");
  const [reference, setReference] = useState("");
  const [currency, setCurrency] = useState(BASE_CURRENCY);
  const [allocations, setAllocations] = useState<Record<number, string>>({});
  const { rate, setRate, rupees, setRupees, amountBase } = useRupeesAndRate(amount, "1");
  const [deductions, setDeductions] = useState<DeductionRow[]>([]);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState("");
  const [saving, setSaving] = useState(false);
  const accounts = useQuery(cashAccountsQuery());
  const deductionAccounts = useQuery(deductionAccountsQuery());
  const suggested = deductionAccounts.data?.find((a) => a.role === SUGGESTED_ROLE[kind]) ?? null;
  const open = useQuery(openDocumentsQuery(partner?.id ?? null, kind));
  // Cash goes to the cash account, anything else to the (first) bank account, unless picked.
  const fallback = accounts.data?.find((a) => a.role === (mode === "cash" ? "cash" : "bank")) ?? accounts.data?.[0];
  const chosen = account || String(fallback?.id ?? "");
  const foreign = currency !== BASE_CURRENCY;
  // money settles documents of its own currency; a different rate realises an exchange difference
  const docs = (open.data ?? []).filter((d) => d.currency === currency);
  const elsewhere = (open.data ?? []).filter((d) => d.currency !== currency);
  const allocated = Object.entries(allocations)
    .filter(([id]) => docs.some((d) => String(d.id) === id))
    .map(([, v]) => v).reduce((sum, v) => sum + (parseDecimal(v, 2) ?? 0n), 0n);
  // what the payment settles: the money and what the party kept back
  const money = parseDecimal(amount, 2) ?? 0n;
  const deducted = deductionsTotal(deductions);
  const settled = money + deducted;
  const advance = settled - allocated;
  const symbol = currencyOf(currency || BASE_CURRENCY).symbol;
  // the TDS base the server defaults to (ADR 0060); in rupees only: another currency converts
  // at rates the form does not hold exactly
  const defaultBase = foreign
    ? null
    : tdsBaseDefault(
        settled,
        docs.flatMap((d) => {
          const value = parseDecimal(allocations[d.id] ?? "", 2) ?? 0n;
          return value > 0n ? [{ amount: value, taxableTotal: d.taxable_total, total: d.total }] : [];
        }),
      );
  // the documents in the order save() sends them (the server names errors by that position)
  const sent = Object.entries(allocations)
    .filter(([id, v]) => docs.some((d) => String(d.id) === id) && (parseDecimal(v, 2) ?? 0n) > 0n)
    .map(([id]) => Number(id));

  function chooseCurrency(next: string) {
    setCurrency(next);
    if (next === BASE_CURRENCY) setRate("1");
    else if (currency === BASE_CURRENCY) setRate("");
  }

  // an allocation is capped by the document's open amount and by what the other allocations
  // leave of the settled amount (applied when the field is left)
  function capAllocation(id: number, open: string) {
    const value = parseDecimal(allocations[id] ?? "", 2);
    if (value === null) return;
    const others = Object.entries(allocations)
      .filter(([k]) => k !== String(id) && docs.some((d) => String(d.id) === k))
      .reduce((sum, [, v]) => sum + (parseDecimal(v, 2) ?? 0n), 0n);
    const due = parseDecimal(open, 2) ?? 0n;
    let room = settled - others;
    if (room < 0n) room = 0n;
    const cap = due < room ? due : room;
    if (value > cap) setAllocations({ ...allocations, [id]: cap > 0n ? formatDecimal(cap, 2) : "" });
  }

  function autoAllocate() {
    let left = settled;
    const next: Record<number, string> = {};
    for (const d of docs) {
      const due = parseDecimal(d.amount_open, 2) ?? 0n;
      const take = left < due ? left : due;
      if (take > 0n) next[d.id] = formatDecimal(take, 2);
      left -= take;
    }
    setAllocations(next);
  }

  async function save() {
    setErrors({});
    setFormError("");
    if (!partner) return setErrors({ partner: ["Choose a party."] });
    setSaving(true);
    try {
      const payment = await paymentCreate({
        kind,
        partner: partner.id,
        date,
        account: Number(chosen),
        amount,
        mode,
        reference,
        currency,
        exchange_rate: foreign ? rate : "1",
        ...(foreign && amountBase ? { amount_base: amountBase } : {}),
        // every row is sent, in order: the server names errors by position
        deductions: deductionsPayload(deductions),
        allocations: Object.entries(allocations)
          .filter(([id, v]) => docs.some((d) => String(d.id) === id) && (parseDecimal(v, 2) ?? 0n) > 0n)
          .map(([id, v]) => ({ document: Number(id), amount: v })),
      });
      await queryClient.invalidateQueries();
      toast.success(`${payment.number} recorded`);
      router.push(`/finance/payments/${payment.id}`);
    } catch (e) {
      if (e instanceof ApiError) {
        setErrors(e.fields);
        setFormError(e.message);
      } else setFormError("Could not record the payment.");
    } finally {
      setSaving(false);
    }
  }
  const err = (n: string) => errors[n]?.join(" ");
  return (
    <>
      <PageHeader title="Record payment" description="Allocate to one or more open documents; an unallocated remainder is held as an advance on the party." />
      <Card>
        <CardContent className="grid gap-5 pt-6">
          {formError && <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">{formError}</p>}
          <div className="grid gap-5 sm:grid-cols-2 lg:grid-cols-3">
            <FormField id="p-kind" label="Type">
              <NativeSelect id="p-kind" value={kind} onChange={(e) => { setKind(e.target.value as "receipt" | "payment"); setPartner(null); setAllocations({}); setDeductions([]); }}>
                <option value="receipt">Receipt from a customer</option>
                <option value="payment">Payment to a vendor</option>
              </NativeSelect>
            </FormField>
            <FormField id="p-partner" label={kind === "receipt" ? "Customer" : "Vendor"} error={err("partner")}>
              <AsyncSelect<Partner>
                id="p-partner"
                value={partner}
                onChange={(p) => { setPartner(p); setAllocations({}); if (p?.currency) chooseCurrency(p.currency); }}
                fetcher={(term, signal) => partnerSearch(term, kind === "receipt" ? "customer" : "vendor", signal)}
                getKey={(p) => p.id}
                getLabel={(p) => p.name}
                getDescription={(p) => [p.code, p.gstin].filter(Boolean).join(" · ")}
                queryKey={`partners-${kind}`}
              />
            </FormField>
            <FormField id="p-date" label="Date" error={err("date")}><DateInput id="p-date" value={date} onChange={setDate} /></FormField>
            <FormField id="p-currency" label="Currency" error={err("currency")}>
              <NativeSelect id="p-currency" value={currency} onChange={(e) => { chooseCurrency(e.target.value); setAllocations({}); }}>
                {CURRENCIES.map((c) => <option key={c.code}>{c.code}</option>)}
              </NativeSelect>
            </FormField>
            <FormField id="p-amount" label={foreign ? `Amount (${currency})` : "Amount"} hint={`What was ${kind === "receipt" ? "received" : "paid"}, net of deductions`} error={err("amount")}><MoneyInput id="p-amount" symbol={symbol} value={amount} onChange={setAmount} /></FormField>
            {foreign && (
              <FormField id="p-rate" label={`Rate (₹ per ${currency}) on the payment date`} error={err("exchange_rate")}>
                <Input id="p-rate" inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} />
              </FormField>
            )}
            {foreign && (
              <FormField id="p-rupees" label={kind === "receipt" ? "₹ credited by the bank" : "₹ debited by the bank"} hint="As on the bank's advice (FIRC); the rate follows from it" error={err("amount_base")}>
                <MoneyInput id="p-rupees" value={rupees} onChange={setRupees} />
              </FormField>
            )}
            <FormField id="p-account" label="Bank or cash account" error={err("account")}>
              <NativeSelect id="p-account" value={chosen} onChange={(e) => setAccount(e.target.value)}>
                {accounts.data?.map((a) => <option key={a.id} value={a.id}>{a.code} · {a.name}</option>)}
              </NativeSelect>
            </FormField>
            <FormField id="p-mode" label="Mode">
              <NativeSelect id="p-mode" value={mode} onChange={(e) => setMode(e.target.value)}>
                {MODES.map((m) => <option key={m.value} value={m.value}>{m.label}</option>)}
              </NativeSelect>
            </FormField>
            <FormField id="p-ref" label="Reference (UTR, cheque no.)"><Input id="p-ref" value={reference} onChange={(e) => setReference(e.target.value)} /></FormField>
          </div>
          <Card>
            <CardHeader>
              <CardTitle>Deductions</CardTitle>
              <CardDescription>
                {kind === "receipt"
                  ? "What the customer kept back instead of paying: TDS deducted under 194C/194J/194Q, a discount, bank charges."
                  : "What we keep back from the vendor: TDS to deposit with the government, a discount, bank charges."}{" "}
                The payment settles the amount plus the deductions.
              </CardDescription>
            </CardHeader>
            <CardContent className="grid gap-3">
              <DeductionsEditor kind={kind} rows={deductions} onChange={setDeductions} suggested={suggested} moneyAccount={chosen ? Number(chosen) : null} symbol={symbol} errors={errors} defaultBase={defaultBase} />
              <p className="text-sm font-medium" data-testid="settles">
                Settles: {formatCurrency(formatDecimal(settled, 2), currency)}{" "}
                <span className="font-normal text-muted-foreground">
                  ({kind === "receipt" ? "received" : "paid"} {formatCurrency(formatDecimal(money, 2), currency)} + deductions {formatCurrency(formatDecimal(deducted, 2), currency)})
                </span>
              </p>
            </CardContent>
          </Card>
          {partner && (
            <Card>
              <CardHeader className="flex flex-row items-center justify-between">
                <CardTitle>Allocate to open {kind === "receipt" ? "invoices" : "bills"}</CardTitle>
                <Button variant="outline" size="sm" onClick={autoAllocate}>Oldest first</Button>
              </CardHeader>
              <CardContent>
                {docs.length ? (
                  <Table aria-label="Open documents">
                    <TableHeader>
                      <TableRow>
                        <TableHead>Number</TableHead><TableHead>Date</TableHead>
                        {foreign && <TableHead className="text-right">Booked at</TableHead>}
                        <TableHead className="text-right">Open</TableHead><TableHead className="w-44 text-right">Allocate</TableHead>
                        {foreign && <TableHead className="text-right">Exchange gain/loss</TableHead>}
                      </TableRow>
                    </TableHeader>
                    <TableBody>
                      {docs.map((d) => {
                        // errors come back by position among the allocations sent
                        const i = sent.indexOf(d.id);
                        return (
                          <TableRow key={d.id}>
                            <TableCell>{d.number}</TableCell>
                            <TableCell>{formatIsoDate(d.date)}</TableCell>
                            {foreign && <TableCell className="text-right tabular-nums">₹{formatRate(d.exchange_rate)}</TableCell>}
                            <TableCell className="text-right tabular-nums">{formatCurrency(d.amount_open, d.currency)}</TableCell>
                            <TableCell>
                              <MoneyInput aria-label={`Allocate to ${d.number}`} symbol={symbol} value={allocations[d.id] ?? ""} onChange={(v) => setAllocations({ ...allocations, [d.id]: v })} onBlur={() => capAllocation(d.id, d.amount_open)} />
                              {i >= 0 && errors[`allocations.${i}.document`] && <p className="text-xs text-destructive">{errors[`allocations.${i}.document`]?.join(" ")}</p>}
                            </TableCell>
                            {foreign && (
                              <TableCell className="text-right" data-testid={`preview-${d.number}`}>
                                <ExchangeGain value={exchangePreview(allocations[d.id] ?? "", rate, d.exchange_rate ?? "1", kind === "receipt")} />
                              </TableCell>
                            )}
                          </TableRow>
                        );
                      })}
                    </TableBody>
                  </Table>
                ) : (
                  <p className="text-sm text-muted-foreground">Nothing open in {currency}: the whole amount is held as an advance.</p>
                )}
                {elsewhere.length > 0 && (
                  <p className="mt-2 text-xs text-muted-foreground" data-testid="other-currencies">
                    {elsewhere.length} open {elsewhere.length === 1 ? "document is" : "documents are"} in {[...new Set(elsewhere.map((d) => d.currency))].join(", ")}: choose that currency to allocate to {elsewhere.length === 1 ? "it" : "them"}.
                  </p>
                )}
                {foreign && <p className="mt-2 text-xs text-muted-foreground">Each allocation clears the document at the rate it was booked at; the difference from this payment&apos;s rate is posted as a realised exchange gain or loss.</p>}
                <p className="mt-3 text-sm" data-testid="advance">
                  Allocated {formatCurrency(formatDecimal(allocated, 2), currency)} of {formatCurrency(formatDecimal(settled, 2), currency)} · advance {formatCurrency(formatDecimal(advance < 0n ? 0n : advance, 2), currency)}
                </p>
                {advance < 0n && <p role="alert" className="mt-1 text-sm text-destructive">Allocations exceed the settled amount by {formatCurrency(formatDecimal(-advance, 2), currency)}.</p>}
              </CardContent>
            </Card>
          )}
          <div className="flex gap-2">
            <Button onClick={save} disabled={saving || !chosen || !amount || (foreign && !rate) || advance < 0n}>{saving && <Loader2Icon className="animate-spin" />} Save</Button>
            <Button variant="outline" onClick={() => router.back()}>Cancel</Button>
          </div>
        </CardContent>
      </Card>
    </>
  );
}
