"use client";
import { useQueryClient } from "@tanstack/react-query";
import { Loader2Icon, RepeatIcon } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { FormField } from "@/components/form-field";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { errorsByField } from "@/lib/api/errors";
import { recurringCreate, type DocumentDetail } from "@/lib/api/invoicing";

export const FREQUENCIES = [
  ["monthly", "Monthly"],
  ["quarterly", "Quarterly"],
  ["half_yearly", "Half-yearly"],
  ["yearly", "Yearly"],
] as const;

/** The same day a month after `iso` (or that month's last day), as YYYY-MM-DD. */
function monthAfter(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  const last = new Date(Date.UTC(y!, m! + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y!, m!, Math.min(d!, last))).toISOString().slice(0, 10);
}

/** Repeat an invoice on a schedule (ADR 0064): each occurrence copies it into a draft of that
 *  day, posted too when asked, and then e-mailed to the customer when asked. */
export function RepeatDialog({ doc }: { doc: DocumentDetail }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [frequency, setFrequency] = useState<string>("monthly");
  const [start, setStart] = useState(monthAfter(doc.date));
  const [end, setEnd] = useState("");
  const [autoPost, setAutoPost] = useState(false);
  const [autoEmail, setAutoEmail] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  async function save() {
    setErrors({});
    setSaving(true);
    try {
      const schedule = await recurringCreate({ template: doc.id, frequency: frequency as "monthly", start_date: start, end_date: end || null, auto_post: autoPost, auto_email: autoPost && autoEmail });
      await queryClient.invalidateQueries({ queryKey: ["recurring"] });
      toast.success(`${doc.number} repeats ${FREQUENCIES.find(([f]) => f === frequency)?.[1].toLowerCase()} from ${schedule.next_date}`);
      setOpen(false);
    } catch (e) {
      setErrors(errorsByField(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline"><RepeatIcon /> Repeat</Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-lg">
        <DialogHeader>
          <DialogTitle>Repeat {doc.number}</DialogTitle>
          <DialogDescription>
            Each time it falls due, a copy of this invoice (its customer, lines, currency) is raised as a draft of that day — and posted, if you choose. See them under <Link className="underline" href="/finance/recurring">Recurring invoices</Link>.
          </DialogDescription>
        </DialogHeader>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField id="repeat-frequency" label="Every" error={errors.frequency}>
            <NativeSelect id="repeat-frequency" value={frequency} onChange={(e) => setFrequency(e.target.value)}>
              {FREQUENCIES.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
            </NativeSelect>
          </FormField>
          <FormField id="repeat-start" label="First invoice on" error={errors.start_date}>
            <Input id="repeat-start" type="date" value={start} onChange={(e) => setStart(e.target.value)} />
          </FormField>
          <FormField id="repeat-end" label="Until" error={errors.end_date} hint="Empty: until paused">
            <Input id="repeat-end" type="date" value={end} onChange={(e) => setEnd(e.target.value)} />
          </FormField>
          <label className="flex items-center gap-2 self-end pb-2 text-sm font-medium">
            <input type="checkbox" id="repeat-auto-post" checked={autoPost} onChange={(e) => setAutoPost(e.target.checked)} />
            Post each one
          </label>
          <label className="flex items-center gap-2 text-sm font-medium sm:col-span-2">
            <input type="checkbox" id="repeat-auto-email" checked={autoPost && autoEmail} disabled={!autoPost} onChange={(e) => setAutoEmail(e.target.checked)} />
            E-mail each one to the customer, with its PDF
          </label>
          {errors.auto_email && <p role="alert" className="sm:col-span-2 text-sm text-destructive">{errors.auto_email}</p>}
          {(errors.form || errors.template) && <p role="alert" className="sm:col-span-2 text-sm text-destructive">{errors.template ?? errors.form}</p>}
        </div>
        <DialogFooter>
          <Button variant="outline" onClick={() => setOpen(false)}>Cancel</Button>
          <Button onClick={() => void save()} disabled={saving || !start}>
            {saving && <Loader2Icon className="animate-spin" />} Repeat
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
