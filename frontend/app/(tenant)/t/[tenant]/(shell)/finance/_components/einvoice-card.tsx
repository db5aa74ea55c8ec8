"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { DownloadIcon, Loader2Icon, UploadIcon, XCircleIcon } from "lucide-react";
import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { FormField } from "@/components/form-field";
import { useCan } from "@/components/shell/shell-context";
import { toast } from "@/components/toaster";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import { ApiError, errorsByField } from "@/lib/api/errors";
import { formatIst, istInstant } from "@/lib/dates";
import { documentEInvoiceBulkJson, documentEInvoiceCancel, documentEInvoiceImport, documentEInvoiceJson, documentEInvoiceRecord, invoiceSettingsQuery, type DocumentDetail, type EInvoice } from "@/lib/api/invoicing";

type Family = "invoices" | "notes";
const CANCEL_REASONS = [
  ["1", "Duplicate"],
  ["2", "Data entry mistake"],
  ["3", "Order cancelled"],
  ["4", "Others"],
] as const;
const DAY_MS = 24 * 60 * 60 * 1000;
/** The IRP's answers as its portal, bulk tool or API writes them: a list of {Irn, AckNo, AckDt,
 *  SignedQRCode}, or one alone, or either under `data`/`Data`. */
export function parseIrpAnswers(text: string): Record<string, unknown>[] | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  for (let depth = 0; depth < 3 && value && typeof value === "object" && !Array.isArray(value); depth++) {
    const found = lowerKeys(value as Record<string, unknown>);
    value = "irn" in found ? [value] : (found.data ?? found.result);
  }
  return Array.isArray(value) && value.length && value.every((x) => x && typeof x === "object") ? (value as Record<string, unknown>[]) : null;
}

function lowerKeys(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.toLowerCase(), v]));
}

/** The first answer of an IRP answer file, as the record form's fields (keys in any case). */
export function parseIrpAnswer(text: string): { irn: string; ack_number: string; ack_date: string; signed_qr_code: string } | null {
  const first = parseIrpAnswers(text)?.[0];
  if (!first) return null;
  const found = lowerKeys(first);
  if (!("irn" in found)) return null;
  const ack = String(found.ackdt ?? "").trim().replace(" ", "T").slice(0, 16);
  return { irn: String(found.irn ?? ""), ack_number: String(found.ackno ?? ""), ack_date: ack, signed_qr_code: String(found.signedqrcode ?? "") };
}

/** E-invoicing is switched on in the invoice settings (false for whoever may not read them). */
export function useEInvoicing(): boolean {
  const canView = useCan("invoicing.setting.view");
  const settings = useQuery({ ...invoiceSettingsQuery(), enabled: canView });
  return Boolean(settings.data?.einvoicing_enabled);
}

/** On the invoices and notes lists: the filter's documents waiting for an IRN as one file for
 *  the IRP's bulk upload, and the IRP's answers to it recorded at once (all or none). */
export function EInvoiceBulkActions({ family, query }: { family: Family; query: Record<string, string | number> }) {
  const resource = family === "invoices" ? "invoice" : "note";
  const canExport = useCan(`invoicing.${resource}.export`);
  const canRecord = useCan(`invoicing.${resource}.approve`);
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState("");

  async function run(what: string, action: () => Promise<string>) {
    setBusy(what);
    try {
      toast.success(await action());
    } catch (e) {
      // an answer that does not fit is named by its place in the file (answers.<n>, from 0)
      const answers = e instanceof ApiError && e.code === "invalid_einvoice" ? Object.entries(e.fields).map(([k, m]) => `answer ${Number(k.split(".")[1]) + 1}: ${m.join(" ")}`) : [];
      toast.error([e instanceof Error ? e.message : "Failed.", ...answers].join(" · "));
    } finally {
      setBusy("");
    }
  }

  async function importFile(file: File | undefined) {
    if (!file) return;
    await run("import", async () => {
      const answers = parseIrpAnswers(await file.text());
      if (!answers) throw new Error("This file is not the IRP's answers (a list with Irn, AckNo, AckDt and SignedQRCode).");
      const recorded = await documentEInvoiceImport(family, answers);
      await queryClient.invalidateQueries({ queryKey: [family] });
      return `IRN recorded on ${recorded.length} ${recorded.length === 1 ? "document" : "documents"}`;
    });
  }

  return (
    <>
      {canExport && (
        <Button variant="outline" disabled={busy !== ""} onClick={() => void run("json", async () => `Downloaded ${await documentEInvoiceBulkJson(family, query)}`)}>
          {busy === "json" ? <Loader2Icon className="animate-spin" /> : <DownloadIcon />} e-Invoice JSON
        </Button>
      )}
      {canRecord && (
        <Button variant="outline" asChild disabled={busy !== ""}>
          <label htmlFor={`einvoice-import-${family}`} className="cursor-pointer">
            {busy === "import" ? <Loader2Icon className="animate-spin" /> : <UploadIcon />} Import IRP answers
            <input id={`einvoice-import-${family}`} type="file" accept=".json,application/json" className="sr-only" aria-label="IRP answers file" onChange={(e) => { void importFile(e.target.files?.[0]); e.target.value = ""; }} />
          </label>
        </Button>
      )}
    </>
  );
}

/** E-invoicing (ADR 0062) on a posted invoice or credit note: download the IRP's JSON, record its
 *  answer (typed, or read from the answer's JSON file), cancel the IRN within 24 hours. */
export function EInvoiceCard({ family, doc }: { family: Family; doc: DocumentDetail }) {
  const resource = family === "invoices" ? "invoice" : "note";
  const canExport = useCan(`invoicing.${resource}.export`);
  const canRecord = useCan(`invoicing.${resource}.approve`);
  const [busy, setBusy] = useState(false);
  const einvoice = doc.einvoice as EInvoice | null | undefined;

  async function downloadJson() {
    setBusy(true);
    try {
      toast.success(`Downloaded ${await documentEInvoiceJson(family, doc.id)}`);
    } catch (e) {
      toast.error(e instanceof Error ? e.message : "The e-invoice could not be made.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card className="lg:col-span-3" data-testid="einvoice-card">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          e-Invoice (IRN)
          {einvoice ? (
            <Badge variant={einvoice.status === "cancelled" ? "destructive" : "success"} data-testid="einvoice-status">
              {einvoice.status === "cancelled" ? "IRN cancelled" : "Registered"}
            </Badge>
          ) : (
            <Badge variant="outline" data-testid="einvoice-status">Not registered</Badge>
          )}
        </CardTitle>
        {!einvoice && (
          <CardDescription>
            Download the JSON, upload it on the e-invoice portal (e-Invoice › Bulk upload, or the offline tool), then record the IRP&apos;s answer here: its IRN, acknowledgement and signed QR code print on the PDF.
          </CardDescription>
        )}
      </CardHeader>
      <CardContent className="grid gap-4">
        {einvoice ? (
          <Registered family={family} doc={doc} einvoice={einvoice} canCancel={canRecord} />
        ) : (
          <>
            {canExport && (
              <div>
                <Button variant="outline" onClick={downloadJson} disabled={busy} data-testid="einvoice-json">
                  {busy ? <Loader2Icon className="animate-spin" /> : <DownloadIcon />} Download e-invoice JSON
                </Button>
              </div>
            )}
            {canRecord && <RecordForm family={family} doc={doc} />}
          </>
        )}
      </CardContent>
    </Card>
  );
}

function Registered({ family, doc, einvoice, canCancel }: { family: Family; doc: DocumentDetail; einvoice: EInvoice; canCancel: boolean }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("2");
  const [remark, setRemark] = useState("");
  const deadline = new Date(new Date(einvoice.ack_date).getTime() + DAY_MS);
  const cancellable = einvoice.status === "active" && Date.now() < deadline.getTime();
  return (
    <>
      <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]" data-testid="einvoice-details">
        <dt className="text-muted-foreground">IRN</dt>
        <dd className="break-all font-mono text-xs" data-testid="einvoice-irn">{einvoice.irn}</dd>
        <dt className="text-muted-foreground">Acknowledgement</dt>
        <dd>No. {einvoice.ack_number} of {formatIst(einvoice.ack_date)}</dd>
        {einvoice.status === "cancelled" && einvoice.cancelled_at && (
          <>
            <dt className="text-muted-foreground">Cancelled</dt>
            <dd data-testid="einvoice-cancelled">
              {formatIst(einvoice.cancelled_at)} · {CANCEL_REASONS.find(([code]) => code === einvoice.cancel_reason)?.[1]}
              {einvoice.cancel_remark ? ` · ${einvoice.cancel_remark}` : ""}
            </dd>
          </>
        )}
      </dl>
      {einvoice.status === "active" && (
        <p className="text-xs text-muted-foreground">
          {cancellable
            ? `The IRP cancels an IRN until ${formatIst(deadline.toISOString())}; cancel it there first, then record it here.`
            : "More than 24 hours have passed: the IRP no longer cancels this IRN. Correct it with a credit note."}
        </p>
      )}
      {cancellable && canCancel && (
        <div>
          <ConfirmDialog
            title={`Record the IRN of ${doc.number} as cancelled?`}
            description="Cancel it on the e-invoice portal first: this records what the IRP did. The PDF then prints the IRN as cancelled, without its QR code."
            confirmLabel="Record cancellation"
            destructive
            onConfirm={async () => {
              await documentEInvoiceCancel(family, doc.id, { reason, remark });
              await queryClient.invalidateQueries({ queryKey: [family] });
              toast.success(`The IRN of ${doc.number} is recorded as cancelled`);
            }}
            trigger={<Button variant="outline" data-testid="einvoice-cancel"><XCircleIcon /> Cancel IRN</Button>}
          >
            <div className="grid gap-3">
              <FormField id="einvoice-cancel-reason" label="Reason">
                <NativeSelect id="einvoice-cancel-reason" value={reason} onChange={(e) => setReason(e.target.value)}>
                  {CANCEL_REASONS.map(([code, label]) => <option key={code} value={code}>{label}</option>)}
                </NativeSelect>
              </FormField>
              <FormField id="einvoice-cancel-remark" label="Remark" hint="As given on the IRP (up to 100 characters)">
                <Input id="einvoice-cancel-remark" maxLength={100} value={remark} onChange={(e) => setRemark(e.target.value)} />
              </FormField>
            </div>
          </ConfirmDialog>
        </div>
      )}
    </>
  );
}

function RecordForm({ family, doc }: { family: Family; doc: DocumentDetail }) {
  const queryClient = useQueryClient();
  const [irn, setIrn] = useState("");
  const [ackNumber, setAckNumber] = useState("");
  const [ackDate, setAckDate] = useState("");
  const [qr, setQr] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  async function load(file: File | undefined) {
    if (!file) return;
    const answer = parseIrpAnswer(await file.text());
    if (!answer) {
      setErrors({ file: "This file is not the IRP's answer (a JSON with Irn, AckNo, AckDt and SignedQRCode)." });
      return;
    }
    setErrors({});
    setIrn(answer.irn);
    setAckNumber(answer.ack_number);
    setAckDate(answer.ack_date);
    setQr(answer.signed_qr_code);
  }

  async function save() {
    setErrors({});
    if (!ackDate) {
      setErrors({ ack_date: "Give the acknowledgement's date and time." });
      return;
    }
    setSaving(true);
    try {
      await documentEInvoiceRecord(family, doc.id, { irn: irn.trim(), ack_number: ackNumber.trim(), ack_date: istInstant(ackDate), signed_qr_code: qr.trim() });
      await queryClient.invalidateQueries({ queryKey: [family] });
      toast.success(`IRN recorded on ${doc.number}`);
    } catch (e) {
      setErrors(errorsByField(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form
      className="grid gap-4 rounded-md border p-4 sm:grid-cols-2"
      aria-label="Record the IRP's answer"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <FormField id="einvoice-file" label="The IRP's answer (JSON file)" error={errors.file} hint="Fills the fields below" className="sm:col-span-2">
        <Input id="einvoice-file" type="file" accept=".json,application/json" onChange={(e) => void load(e.target.files?.[0])} />
      </FormField>
      <FormField id="einvoice-irn" label="IRN" error={errors.irn} className="sm:col-span-2">
        <Input id="einvoice-irn" className="font-mono text-xs" value={irn} aria-invalid={!!errors.irn} onChange={(e) => setIrn(e.target.value)} />
      </FormField>
      <FormField id="einvoice-ack-number" label="Acknowledgement no." error={errors.ack_number}>
        <Input id="einvoice-ack-number" inputMode="numeric" value={ackNumber} aria-invalid={!!errors.ack_number} onChange={(e) => setAckNumber(e.target.value)} />
      </FormField>
      <FormField id="einvoice-ack-date" label="Acknowledgement date (IST)" error={errors.ack_date}>
        <Input id="einvoice-ack-date" type="datetime-local" value={ackDate} aria-invalid={!!errors.ack_date} onChange={(e) => setAckDate(e.target.value)} />
      </FormField>
      <FormField id="einvoice-qr" label="Signed QR code" error={errors.signed_qr_code} className="sm:col-span-2">
        <Textarea id="einvoice-qr" rows={3} className="font-mono text-xs" value={qr} aria-invalid={!!errors.signed_qr_code} onChange={(e) => setQr(e.target.value)} />
      </FormField>
      {errors.form && <p role="alert" className="sm:col-span-2 text-sm text-destructive">{errors.form}</p>}
      <div className="sm:col-span-2 flex justify-end">
        <Button type="submit" disabled={saving || !irn || !qr} data-testid="einvoice-record">
          {saving && <Loader2Icon className="animate-spin" />} Record IRN
        </Button>
      </div>
    </form>
  );
}
