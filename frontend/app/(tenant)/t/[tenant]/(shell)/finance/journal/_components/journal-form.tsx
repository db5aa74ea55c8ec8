"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { PlusIcon, Trash2Icon } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { z } from "zod";
import { AsyncSelect } from "@/components/fields/async-select";
import { DateInput } from "@/components/fields/date-input";
import { MoneyInput } from "@/components/fields/money-input";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { companyQuery } from "@/lib/api/admin";
import { ApiError } from "@/lib/api/errors";
import { accountListQuery, costCentreListQuery, journalEntryCreate, journalEntryPost, journalEntryUpdate, type JournalEntryBody, type JournalEntryDetail } from "@/lib/api/finance";
import { today } from "@/lib/dates";
import { partnerSearch } from "@/lib/api/invoicing";
import { baseAmounts, CURRENCIES, currencyOf, formatCurrency, formatRate, RATE_PATTERN, RATE_SCALE } from "@/lib/currency";
import { formatDecimal, parseDecimal, rescale } from "@/lib/decimal";
import { costCentreOptions } from "../../_components/line-choices";

/** A line's party (optional): what the picker shows and what the detail API sends back. */
type PartnerRef = { id: number; name: string; code?: string };
type Line = { key: number; account: string; partner: PartnerRef | null; costCentre: string; debit: string; credit: string; description: string };

const entrySchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Pick a date"),
  narration: z.string().max(500),
  exchange_rate: z
    .string()
    .regex(RATE_PATTERN, "A rate such as 83.4567 (up to 6 decimals)")
    .refine((v) => (parseDecimal(v, RATE_SCALE) ?? 0n) > 0n, "The rate is above zero"),
  lines: z
    .array(
      z
        .object({ account: z.string().min(1, "Pick an account"), debit: z.string(), credit: z.string(), description: z.string().max(500) })
        .refine((l) => (Number(l.debit || 0) > 0) !== (Number(l.credit || 0) > 0), "Enter a debit or a credit"),
    )
    .min(2, "An entry has at least two lines"),
});

const blank = (key: number): Line => ({ key, account: "", partner: null, costCentre: "", debit: "", credit: "", description: "" });

/** Sum of scaled amounts. */
const sum = (values: bigint[]) => values.reduce((s, v) => s + v, 0n);

/** An amount the API sends at 4 places ("1237.4500") as the form holds it: at the currency's
 *  places when that loses nothing ("1237.45"), else as sent; "" for zero. */
function formAmount(value: bigint, decimals: number): string {
  if (value === 0n) return "";
  const short = rescale(value, 4, decimals);
  return rescale(short, decimals, 4) === value ? formatDecimal(short, decimals) : formatDecimal(value, 4);
}

/** A draft's lines as the form edits them, in the entry's currency (amount_currency: signed,
 *  debit positive; in the base currency it equals debit - credit). */
function linesOf(entry: JournalEntryDetail): Line[] {
  const decimals = currencyOf(entry.currency ?? "INR").decimals;
  return entry.lines.map((l, index) => {
    const amount = parseDecimal(l.amount_currency, 4) ?? 0n;
    return {
      key: index + 1,
      account: String(l.account),
      partner: l.partner ? { id: l.partner, name: l.partner_name ?? `#${l.partner}` } : null,
      costCentre: l.cost_centre ? String(l.cost_centre) : "",
      debit: amount > 0n ? formAmount(amount, decimals) : "",
      credit: amount < 0n ? formAmount(-amount, decimals) : "",
      description: l.description ?? "",
    };
  });
}

/** The journal entry form: a new entry, or with `entry` a draft prefilled to edit (saved with
 *  PATCH, which replaces its lines). Either way "Save and post" posts it after saving. */
export function JournalForm({ entry }: { entry?: JournalEntryDetail }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const canPost = useCan("finance.journal.approve");
  const { data: accounts } = useQuery(accountListQuery());
  const company = useQuery(companyQuery());
  const base = company.data?.base_currency ?? "INR";
  const ledgers = useMemo(() => (accounts ?? []).filter((a) => !a.is_group && a.is_active), [accounts]);
  const centres = useQuery(costCentreListQuery());
  const [date, setDate] = useState(entry?.date ?? today());
  const [narration, setNarration] = useState(entry?.narration ?? "");
  const [currencyChoice, setCurrency] = useState<string | null>(entry?.currency ?? null);
  const currency = currencyChoice ?? base;
  const [rateInput, setRate] = useState(entry?.exchange_rate && formatRate(entry.exchange_rate) !== "1" ? formatRate(entry.exchange_rate) : "");
  const [lines, setLines] = useState<Line[]>(() => (entry && entry.lines.length ? linesOf(entry) : [blank(1), blank(2)]));
  const nextKey = useRef(lines.length + 1);
  // The draft being edited; a new entry gets one once saved, so saving again (after a refused
  // post, say) changes that draft instead of creating a second one.
  const [savedId, setSavedId] = useState<number | null>(entry?.id ?? null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState("");
  const [busy, setBusy] = useState(false);

  const foreign = currency !== base;
  const rate = foreign ? rateInput : "1";
  const doc = currencyOf(currency);
  const baseCurrency = currencyOf(base);
  const amounts = lines.map((l) => ({ debit: parseDecimal(l.debit || "0", doc.decimals) ?? 0n, credit: parseDecimal(l.credit || "0", doc.decimals) ?? 0n }));
  const debit = sum(amounts.map((a) => a.debit));
  const credit = sum(amounts.map((a) => a.credit));
  const difference = debit - credit;
  const balanced = difference === 0n && debit > 0n;
  const rateValue = RATE_PATTERN.test(rate) ? (parseDecimal(rate, RATE_SCALE) ?? 0n) : 0n;
  // What the ledger will hold, in the base currency (the server's rounding, previewed exactly).
  const inBase = foreign && rateValue > 0n ? baseAmounts(amounts, doc.decimals, rateValue, baseCurrency.decimals) : null;
  const money = (value: bigint, c = doc) => formatCurrency(formatDecimal(value, c.decimals), c.code);
  // a line may carry a cost centre (ADR 0069): offered under an income or expense account once
  // the company has some (the reports read it there), and kept wherever a line has one
  const centreOptions = costCentreOptions(centres.data ?? [], new Set(lines.map((l) => l.costCentre)));
  const profitAndLoss = useMemo(() => new Set(ledgers.filter((a) => a.type === "income" || a.type === "expense").map((a) => String(a.id))), [ledgers]);

  function change(key: number, patch: Partial<Line>) {
    setLines((current) => current.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  }

  /** The error under a line's field; `lines.0` (the line as a whole) shows under its account. */
  const lineError = (index: number, field: string) => errors[`lines.${index}.${field}`] || (field === "account" ? errors[`lines.${index}`] : undefined);

  async function save(post: boolean) {
    setFormError("");
    const parsed = entrySchema.safeParse({ date, narration, exchange_rate: rate, lines });
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const issue of parsed.error.issues) next[issue.path.join(".")] = issue.message;
      setErrors(next);
      return;
    }
    setErrors({});
    setBusy(true);
    const body: JournalEntryBody = {
      date,
      narration,
      currency,
      exchange_rate: rate,
      lines: lines.map((l) => ({ account: Number(l.account), partner: l.partner?.id ?? null, cost_centre: l.costCentre ? Number(l.costCentre) : null, debit: l.debit || "0", credit: l.credit || "0", description: l.description })),
    };
    let id = savedId;
    let saved = false;
    try {
      if (id === null) {
        id = (await journalEntryCreate(body)).id;
        setSavedId(id);
      } else await journalEntryUpdate(id, body);
      saved = true;
      if (post) await journalEntryPost(id);
      await queryClient.invalidateQueries({ queryKey: ["finance-journal"] });
      await queryClient.invalidateQueries({ queryKey: ["finance-reports"] });
      toast.success(post ? "Entry posted" : entry ? "Changes saved" : "Draft saved");
      router.push(`/finance/journal/${id}`);
    } catch (error) {
      if (saved) await queryClient.invalidateQueries({ queryKey: ["finance-journal"] });
      if (error instanceof ApiError) {
        const next: Record<string, string> = {};
        for (const [name, messages] of Object.entries(error.fields)) next[name] = messages.join(" ");
        setErrors(next);
        // the API's message ("Invalid input." when it is only about fields, marked beside them)
        setFormError(saved ? `${error.message} The draft is saved but not posted.` : error.message);
      } else setFormError("The entry could not be saved.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeader
        title={entry ? `Edit draft #${entry.id}` : "New journal entry"}
        description={`Amounts in the entry's currency; the ledger keeps them in ${base} at the entry's rate. The entry must balance to be posted.`}
      />
      <Card>
        <CardContent className="space-y-4 pt-6">
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-[11rem_9rem_13rem_1fr]">
            <FormField id="je-date" label="Date" error={errors.date}>
              <DateInput id="je-date" value={date} onChange={setDate} />
            </FormField>
            <FormField id="je-currency" label="Currency" error={errors.currency}>
              <NativeSelect id="je-currency" value={currency} onChange={(e) => setCurrency(e.target.value)}>
                {CURRENCIES.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.code}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
            <FormField
              id="je-rate"
              label={`Exchange rate (${baseCurrency.symbol} per ${currency})`}
              error={errors.exchange_rate}
              hint={foreign ? `${base} for 1 ${currency}, up to 6 decimals` : `${base} is the company's currency: always 1`}
            >
              <Input
                id="je-rate"
                inputMode="decimal"
                className="text-right tabular-nums"
                value={rate}
                disabled={!foreign}
                placeholder="e.g. 83.4567"
                aria-invalid={Boolean(errors.exchange_rate)}
                onChange={(e) => setRate(e.target.value.trim())}
              />
            </FormField>
            <FormField id="je-narration" label="Narration" error={errors.narration} className="sm:col-span-2 lg:col-span-1">
              <Input id="je-narration" value={narration} onChange={(e) => setNarration(e.target.value)} placeholder="What this entry records" />
            </FormField>
          </div>
          <Table aria-label="Lines">
            <TableHeader>
              <TableRow>
                <TableHead className="w-[23%]">Account</TableHead>
                <TableHead className="hidden w-[15%] lg:table-cell">Party</TableHead>
                <TableHead className="w-44 text-right">Debit{foreign ? ` (${currency})` : ""}</TableHead>
                <TableHead className="w-44 text-right">Credit{foreign ? ` (${currency})` : ""}</TableHead>
                <TableHead className="hidden md:table-cell">Description</TableHead>
                <TableHead className="w-10" />
              </TableRow>
            </TableHeader>
            <TableBody>
              {lines.map((line, index) => {
                const converted = inBase?.lines[index];
                return (
                  <TableRow key={line.key} data-testid="je-line" className="align-top">
                    <TableCell>
                      <NativeSelect
                        aria-label={`Line ${index + 1} account`}
                        value={line.account}
                        onChange={(e) => change(line.key, { account: e.target.value })}
                        aria-invalid={Boolean(lineError(index, "account"))}
                      >
                        <option value="">Pick an account…</option>
                        {ledgers.map((a) => (
                          <option key={a.id} value={a.id}>
                            {a.code} {a.name}
                          </option>
                        ))}
                      </NativeSelect>
                      <LineError message={lineError(index, "account")} />
                      {(line.costCentre || (centreOptions.length > 0 && profitAndLoss.has(line.account))) && (
                        <>
                          <NativeSelect
                            className="mt-2"
                            aria-label={`Line ${index + 1} cost centre`}
                            value={line.costCentre}
                            onChange={(e) => change(line.key, { costCentre: e.target.value })}
                            aria-invalid={Boolean(lineError(index, "cost_centre"))}
                          >
                            <option value="">No cost centre</option>
                            {centreOptions.map((o) => (
                              <option key={o.value} value={o.value}>
                                {o.label}
                              </option>
                            ))}
                          </NativeSelect>
                          <LineError message={lineError(index, "cost_centre")} />
                        </>
                      )}
                    </TableCell>
                    <TableCell className="hidden lg:table-cell">
                      <AsyncSelect<PartnerRef>
                        aria-label={`Line ${index + 1} party`}
                        value={line.partner}
                        onChange={(partner) => change(line.key, { partner })}
                        fetcher={(term, signal) => partnerSearch(term, null, signal)}
                        getKey={(p) => p.id}
                        getLabel={(p) => p.name}
                        getDescription={(p) => p.code}
                        queryKey="partners-any"
                        placeholder="None"
                        invalid={Boolean(lineError(index, "partner"))}
                      />
                      <LineError message={lineError(index, "partner")} />
                    </TableCell>
                    <TableCell>
                      <MoneyInput
                        aria-label={`Line ${index + 1} debit`}
                        value={line.debit}
                        decimals={doc.decimals}
                        symbol={doc.symbol}
                        onChange={(v) => change(line.key, { debit: v, credit: v ? "" : line.credit })}
                        aria-invalid={Boolean(lineError(index, "debit"))}
                        className="text-right"
                      />
                      <LineError message={lineError(index, "debit")} />
                      {converted && converted.debit > 0n && <BaseHint value={money(converted.debit, baseCurrency)} adjusted={inBase.adjusted === index} testId="je-line-base-debit" />}
                    </TableCell>
                    <TableCell>
                      <MoneyInput
                        aria-label={`Line ${index + 1} credit`}
                        value={line.credit}
                        decimals={doc.decimals}
                        symbol={doc.symbol}
                        onChange={(v) => change(line.key, { credit: v, debit: v ? "" : line.debit })}
                        aria-invalid={Boolean(lineError(index, "credit"))}
                        className="text-right"
                      />
                      <LineError message={lineError(index, "credit")} />
                      {converted && converted.credit > 0n && <BaseHint value={money(converted.credit, baseCurrency)} adjusted={inBase.adjusted === index} testId="je-line-base-credit" />}
                    </TableCell>
                    <TableCell className="hidden md:table-cell">
                      <Input aria-label={`Line ${index + 1} description`} value={line.description} aria-invalid={Boolean(lineError(index, "description"))} onChange={(e) => change(line.key, { description: e.target.value })} />
                      <LineError message={lineError(index, "description")} />
                    </TableCell>
                    <TableCell>
                      <Button
                        variant="ghost"
                        size="icon"
                        aria-label={`Remove line ${index + 1}`}
                        disabled={lines.length <= 2}
                        onClick={() => setLines((current) => current.filter((l) => l.key !== line.key))}
                      >
                        <Trash2Icon />
                      </Button>
                    </TableCell>
                  </TableRow>
                );
              })}
              <TableRow className="font-medium">
                <TableCell>
                  <Button variant="outline" size="sm" onClick={() => setLines((current) => [...current, blank(nextKey.current++)])}>
                    <PlusIcon /> Add line
                  </Button>
                </TableCell>
                <TableCell className="hidden lg:table-cell" />
                <TableCell className="text-right tabular-nums" data-testid="je-total-debit">{money(debit)}</TableCell>
                <TableCell className="text-right tabular-nums" data-testid="je-total-credit">{money(credit)}</TableCell>
                <TableCell colSpan={2} className="hidden md:table-cell">
                  {balanced ? (
                    <span className="text-emerald-600" data-testid="je-balanced">Balanced</span>
                  ) : (
                    <span className="text-destructive" data-testid="je-unbalanced">
                      {debit === 0n ? "Enter amounts" : `Out by ${money(difference < 0n ? -difference : difference)}`}
                    </span>
                  )}
                </TableCell>
              </TableRow>
              {foreign && (
                <TableRow className="text-muted-foreground hover:bg-transparent">
                  <TableCell>In {base} at the rate</TableCell>
                  <TableCell className="hidden lg:table-cell" />
                  <TableCell className="text-right tabular-nums" data-testid="je-base-total-debit">{inBase ? money(sum(inBase.lines.map((l) => l.debit)), baseCurrency) : "—"}</TableCell>
                  <TableCell className="text-right tabular-nums" data-testid="je-base-total-credit">{inBase ? money(sum(inBase.lines.map((l) => l.credit)), baseCurrency) : "—"}</TableCell>
                  <TableCell colSpan={2} className="hidden text-xs md:table-cell" data-testid="je-rounding">
                    {!inBase
                      ? "Enter the exchange rate to see the amounts the ledger will hold."
                      : inBase.adjusted >= 0
                        ? `Line ${inBase.adjusted + 1} takes the ${money(inBase.adjustment, baseCurrency)} rounding difference so the entry balances in ${base}.`
                        : "Each line is converted at the rate and rounded half up."}
                  </TableCell>
                </TableRow>
              )}
            </TableBody>
          </Table>
          {(errors.lines || errors["lines.non_field_errors"]) && <p className="text-sm text-destructive">{errors.lines || errors["lines.non_field_errors"]}</p>}
          {formError && (
            <p role="alert" data-testid="je-form-error" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">
              {formError}
            </p>
          )}
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="ghost" asChild>
              <Link href={entry ? `/finance/journal/${entry.id}` : "/finance/journal"}>Cancel</Link>
            </Button>
            <Button variant="outline" disabled={busy} onClick={() => void save(false)} data-testid="je-save">
              {entry ? "Save changes" : "Save draft"}
            </Button>
            {canPost && (
              <Button disabled={busy || !balanced} onClick={() => void save(true)} data-testid="je-post">
                Save and post
              </Button>
            )}
          </div>
        </CardContent>
      </Card>
    </>
  );
}

/** A server or form error under one field of a line. */
function LineError({ message }: { message?: string }) {
  return message ? <p className="mt-1 text-xs text-destructive">{message}</p> : null;
}

/** The base-currency equivalent under a line's amount. */
function BaseHint({ value, adjusted, testId }: { value: string; adjusted: boolean; testId: string }) {
  return (
    <p className="mt-1 pr-3 text-right text-xs tabular-nums text-muted-foreground" data-testid={testId} title={adjusted ? "Includes the rounding difference" : undefined}>
      = {value}
      {adjusted && " *"}
    </p>
  );
}
