"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Loader2Icon, MailIcon, PaperclipIcon } from "lucide-react";
import { useState } from "react";
import { FormField } from "@/components/form-field";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { ApiError } from "@/lib/api/errors";
import { formatIsoDate } from "@/components/fields/date-input";
import {
  documentEmailSend,
  documentEmailsQuery,
  statementEmailSend,
  statementEmailsQuery,
  type DocumentEmail,
  type DocumentEmailBody,
  type DocumentEmails,
  type MailFamily,
  type StatementPeriod,
} from "@/lib/api/invoicing";

/** "a@x.in, b@y.in; c@z.in" -> ["a@x.in", "b@y.in", "c@z.in"] (commas, semicolons or spaces). */
export function splitAddresses(text: string): string[] {
  return text.split(/[\s,;]+/).filter(Boolean);
}

/** The API's per-address errors (`to.1`) and list errors (`to`) for one field, as one line. */
function fieldError(fields: Record<string, string[]>, name: string): string | undefined {
  const messages = Object.entries(fields)
    .filter(([key]) => key === name || key.startsWith(`${name}.`))
    .flatMap(([, m]) => m);
  return messages.length ? messages.join(" ") : undefined;
}

type EmailsQuery = ReturnType<typeof documentEmailsQuery>; // statementEmailsQuery's is the same type

type EmailTarget = {
  /** The dialog's defaults and the history (GET). */
  query: EmailsQuery;
  send: (body: DocumentEmailBody) => Promise<DocumentEmail>;
  title: string;
  description: string;
  button: string;
  /** What the success toast names ("INV/…/00001", "The statement"). */
  what: string;
  /** Shown instead of the form when the GET has no draft. */
  nothing?: string;
};

/** E-mail a PDF to the party: its addresses, a subject and a message filled in, all editable;
 *  the API's errors beside their fields. */
export function EmailDialog({ target }: { target: EmailTarget }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const emails = useQuery({ ...target.query, enabled: open });
  const [form, setForm] = useState<{ to: string; cc: string; subject: string; message: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState("");
  const [sending, setSending] = useState(false);
  const draft = emails.data?.draft;
  const values = form ?? (draft ? { to: draft.to.join(", "), cc: draft.cc.join(", "), subject: draft.subject, message: draft.message } : null);
  const set = (patch: Partial<NonNullable<typeof values>>) => values && setForm({ ...values, ...patch });

  async function send() {
    if (!values) return;
    setErrors({});
    setFormError("");
    setSending(true);
    try {
      const sent = await target.send({
        to: splitAddresses(values.to),
        cc: splitAddresses(values.cc),
        subject: values.subject,
        message: values.message,
      });
      await queryClient.invalidateQueries({ queryKey: target.query.queryKey });
      toast.success(`${target.what} sent to ${sent.to.join(", ")}`);
      setForm(null);
      setOpen(false);
    } catch (e) {
      if (e instanceof ApiError) {
        setErrors(e.fields);
        setFormError(e.message);
      } else setFormError("The e-mail could not be sent.");
    } finally {
      setSending(false);
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          setForm(null);
          setErrors({});
          setFormError("");
        }
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline"><MailIcon /> {target.button}</Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>{target.title}</DialogTitle>
          <DialogDescription>{target.description} Replies go to your company&apos;s invoicing e-mail.</DialogDescription>
        </DialogHeader>
        {emails.isPending ? (
          <p className="text-sm text-muted-foreground"><Loader2Icon className="inline animate-spin" /> Loading…</p>
        ) : emails.isError ? (
          <p role="alert" className="text-sm text-destructive">{emails.error.message}</p>
        ) : values ? (
          <div className="grid gap-4">
            {formError && <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">{formError}</p>}
            <FormField id="email-to" label="To" error={fieldError(errors, "to")} hint={draft?.to.length ? "Separate addresses with commas." : "The party has no e-mail address: type one."}>
              <Input id="email-to" value={values.to} onChange={(e) => set({ to: e.target.value })} placeholder="accounts@customer.in" />
            </FormField>
            <FormField id="email-cc" label="Cc" error={fieldError(errors, "cc")}>
              <Input id="email-cc" value={values.cc} onChange={(e) => set({ cc: e.target.value })} />
            </FormField>
            <FormField id="email-subject" label="Subject" error={fieldError(errors, "subject")}>
              <Input id="email-subject" value={values.subject} onChange={(e) => set({ subject: e.target.value })} maxLength={200} />
            </FormField>
            <FormField id="email-message" label="Message" error={fieldError(errors, "message")}>
              <Textarea id="email-message" value={values.message} onChange={(e) => set({ message: e.target.value })} rows={9} maxLength={5000} />
            </FormField>
            <p className="flex items-center gap-2 text-sm text-muted-foreground">
              <PaperclipIcon className="size-4" />
              <span data-testid="email-attachment">{draft?.attachment}</span>
            </p>
          </div>
        ) : (
          <p className="text-sm text-muted-foreground">{target.nothing ?? "Nothing to send."}</p>
        )}
        <DialogFooter>
          <Button onClick={send} disabled={sending || !values}>
            {sending && <Loader2Icon className="animate-spin" />} Send
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

/** A posted invoice or note, or a receipt or payment, by e-mail with its PDF. */
export function DocumentEmailDialog({ family, id, number, partyName }: { family: MailFamily; id: number; number?: string | null; partyName: string }) {
  return (
    <EmailDialog
      target={{
        query: documentEmailsQuery(family, id),
        send: (body) => documentEmailSend(family, id, body),
        title: `E-mail ${number}`,
        description: `To ${partyName}, with the PDF attached.`,
        button: "E-mail",
        what: number ?? "The document",
        nothing: "Post the document before sending it.",
      }}
    />
  );
}

/** A party's statement of account for the period by e-mail, with its PDF. */
export function StatementEmailDialog({ period, partyName }: { period: StatementPeriod; partyName: string }) {
  return (
    <EmailDialog
      target={{
        query: statementEmailsQuery(period),
        send: (body) => statementEmailSend(period, body),
        title: "E-mail the statement of account",
        description: `To ${partyName}, the statement from ${formatIsoDate(period.date_from)} to ${formatIsoDate(period.date_to)} as a PDF.`,
        button: "E-mail",
        what: "The statement",
      }}
    />
  );
}

/** What was sent, newest first (shown once something was): a document's, or a party's. */
export function EmailHistory({ query, title = "Sent by e-mail" }: { query: EmailTarget["query"]; title?: string }) {
  const emails = useQuery(query);
  const sent: DocumentEmails["sent"] = emails.data?.sent ?? [];
  const nextReminder = emails.data?.next_reminder;
  const partyOff = emails.data?.reminders_off_for_party ?? false;
  if (!sent.length && !nextReminder && !partyOff) return null;
  return (
    <Card className="lg:col-span-3">
      <CardHeader><CardTitle>{title}</CardTitle></CardHeader>
      <CardContent>
        {nextReminder && (
          <p data-testid="next-reminder" className="mb-2 text-sm text-muted-foreground">
            Next reminder on {formatIsoDate(nextReminder)}
          </p>
        )}
        {partyOff && (
          <p data-testid="reminders-off" className="mb-2 text-sm text-muted-foreground">
            Automatic reminders are off for this customer
          </p>
        )}
        <ul className="grid gap-2 text-sm">
          {sent.map((e) => (
            <li key={e.id} data-testid="email-sent" className="flex flex-wrap items-baseline gap-x-2">
              <span className="font-medium">{new Date(e.sent_at).toLocaleString("en-IN", { dateStyle: "medium", timeStyle: "short" })}</span>
              <span>to {[...e.to, ...(e.cc ?? [])].join(", ")}</span>
              <span className="text-muted-foreground">
                “{e.subject}” · {e.attachment}
                {e.automatic ? " · Automatic reminder" : e.sent_by ? ` · by ${e.sent_by}` : ""}
              </span>
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
