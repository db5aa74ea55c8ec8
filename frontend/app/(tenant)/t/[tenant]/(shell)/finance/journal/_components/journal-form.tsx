"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { PlusIcon, Trash2Icon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { z } from "zod";
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
import { accountListQuery, journalEntryCreate, journalEntryPost, todayIso } from "@/lib/api/finance";
import { baseAmounts, CURRENCIES, currencyOf, formatCurrency, RATE_PATTERN, RATE_SCALE } from "@/lib/currency";
import { formatDecimal, parseDecimal } from "@/lib/decimal";

type Line = { key: number; account: string; debit: string; credit: string; description: string };

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

let nextKey = 3;
const blank = (key: number): Line => ({ key, account: "", debit: "", credit: "", description: "" });

/** Sum of scaled amounts. */
const sum = (values: bigint[]) => values.reduce((s, v) => s + v, 0n);

export function JournalForm() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const canPost = useCan("finance.journal.approve");
  const { data: accounts } = useQuery(accountListQuery());
  const company = useQuery(companyQuery());
  const base = company.data?.base_currency ?? "INR";
  const ledgers = useMemo(() => (accounts ?? []).filter((a) => !a.is_group && a.is_active), [accounts]);
  const [date, setDate] = useState(todayIso());
  const [narration, setNarration] = useState("");
  const [currencyChoice, setCurrency] = useState<string | null>(null);
  const currency = currencyChoice ?? base;
  const [rateInput, setRate] = useState("");
  const [lines, setLines] = useState<Line[]>([blank(1), blank(2)]);
  const [errors, setErrors] = useState<Record<string, string>>({});
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

  function change(key: number, patch: Partial<Line>) {
    setLines((current) => current.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  }

  async function save(post: boolean) {
    const parsed = entrySchema.safeParse({ date, narration, exchange_rate: rate, lines });
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const issue of parsed.error.issues) next[issue.path.join(".")] = issue.message;
      setErrors(next);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const entry = await journalEntryCreate({
        date,
        narration,
        currency,
        exchange_rate: rate,
        lines: lines.map((l) => ({ account: Number(l.account), debit: l.debit || "0", credit: l.credit || "0", description: l.description })),
      });
      if (post) await journalEntryPost(entry.id);
      await queryClient.invalidateQueries({ queryKey: ["finance-journal"] });
      await queryClient.invalidateQueries({ queryKey: ["finance-reports"] });
      toast.success(post ? "Entry posted" : "Draft saved");
      router.push(`/finance/journal/${entry.id}`);
    } catch (error) {
      if (error instanceof ApiError) {
        const next: Record<string, string> = {};
        for (const [name, messages] of Object.entries(error.fields)) next[name] = messages.join(" ");
        setErrors(next);
        toast.error(error.message);
      } else toast.error("The entry could not be saved.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeader
        title="New journal entry"
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
                <TableHead className="w-[36%]">Account</TableHead>
                <TableHead className="text-right">Debit{foreign ? ` (${currency})` : ""}</TableHead>
                <TableHead className="text-right">Credit{foreign ? ` (${currency})` : ""}</TableHead>
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
                        aria-invalid={Boolean(errors[`lines.${index}.account`] || errors[`lines.${index}`])}
                      >
                        <option value="">Pick an account…</option>
                        {ledgers.map((a) => (
                          <option key={a.id} value={a.id}>
                            {a.code} {a.name}
                          </option>
                        ))}
                      </NativeSelect>
                      {(errors[`lines.${index}.account`] || errors[`lines.${index}`]) && (
                        <p className="mt-1 text-xs text-destructive">{errors[`lines.${index}.account`] || errors[`lines.${index}`]}</p>
                      )}
                    </TableCell>
                    <TableCell>
                      <MoneyInput
                        aria-label={`Line ${index + 1} debit`}
                        value={line.debit}
                        decimals={doc.decimals}
                        symbol={doc.symbol}
                        onChange={(v) => change(line.key, { debit: v, credit: v ? "" : line.credit })}
                        className="text-right"
                      />
                      {converted && converted.debit > 0n && <BaseHint value={money(converted.debit, baseCurrency)} adjusted={inBase.adjusted === index} testId="je-line-base-debit" />}
                    </TableCell>
                    <TableCell>
                      <MoneyInput
                        aria-label={`Line ${index + 1} credit`}
                        value={line.credit}
                        decimals={doc.decimals}
                        symbol={doc.symbol}
                        onChange={(v) => change(line.key, { credit: v, debit: v ? "" : line.debit })}
                        className="text-right"
                      />
                      {converted && converted.credit > 0n && <BaseHint value={money(converted.credit, baseCurrency)} adjusted={inBase.adjusted === index} testId="je-line-base-credit" />}
                    </TableCell>
                    <TableCell className="hidden md:table-cell">
                      <Input aria-label={`Line ${index + 1} description`} value={line.description} onChange={(e) => change(line.key, { description: e.target.value })} />
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
                  <Button variant="outline" size="sm" onClick={() => setLines((current) => [...current, blank(nextKey++)])}>
                    <PlusIcon /> Add line
                  </Button>
                </TableCell>
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
          {errors.lines && <p className="text-sm text-destructive">{errors.lines}</p>}
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="outline" disabled={busy} onClick={() => void save(false)}>
              Save draft
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

/** The base-currency equivalent under a line's amount. */
function BaseHint({ value, adjusted, testId }: { value: string; adjusted: boolean; testId: string }) {
  return (
    <p className="mt-1 pr-3 text-right text-xs tabular-nums text-muted-foreground" data-testid={testId} title={adjusted ? "Includes the rounding difference" : undefined}>
      = {value}
      {adjusted && " *"}
    </p>
  );
}
