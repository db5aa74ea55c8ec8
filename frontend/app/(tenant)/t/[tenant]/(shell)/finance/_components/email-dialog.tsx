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
import { documentEmailSend, documentEmailsQuery, type DocumentDetail, type DocumentEmails } from "@/lib/api/invoicing";

type Family = "invoices" | "notes";

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

/** E-mail a posted invoice or note to the party with its PDF attached: the party's addresses,
 *  a subject and a message filled in, all editable. */
export function EmailDialog({ family, doc }: { family: Family; doc: DocumentDetail }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const emails = useQuery({ ...documentEmailsQuery(family, doc.id), enabled: open });
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
      const sent = await documentEmailSend(family, doc.id, {
        to: splitAddresses(values.to),
        cc: splitAddresses(values.cc),
        subject: values.subject,
        message: values.message,
      });
      await queryClient.invalidateQueries({ queryKey: [family, "emails", doc.id] });
      toast.success(`${doc.number} sent to ${sent.to.join(", ")}`);
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
        <Button variant="outline"><MailIcon /> E-mail</Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>E-mail {doc.number}</DialogTitle>
          <DialogDescription>To {doc.party_name || doc.partner.name}, with the PDF attached. Replies go to your company&apos;s invoicing e-mail.</DialogDescription>
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
            <p className="flex items-center gap-2 text-sm text-muted-foreground" data-testid="email-attachment">
              <PaperclipIcon className="size-4" /> {draft?.attachment}
            </p>
          </div>
        ) : (
          <p className="text-sm text-muted-foreground">Post the document before sending it.</p>
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

/** What was sent, newest first (shown once something was). */
export function EmailHistory({ family, doc }: { family: Family; doc: DocumentDetail }) {
  const emails = useQuery(documentEmailsQuery(family, doc.id));
  const sent: DocumentEmails["sent"] = emails.data?.sent ?? [];
  if (!sent.length) return null;
  return (
    <Card className="lg:col-span-3">
      <CardHeader><CardTitle>Sent by e-mail</CardTitle></CardHeader>
      <CardContent>
        <ul className="grid gap-2 text-sm">
          {sent.map((e) => (
            <li key={e.id} data-testid="email-sent" className="flex flex-wrap items-baseline gap-x-2">
              <span className="font-medium">{new Date(e.sent_at).toLocaleString("en-IN", { dateStyle: "medium", timeStyle: "short" })}</span>
              <span>to {[...e.to, ...(e.cc ?? [])].join(", ")}</span>
              <span className="text-muted-foreground">“{e.subject}”{e.sent_by ? ` · by ${e.sent_by}` : ""}</span>
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
