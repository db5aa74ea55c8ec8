"use client";
import { useQueryClient } from "@tanstack/react-query";
import { DownloadIcon, Loader2Icon, XCircleIcon } from "lucide-react";
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
import { errorsByField } from "@/lib/api/errors";
import { formatIst, istInstant } from "@/lib/dates";
import { invoiceEWayBillCancel, invoiceEWayBillJson, invoiceEWayBillRecord, type DocumentDetail, type EWayBill, type Transport } from "@/lib/api/invoicing";

/** 341012345678 -> 3410 1234 5678, as the portal prints it. */
const grouped = (n: string) => n.replace(/(\d{4})(?=\d)/g, "$1 ");

/** E-way bill (ADR 0063) on a posted invoice moving goods: the transport, the portal's JSON with
 *  it, and the portal's answer recorded (printed on the PDF); its cancellation within 24 hours
 *  recorded, after which a new one may be (ADR 0067). */
export function EWayBillCard({ doc }: { doc: DocumentDetail }) {
  const canExport = useCan("invoicing.invoice.export");
  const canRecord = useCan("invoicing.invoice.approve");
  const latest = doc.ewaybill as EWayBill | null | undefined;
  // a cancelled one stays on record; the invoice then takes a new one (ADR 0067)
  const ewaybill = latest?.status === "active" ? latest : null;
  return (
    <Card className="lg:col-span-3" data-testid="ewaybill-card">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          E-way bill
          {ewaybill ? <Badge variant="success" data-testid="ewaybill-status">Generated</Badge> : latest ? <Badge variant="destructive" data-testid="ewaybill-status">Cancelled</Badge> : <Badge variant="outline" data-testid="ewaybill-status">Not generated</Badge>}
        </CardTitle>
        {!ewaybill && (
          <CardDescription>
            Goods worth more than ₹50,000 travel with an e-way bill. Give the transport, download the JSON and upload it on the e-way bill portal (Generate Bulk), then record the number it gives.
          </CardDescription>
        )}
      </CardHeader>
      <CardContent className="grid gap-4">
        {ewaybill ? (
          <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]" data-testid="ewaybill-details">
            <dt className="text-muted-foreground">Number</dt>
            <dd className="font-mono" data-testid="ewaybill-number">{grouped(ewaybill.number)}</dd>
            <dt className="text-muted-foreground">Generated</dt>
            <dd>{formatIst(ewaybill.date)}</dd>
            <dt className="text-muted-foreground">Valid until</dt>
            <dd>{ewaybill.valid_until ? formatIst(ewaybill.valid_until) : "Part A only: the transporter files Part B"}</dd>
          </dl>
        ) : null}
        {ewaybill && <CancelEWayBill doc={doc} ewaybill={ewaybill} canCancel={canRecord} />}
        {!ewaybill && latest?.cancelled_at && (
          <p className="text-sm text-muted-foreground" data-testid="ewaybill-cancelled">
            E-way bill {grouped(latest.number)} was cancelled on {formatIst(latest.cancelled_at)} ({CANCEL_REASONS.find(([code]) => code === latest.cancel_reason)?.[1]}{latest.cancel_remark ? `: ${latest.cancel_remark}` : ""}). Generate a new one if the goods still move.
          </p>
        )}
        {!ewaybill && (
          <>
            {canExport && <TransportForm id={doc.id} />}
            {canRecord && <RecordForm doc={doc} />}
          </>
        )}
      </CardContent>
    </Card>
  );
}

const CANCEL_REASONS = [
  ["1", "Duplicate"],
  ["2", "Order cancelled"],
  ["3", "Data entry mistake"],
  ["4", "Others"],
] as const;

/** Record the portal's cancellation, possible within 24 hours of generation. */
function CancelEWayBill({ doc, ewaybill, canCancel }: { doc: DocumentDetail; ewaybill: EWayBill; canCancel: boolean }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("3");
  const [remark, setRemark] = useState("");
  const deadline = new Date(new Date(ewaybill.date).getTime() + 24 * 3600 * 1000);
  const cancellable = Date.now() < deadline.getTime();
  return (
    <>
      <p className="text-xs text-muted-foreground">
        {cancellable ? `The portal cancels an e-way bill until ${formatIst(deadline.toISOString())}; cancel it there first, then record it here.` : "More than 24 hours have passed: the portal no longer cancels this e-way bill."}
      </p>
      {cancellable && canCancel && (
        <div>
          <ConfirmDialog
            title={`Record e-way bill ${grouped(ewaybill.number)} as cancelled?`}
            description="Cancel it on the e-way bill portal first: this records what the portal did. The PDF then no longer prints it, and a new one can be recorded."
            confirmLabel="Record cancellation"
            destructive
            onConfirm={async () => {
              await invoiceEWayBillCancel(doc.id, { reason, remark });
              await queryClient.invalidateQueries({ queryKey: ["invoices"] });
              toast.success(`E-way bill ${grouped(ewaybill.number)} recorded as cancelled`);
            }}
            trigger={<Button variant="outline" data-testid="ewaybill-cancel"><XCircleIcon /> Cancel e-way bill</Button>}
          >
            <div className="grid gap-3">
              <FormField id="ewaybill-cancel-reason" label="Reason">
                <NativeSelect id="ewaybill-cancel-reason" value={reason} onChange={(e) => setReason(e.target.value)}>
                  {CANCEL_REASONS.map(([code, label]) => <option key={code} value={code}>{label}</option>)}
                </NativeSelect>
              </FormField>
              <FormField id="ewaybill-cancel-remark" label="Remark" hint="As given on the portal (up to 100 characters)">
                <Input id="ewaybill-cancel-remark" maxLength={100} value={remark} onChange={(e) => setRemark(e.target.value)} />
              </FormField>
            </div>
          </ConfirmDialog>
        </div>
      )}
    </>
  );
}

const EMPTY: Transport = { mode: "road", distance_km: "", vehicle_number: "", transporter_id: "", transporter_name: "", doc_number: "", doc_date: "" };

function TransportForm({ id }: { id: number }) {
  const [transport, setTransport] = useState<Transport>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<Transport>) => setTransport({ ...transport, ...change });

  async function download() {
    setErrors({});
    setBusy(true);
    try {
      toast.success(`Downloaded ${await invoiceEWayBillJson(id, transport)}`);
    } catch (e) {
      setErrors(errorsByField(e));
    } finally {
      setBusy(false);
    }
  }

  const byRoad = transport.mode === "road";
  return (
    <fieldset className="grid gap-4 rounded-md border p-4 sm:grid-cols-3" aria-label="Transport">
      <legend className="px-1 text-sm font-semibold">Transport</legend>
      <FormField id="ewb-mode" label="Mode" error={errors.mode}>
        <NativeSelect id="ewb-mode" value={transport.mode} onChange={(e) => set({ mode: e.target.value as Transport["mode"] })}>
          <option value="road">Road</option>
          <option value="rail">Rail</option>
          <option value="air">Air</option>
          <option value="ship">Ship</option>
          <option value="">Part A only (the transporter adds the vehicle)</option>
        </NativeSelect>
      </FormField>
      <FormField id="ewb-distance" label="Distance (km)" error={errors.distance_km} hint="Empty or 0: the portal works it out">
        <Input id="ewb-distance" inputMode="numeric" value={transport.distance_km} aria-invalid={!!errors.distance_km} onChange={(e) => set({ distance_km: e.target.value })} />
      </FormField>
      {byRoad && (
        <FormField id="ewb-vehicle" label="Vehicle number" error={errors.vehicle_number} hint="e.g. MH12AB1234">
          <Input id="ewb-vehicle" className="uppercase" value={transport.vehicle_number} aria-invalid={!!errors.vehicle_number} onChange={(e) => set({ vehicle_number: e.target.value })} />
        </FormField>
      )}
      <FormField id="ewb-transporter-id" label="Transporter ID" error={errors.transporter_id} hint="GSTIN or TRANSIN">
        <Input id="ewb-transporter-id" className="font-mono uppercase" maxLength={15} value={transport.transporter_id} aria-invalid={!!errors.transporter_id} onChange={(e) => set({ transporter_id: e.target.value })} />
      </FormField>
      <FormField id="ewb-transporter-name" label="Transporter" error={errors.transporter_name}>
        <Input id="ewb-transporter-name" value={transport.transporter_name} onChange={(e) => set({ transporter_name: e.target.value })} />
      </FormField>
      {!byRoad && transport.mode && (
        <>
          <FormField id="ewb-doc-number" label="Transport document no." error={errors.doc_number} hint="RR, airway bill or bill of lading">
            <Input id="ewb-doc-number" maxLength={15} value={transport.doc_number} aria-invalid={!!errors.doc_number} onChange={(e) => set({ doc_number: e.target.value })} />
          </FormField>
          <FormField id="ewb-doc-date" label="Its date" error={errors.doc_date}>
            <Input id="ewb-doc-date" type="date" value={transport.doc_date} onChange={(e) => set({ doc_date: e.target.value })} />
          </FormField>
        </>
      )}
      {errors.form && <p role="alert" className="sm:col-span-3 text-sm text-destructive">{errors.form}</p>}
      <div className="sm:col-span-3">
        <Button type="button" variant="outline" onClick={() => void download()} disabled={busy}>
          {busy ? <Loader2Icon className="animate-spin" /> : <DownloadIcon />} Download e-way bill JSON
        </Button>
      </div>
    </fieldset>
  );
}

function RecordForm({ doc }: { doc: DocumentDetail }) {
  const queryClient = useQueryClient();
  const [number, setNumber] = useState("");
  const [date, setDate] = useState("");
  const [validUntil, setValidUntil] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  async function save() {
    setErrors({});
    if (!date) {
      setErrors({ date: "Give the date and time the portal generated it." });
      return;
    }
    setSaving(true);
    try {
      await invoiceEWayBillRecord(doc.id, { number, date: istInstant(date), valid_until: validUntil ? istInstant(validUntil) : null });
      await queryClient.invalidateQueries({ queryKey: ["invoices"] });
      toast.success(`E-way bill recorded on ${doc.number}`);
    } catch (e) {
      setErrors(errorsByField(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form
      className="grid gap-4 rounded-md border p-4 sm:grid-cols-3"
      aria-label="Record the e-way bill"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <FormField id="ewb-number" label="E-way bill no." error={errors.number} hint="12 digits">
        <Input id="ewb-number" inputMode="numeric" value={number} aria-invalid={!!errors.number} onChange={(e) => setNumber(e.target.value)} />
      </FormField>
      <FormField id="ewb-date" label="Generated on (IST)" error={errors.date}>
        <Input id="ewb-date" type="datetime-local" value={date} aria-invalid={!!errors.date} onChange={(e) => setDate(e.target.value)} />
      </FormField>
      <FormField id="ewb-valid" label="Valid until (IST)" error={errors.valid_until} hint="Empty while only Part A is filed">
        <Input id="ewb-valid" type="datetime-local" value={validUntil} aria-invalid={!!errors.valid_until} onChange={(e) => setValidUntil(e.target.value)} />
      </FormField>
      {errors.form && <p role="alert" className="sm:col-span-3 text-sm text-destructive">{errors.form}</p>}
      <div className="sm:col-span-3 flex justify-end">
        <Button type="submit" disabled={saving || !number}>
          {saving && <Loader2Icon className="animate-spin" />} Record e-way bill
        </Button>
      </div>
    </form>
  );
}
