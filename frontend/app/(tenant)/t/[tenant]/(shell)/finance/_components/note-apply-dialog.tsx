"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Loader2Icon } from "lucide-react";
import { useState } from "react";
import { DateInput, formatIsoDate } from "@/components/fields/date-input";
import { MoneyInput } from "@/components/fields/money-input";
import { FormField } from "@/components/form-field";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ApiError } from "@/lib/api/errors";
import { noteApply, openForNoteQuery, type DocumentDetail } from "@/lib/api/invoicing";
import { formatDecimal, formatMoney, parseDecimal } from "@/lib/decimal";
import { today } from "@/lib/dates";

/** Apply what is left of a posted credit note to the customer's open invoices (a debit note to
 *  the vendor's open bills), one amount per document; the server refuses more than either has
 *  open. */
export function NoteApplyDialog({ note }: { note: DocumentDetail }) {
  const queryClient = useQueryClient();
  const family = note.kind === "credit_note" ? "invoices" : "bills";
  const [open, setOpen] = useState(false);
  const docs = useQuery({ ...openForNoteQuery(family, note.partner.id), enabled: open });
  const [date, setDate] = useState(today() < note.date ? note.date : today());
  const [amounts, setAmounts] = useState<Record<number, string>>({});
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [rowErrors, setRowErrors] = useState<Record<number, string>>({});
  const [formError, setFormError] = useState("");
  const [saving, setSaving] = useState(false);
  const available = parseDecimal(note.amount_open, 2) ?? 0n;
  const applied = Object.values(amounts).reduce((sum, v) => sum + (parseDecimal(v, 2) ?? 0n), 0n);
  const chosen = Object.entries(amounts).filter(([, v]) => (parseDecimal(v, 2) ?? 0n) > 0n);

  /** Fills the amounts oldest first up to what the note has open (the original first). */
  function fill() {
    let left = available;
    const next: Record<number, string> = {};
    const list = [...(docs.data ?? [])].sort((a, b) => Number(b.id === note.original) - Number(a.id === note.original));
    for (const d of list) {
      const take = [left, parseDecimal(d.amount_open, 2) ?? 0n].reduce((a, b) => (a < b ? a : b));
      if (take > 0n) next[d.id] = formatDecimal(take, 2);
      left -= take > 0n ? take : 0n;
    }
    setAmounts(next);
  }

  async function save() {
    setErrors({});
    setRowErrors({});
    setFormError("");
    if (!chosen.length) {
      setFormError("Enter an amount against at least one document.");
      return;
    }
    setSaving(true);
    try {
      const result = await noteApply(note.id, { date, allocations: chosen.map(([id, amount]) => ({ document: Number(id), amount })) });
      await queryClient.invalidateQueries();
      toast.success(`${note.number} applied: ${formatMoney(formatDecimal(applied, 2))}; ${formatMoney(result.amount_open)} left`);
      setAmounts({});
      setOpen(false);
    } catch (e) {
      if (e instanceof ApiError) {
        // Field errors come per submitted allocation (`allocations.<i>.amount`): put each beside
        // its document's row.
        const perRow: Record<number, string> = {};
        chosen.forEach(([id], i) => {
          const messages = [...(e.fields[`allocations.${i}.amount`] ?? []), ...(e.fields[`allocations.${i}.document`] ?? [])];
          if (messages.length) perRow[Number(id)] = messages.join(" ");
        });
        setRowErrors(perRow);
        setErrors(e.fields);
        setFormError(e.message);
      } else setFormError("Could not apply the note.");
    } finally {
      setSaving(false);
    }
  }

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline">Apply to documents</Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>Apply {note.number} to {family}</DialogTitle>
          <DialogDescription>
            {formatMoney(note.amount_open)} left to apply against {note.party_name || note.partner.name}&apos;s open {family}.
          </DialogDescription>
        </DialogHeader>
        <div className="grid gap-4">
          {formError && <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">{formError}</p>}
          <FormField id="apply-date" label="Date" error={errors.date?.join(" ")}>
            <DateInput id="apply-date" value={date} onChange={setDate} />
          </FormField>
          {docs.isPending ? (
            <p className="text-sm text-muted-foreground"><Loader2Icon className="inline animate-spin" /> Loading open {family}…</p>
          ) : docs.isError ? (
            <p role="alert" className="text-sm text-destructive">{docs.error.message}</p>
          ) : docs.data.length ? (
            <>
              <div className="flex justify-end"><Button variant="outline" size="sm" onClick={fill}>Fill oldest first</Button></div>
              <Table aria-label={`Open ${family}`}>
                <TableHeader>
                  <TableRow><TableHead>Number</TableHead><TableHead>Date</TableHead><TableHead className="text-right">Open</TableHead><TableHead className="w-44 text-right">Apply</TableHead></TableRow>
                </TableHeader>
                <TableBody>
                  {docs.data.map((d) => (
                    <TableRow key={d.id}>
                      <TableCell>{d.number}{d.id === note.original && <span className="ml-1 text-xs text-muted-foreground">(original)</span>}</TableCell>
                      <TableCell>{formatIsoDate(d.date)}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatMoney(d.amount_open)}</TableCell>
                      <TableCell>
                        <MoneyInput aria-label={`Apply to ${d.number}`} value={amounts[d.id] ?? ""} onChange={(v) => setAmounts({ ...amounts, [d.id]: v })} />
                        {rowErrors[d.id] && <p className="text-xs text-destructive">{rowErrors[d.id]}</p>}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </>
          ) : (
            <p className="text-sm text-muted-foreground">Nothing open for this party.</p>
          )}
          <p className="text-sm" data-testid="apply-total">
            Applying {formatMoney(formatDecimal(applied, 2))} of {formatMoney(note.amount_open)}
          </p>
        </div>
        <DialogFooter>
          <Button onClick={save} disabled={saving || !chosen.length}>
            {saving && <Loader2Icon className="animate-spin" />} Apply
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
