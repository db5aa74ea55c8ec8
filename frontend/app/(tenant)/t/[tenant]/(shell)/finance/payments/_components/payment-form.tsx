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
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ApiError } from "@/lib/api/errors";
import { cashAccountsQuery, openDocumentsQuery, partnerSearch, paymentCreate, type Partner } from "@/lib/api/invoicing";
import { formatMoney, parseDecimal, formatDecimal } from "@/lib/decimal";
import { today } from "../../_components/families";
import { MODES } from "../../_components/payment-dialog";

/** A receipt or payment allocated to one or many open documents; the rest is an advance. */
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
  const [allocations, setAllocations] = useState<Record<number, string>>({});
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState("");
  const [saving, setSaving] = useState(false);
  const accounts = useQuery(cashAccountsQuery());
  const open = useQuery(openDocumentsQuery(partner?.id ?? null, kind));
  // Cash goes to the cash account, anything else to the (first) bank account, unless picked.
  const fallback = accounts.data?.find((a) => a.role === (mode === "cash" ? "cash" : "bank")) ?? accounts.data?.[0];
  const chosen = account || String(fallback?.id ?? "");
  const allocated = Object.values(allocations).reduce((sum, v) => sum + (parseDecimal(v, 2) ?? 0n), 0n);
  const advance = (parseDecimal(amount, 2) ?? 0n) - allocated;

  function autoAllocate() {
    let left = parseDecimal(amount, 2) ?? 0n;
    const next: Record<number, string> = {};
    for (const d of open.data ?? []) {
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
        allocations: Object.entries(allocations)
          .filter(([, v]) => (parseDecimal(v, 2) ?? 0n) > 0n)
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
              <NativeSelect id="p-kind" value={kind} onChange={(e) => { setKind(e.target.value as "receipt" | "payment"); setPartner(null); setAllocations({}); }}>
                <option value="receipt">Receipt from a customer</option>
                <option value="payment">Payment to a vendor</option>
              </NativeSelect>
            </FormField>
            <FormField id="p-partner" label={kind === "receipt" ? "Customer" : "Vendor"} error={err("partner")}>
              <AsyncSelect<Partner>
                id="p-partner"
                value={partner}
                onChange={(p) => { setPartner(p); setAllocations({}); }}
                fetcher={(term, signal) => partnerSearch(term, kind === "receipt" ? "customer" : "vendor", signal)}
                getKey={(p) => p.id}
                getLabel={(p) => p.name}
                getDescription={(p) => [p.code, p.gstin].filter(Boolean).join(" · ")}
                queryKey={`partners-${kind}`}
              />
            </FormField>
            <FormField id="p-date" label="Date" error={err("date")}><DateInput id="p-date" value={date} onChange={setDate} /></FormField>
            <FormField id="p-amount" label="Amount" error={err("amount")}><MoneyInput id="p-amount" value={amount} onChange={setAmount} /></FormField>
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
          {partner && (
            <Card>
              <CardHeader className="flex flex-row items-center justify-between">
                <CardTitle>Allocate to open {kind === "receipt" ? "invoices" : "bills"}</CardTitle>
                <Button variant="outline" size="sm" onClick={autoAllocate}>Oldest first</Button>
              </CardHeader>
              <CardContent>
                {open.data?.length ? (
                  <Table aria-label="Open documents">
                    <TableHeader>
                      <TableRow><TableHead>Number</TableHead><TableHead>Date</TableHead><TableHead className="text-right">Open</TableHead><TableHead className="w-44 text-right">Allocate</TableHead></TableRow>
                    </TableHeader>
                    <TableBody>
                      {open.data.map((d, i) => (
                        <TableRow key={d.id}>
                          <TableCell>{d.number}</TableCell>
                          <TableCell>{formatIsoDate(d.date)}</TableCell>
                          <TableCell className="text-right tabular-nums">{formatMoney(d.amount_open)}</TableCell>
                          <TableCell>
                            <MoneyInput aria-label={`Allocate to ${d.number}`} value={allocations[d.id] ?? ""} onChange={(v) => setAllocations({ ...allocations, [d.id]: v })} />
                            {errors[`allocations.${i}.document`] && <p className="text-xs text-destructive">{errors[`allocations.${i}.document`]?.join(" ")}</p>}
                          </TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                ) : (
                  <p className="text-sm text-muted-foreground">Nothing open: the whole amount is held as an advance.</p>
                )}
                <p className="mt-3 text-sm" data-testid="advance">
                  Allocated {formatMoney(formatDecimal(allocated, 2))} · advance {formatMoney(formatDecimal(advance, 2))}
                </p>
              </CardContent>
            </Card>
          )}
          <div className="flex gap-2">
            <Button onClick={save} disabled={saving || !chosen || !amount}>{saving && <Loader2Icon className="animate-spin" />} Save</Button>
            <Button variant="outline" onClick={() => router.back()}>Cancel</Button>
          </div>
        </CardContent>
      </Card>
    </>
  );
}
