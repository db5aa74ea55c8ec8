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
import { ApiError } from "@/lib/api/errors";
import { accountListQuery, journalEntryCreate, journalEntryPost, todayIso } from "@/lib/api/finance";
import { formatDecimal, formatMoney, parseDecimal } from "@/lib/decimal";

type Line = { key: number; account: string; debit: string; credit: string; description: string };

const entrySchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Pick a date"),
  narration: z.string().max(500),
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

/** Sum of decimal strings, exact (paise). */
function total(values: string[]): bigint {
  return values.reduce((sum, v) => sum + (parseDecimal(v || "0", 2) ?? 0n), 0n);
}

export function JournalForm() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const canPost = useCan("finance.journal.approve");
  const { data: accounts } = useQuery(accountListQuery());
  const ledgers = useMemo(() => (accounts ?? []).filter((a) => !a.is_group && a.is_active), [accounts]);
  const [date, setDate] = useState(todayIso());
  const [narration, setNarration] = useState("");
  const [lines, setLines] = useState<Line[]>([blank(1), blank(2)]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const debit = total(lines.map((l) => l.debit));
  const credit = total(lines.map((l) => l.credit));
  const difference = debit - credit;
  const balanced = difference === 0n && debit > 0n;

  function change(key: number, patch: Partial<Line>) {
    setLines((current) => current.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  }

  async function save(post: boolean) {
    const parsed = entrySchema.safeParse({ date, narration, lines });
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
      <PageHeader title="New journal entry" description="Amounts in the company's currency. The entry must balance to be posted." />
      <Card>
        <CardContent className="space-y-4 pt-6">
          <div className="grid gap-4 sm:grid-cols-[12rem_1fr]">
            <FormField id="je-date" label="Date" error={errors.date}>
              <DateInput id="je-date" value={date} onChange={setDate} />
            </FormField>
            <FormField id="je-narration" label="Narration" error={errors.narration}>
              <Input id="je-narration" value={narration} onChange={(e) => setNarration(e.target.value)} placeholder="What this entry records" />
            </FormField>
          </div>
          <Table aria-label="Lines">
            <TableHeader>
              <TableRow>
                <TableHead className="w-[40%]">Account</TableHead>
                <TableHead className="text-right">Debit</TableHead>
                <TableHead className="text-right">Credit</TableHead>
                <TableHead className="hidden md:table-cell">Description</TableHead>
                <TableHead className="w-10" />
              </TableRow>
            </TableHeader>
            <TableBody>
              {lines.map((line, index) => (
                <TableRow key={line.key} data-testid="je-line">
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
                    <MoneyInput aria-label={`Line ${index + 1} debit`} value={line.debit} onChange={(v) => change(line.key, { debit: v, credit: v ? "" : line.credit })} className="text-right" />
                  </TableCell>
                  <TableCell>
                    <MoneyInput aria-label={`Line ${index + 1} credit`} value={line.credit} onChange={(v) => change(line.key, { credit: v, debit: v ? "" : line.debit })} className="text-right" />
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
              ))}
              <TableRow className="font-medium">
                <TableCell>
                  <Button variant="outline" size="sm" onClick={() => setLines((current) => [...current, blank(nextKey++)])}>
                    <PlusIcon /> Add line
                  </Button>
                </TableCell>
                <TableCell className="text-right tabular-nums" data-testid="je-total-debit">{formatMoney(formatDecimal(debit, 2))}</TableCell>
                <TableCell className="text-right tabular-nums" data-testid="je-total-credit">{formatMoney(formatDecimal(credit, 2))}</TableCell>
                <TableCell colSpan={2} className="hidden md:table-cell">
                  {balanced ? (
                    <span className="text-emerald-600" data-testid="je-balanced">Balanced</span>
                  ) : (
                    <span className="text-destructive" data-testid="je-unbalanced">
                      {debit === 0n ? "Enter amounts" : `Out by ${formatMoney(formatDecimal(difference < 0n ? -difference : difference, 2))}`}
                    </span>
                  )}
                </TableCell>
              </TableRow>
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
