"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Loader2Icon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
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
import { type TdsPendingDeduction, tdsChallanAccountsQuery, tdsChallanCreate, tdsPendingQuery } from "@/lib/api/invoicing";
import { formatDecimal, formatMoney, parseDecimal } from "@/lib/decimal";
import { today } from "@/lib/dates";
import { DEFAULT_SECTION, TDS_SECTIONS } from "../../payments/_components/payment-deductions";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The interest (section 201(1A)) on the ticked deductions as the server computed each one for
 *  the deposit date — 1.5% a month for a late deposit (ii), 1% a month for a late deduction (i):
 *  deducted at payment after the bill was credited (ADR 0057) — summed and rounded to the rupee
 *  (half up), and how: "2 months × 1.5% on ₹3,612.00 + 1 month × 1% on ₹200.00 = ₹110". */
export function suggestInterest(rows: TdsPendingDeduction[]): { total: bigint; text: string } {
  const groups = new Map<string, { months: number; rate: string; tds: bigint; interest: bigint }>();
  const add = (months: number, rate: string, amount: string, interest: string) => {
    if (months <= 0) return;
    const key = `${rate}-${months}`;
    const group = groups.get(key) ?? { months, rate, tds: 0n, interest: 0n };
    group.tds += parseDecimal(amount, 2) ?? 0n;
    group.interest += parseDecimal(interest, 2) ?? 0n;
    groups.set(key, group);
  };
  for (const d of rows) {
    add(d.interest_months, "1.5%", d.amount, d.interest);
    add(d.late_deduction_months, "1%", d.amount, d.late_deduction_interest);
  }
  const paisa = [...groups.values()].reduce((sum, g) => sum + g.interest, 0n);
  const total = ((paisa + 50n) / 100n) * 100n;
  const parts = [...groups.values()]
    .sort((a, b) => (a.rate === b.rate ? b.months - a.months : a.rate === "1.5%" ? -1 : 1))
    .map((g) => `${g.months} ${g.months === 1 ? "month" : "months"} × ${g.rate} on ${formatMoney(formatDecimal(g.tds, 2))}`);
  const text = parts.length ? `${parts.join(" + ")} = ${formatMoney(formatDecimal(total, 2), { decimals: 0 })}` : "";
  return { total, text };
}

/** A new challan: the section, the pending deductions it deposits (ticked), the bank's receipt
 *  (BSR code, challan serial, date), the account paid from, interest and late fee with their
 *  expense ledgers. Posting writes one entry: Dr TDS payable, Dr interest / fee, Cr bank. */
export function ChallanForm() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [section, setSection] = useState<string>(DEFAULT_SECTION);
  const [ticked, setTicked] = useState<number[]>([]);
  const [date, setDate] = useState(today());
  const [bsr, setBsr] = useState("");
  const [serial, setSerial] = useState("");
  const [account, setAccount] = useState("");
  // null: the interest follows the suggestion (section 201(1A)); typed, it is the user's
  const [typedInterest, setInterest] = useState<string | null>(null);
  const [interestAccount, setInterestAccount] = useState("");
  const [fee, setFee] = useState("");
  const [feeAccount, setFeeAccount] = useState("");
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState("");
  const [saving, setSaving] = useState(false);
  const pending = useQuery(tdsPendingQuery(section, ISO_DATE.test(date) ? date : today()));
  const accounts = useQuery(tdsChallanAccountsQuery());
  const chosen = account || String(accounts.data?.paid_from[0]?.id ?? "");
  const rows = pending.data ?? [];
  const tds = rows.filter((d) => ticked.includes(d.id)).reduce((sum, d) => sum + (parseDecimal(d.amount, 2) ?? 0n), 0n);
  const suggestion = suggestInterest(rows.filter((d) => ticked.includes(d.id)));
  const interest = typedInterest ?? (suggestion.total > 0n ? formatDecimal(suggestion.total, 2) : "");
  const extra = (parseDecimal(interest, 2) ?? 0n) + (parseDecimal(fee, 2) ?? 0n);
  const allTicked = rows.length > 0 && rows.every((d) => ticked.includes(d.id));

  function toggle(id: number) {
    setTicked(ticked.includes(id) ? ticked.filter((t) => t !== id) : [...ticked, id]);
  }

  async function save() {
    setErrors({});
    setFormError("");
    setSaving(true);
    // sent in the table's order: the server names errors by position
    const sent = rows.filter((d) => ticked.includes(d.id)).map((d) => d.id);
    try {
      const challan = await tdsChallanCreate({
        section,
        date,
        bsr_code: bsr,
        serial_number: serial,
        account: Number(chosen),
        deductions: sent,
        interest: interest || "0",
        interest_account: interestAccount ? Number(interestAccount) : null,
        late_fee: fee || "0",
        late_fee_account: feeAccount ? Number(feeAccount) : null,
      });
      await queryClient.invalidateQueries();
      toast.success(`${challan.number} posted`);
      router.push(`/finance/tds-challans/${challan.id}`);
    } catch (e) {
      if (e instanceof ApiError) {
        setErrors(e.fields);
        setFormError(e.message);
      } else setFormError("Could not post the challan.");
    } finally {
      setSaving(false);
    }
  }
  const err = (n: string) => errors[n]?.join(" ");
  const sentIds = rows.filter((d) => ticked.includes(d.id)).map((d) => d.id);
  return (
    <>
      <PageHeader title="New TDS challan" description="Deposit the TDS deducted from vendors under one section (challan ITNS 281), as the bank's receipt shows it." />
      <Card>
        <CardContent className="grid gap-5 pt-6">
          {formError && <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">{formError}</p>}
          <div className="grid gap-5 sm:grid-cols-2 lg:grid-cols-3">
            <FormField id="c-section" label="Section" error={err("section")}>
              <NativeSelect id="c-section" value={section} onChange={(e) => { setSection(e.target.value); setTicked([]); }}>
                {TDS_SECTIONS.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
              </NativeSelect>
            </FormField>
            <FormField id="c-date" label="Date of deposit" error={err("date")}><DateInput id="c-date" value={date} onChange={setDate} /></FormField>
            <FormField id="c-account" label="Paid from" error={err("account")}>
              <NativeSelect id="c-account" value={chosen} onChange={(e) => setAccount(e.target.value)}>
                {accounts.data?.paid_from.map((a) => <option key={a.id} value={a.id}>{a.code} · {a.name}</option>)}
              </NativeSelect>
            </FormField>
            <FormField id="c-bsr" label="BSR code" hint="7 digits, from the bank's receipt" error={err("bsr_code")}>
              <Input id="c-bsr" inputMode="numeric" maxLength={7} value={bsr} onChange={(e) => setBsr(e.target.value.trim())} />
            </FormField>
            <FormField id="c-serial" label="Challan serial number" hint="5 digits" error={err("serial_number")}>
              <Input id="c-serial" inputMode="numeric" maxLength={5} value={serial} onChange={(e) => setSerial(e.target.value.trim())} />
            </FormField>
          </div>
          <Card>
            <CardHeader>
              <CardTitle>Deductions to deposit</CardTitle>
              <CardDescription>TDS under {section} deducted from vendors and not yet deposited.</CardDescription>
            </CardHeader>
            <CardContent className="grid gap-3">
              {err("deductions") && <p role="alert" className="text-sm text-destructive">{err("deductions")}</p>}
              {pending.isPending ? (
                <p className="text-sm text-muted-foreground">Loading…</p>
              ) : rows.length === 0 ? (
                <p className="text-sm text-muted-foreground" data-testid="no-pending">Nothing pending under {section}.</p>
              ) : (
                <div className="overflow-x-auto">
                  <Table aria-label="Pending deductions">
                    <TableHeader>
                      <TableRow>
                        <TableHead className="w-10"><input type="checkbox" aria-label="Tick all" checked={allTicked} onChange={() => setTicked(allTicked ? [] : rows.map((d) => d.id))} /></TableHead>
                        <TableHead>Vendor</TableHead><TableHead>Payment</TableHead><TableHead>Date</TableHead><TableHead>Due by</TableHead><TableHead className="text-right">TDS</TableHead>
                      </TableRow>
                    </TableHeader>
                    <TableBody>
                      {rows.map((d) => {
                        const i = sentIds.indexOf(d.id);
                        const late = d.due_date < date;
                        return (
                          <TableRow key={d.id} data-testid="pending-row">
                            <TableCell><input type="checkbox" aria-label={`Deposit ${d.payment_number}`} checked={ticked.includes(d.id)} onChange={() => toggle(d.id)} /></TableCell>
                            <TableCell>{d.partner.name}{!d.partner.pan && <span className="ml-1 text-xs text-destructive">(no PAN)</span>}</TableCell>
                            <TableCell>{d.payment_number}{i >= 0 && errors[`deductions.${i}`] && <p className="text-xs text-destructive">{errors[`deductions.${i}`]?.join(" ")}</p>}</TableCell>
                            <TableCell>{formatIsoDate(d.payment_date)}</TableCell>
                            <TableCell className={late ? "text-destructive" : ""}>{formatIsoDate(d.due_date)}{late && ` (late: ${d.interest_months} ${d.interest_months === 1 ? "month" : "months"} of interest)`}{d.late_deduction_months > 0 && <span className="block text-xs text-destructive" data-testid="late-deduction">deducted late: deductible {formatIsoDate(d.deductible_date)}, {d.late_deduction_months} {d.late_deduction_months === 1 ? "month" : "months"} at 1%</span>}</TableCell>
                            <TableCell className="text-right tabular-nums">{formatMoney(d.amount)}</TableCell>
                          </TableRow>
                        );
                      })}
                    </TableBody>
                  </Table>
                </div>
              )}
              <p className="text-sm font-medium" data-testid="challan-tds">TDS deposited: {formatMoney(formatDecimal(tds, 2))} ({ticked.length} {ticked.length === 1 ? "deduction" : "deductions"})</p>
            </CardContent>
          </Card>
          <div className="grid gap-5 sm:grid-cols-2">
            <FormField id="c-interest" label="Interest" hint="For a late deposit (1.5% a month) and a late deduction (1% a month), section 201(1A)" error={err("interest")}>
              <MoneyInput id="c-interest" value={interest} onChange={setInterest} />
              {suggestion.text && (
                <p className="text-xs text-muted-foreground" data-testid="interest-suggestion">
                  Suggested: {suggestion.text}
                  {typedInterest !== null && parseDecimal(typedInterest, 2) !== suggestion.total && (
                    <Button type="button" variant="link" size="sm" className="h-auto px-1 py-0 text-xs" onClick={() => setInterest(null)}>Use it</Button>
                  )}
                </p>
              )}
            </FormField>
            <FormField id="c-interest-account" label="Interest posted to" error={err("interest_account")}>
              <NativeSelect id="c-interest-account" value={interestAccount} onChange={(e) => setInterestAccount(e.target.value)}>
                <option value="">Choose an expense ledger</option>
                {accounts.data?.expense.map((a) => <option key={a.id} value={a.id}>{a.code} · {a.name}</option>)}
              </NativeSelect>
            </FormField>
            <FormField id="c-fee" label="Late fee" hint="Section 234E" error={err("late_fee")}><MoneyInput id="c-fee" value={fee} onChange={setFee} /></FormField>
            <FormField id="c-fee-account" label="Late fee posted to" error={err("late_fee_account")}>
              <NativeSelect id="c-fee-account" value={feeAccount} onChange={(e) => setFeeAccount(e.target.value)}>
                <option value="">Choose an expense ledger</option>
                {accounts.data?.expense.map((a) => <option key={a.id} value={a.id}>{a.code} · {a.name}</option>)}
              </NativeSelect>
            </FormField>
          </div>
          <p className="text-sm" data-testid="challan-total">
            Paid from the bank: <span className="font-medium">{formatMoney(formatDecimal(tds + extra, 2))}</span>
            <span className="text-muted-foreground"> (TDS {formatMoney(formatDecimal(tds, 2))} + interest and fee {formatMoney(formatDecimal(extra, 2))})</span>
          </p>
          <div className="flex gap-2">
            <Button onClick={save} disabled={saving || !chosen || ticked.length === 0}>{saving && <Loader2Icon className="animate-spin" />} Post</Button>
            <Button variant="outline" onClick={() => router.back()}>Cancel</Button>
          </div>
        </CardContent>
      </Card>
    </>
  );
}
