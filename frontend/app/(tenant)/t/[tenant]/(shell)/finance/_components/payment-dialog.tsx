"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Loader2Icon } from "lucide-react";
import { useState } from "react";
import { DateInput } from "@/components/fields/date-input";
import { MoneyInput } from "@/components/fields/money-input";
import { FormField } from "@/components/form-field";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { ApiError } from "@/lib/api/errors";
import { cashAccountsQuery, deductionAccountsQuery, paymentCreate, type DocumentDetail } from "@/lib/api/invoicing";
import { BASE_CURRENCY, currencyOf, formatCurrency, formatRate } from "@/lib/currency";
import { formatDecimal, parseDecimal } from "@/lib/decimal";
import { DeductionsEditor, deductionsPayload, deductionsTotal, newDeduction, SUGGESTED_ROLE, tdsBaseDefault, type DeductionRow } from "../payments/_components/payment-deductions";
import { ExchangeGain, exchangePreview, useRupeesAndRate } from "./exchange";
import { today } from "@/lib/dates";

export const MODES = [
  { value: "bank_transfer", label: "Bank transfer (NEFT/RTGS/IMPS)" },
  { value: "upi", label: "UPI" },
  { value: "cheque", label: "Cheque" },
  { value: "cash", label: "Cash" },
  { value: "card", label: "Card" },
];

/** Record a receipt (invoice) or payment (bill) against one document, partly or in full; "Less
 *  TDS / deductions" records what the party kept back (TDS under 194C…, a discount), so a
 *  customer paying net of TDS settles the invoice in one go: the amount is the money, and the
 *  document is settled with the money plus the deductions. */
export function PaymentDialog({ document, kind }: { document: DocumentDetail; kind: "receipt" | "payment" }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const accounts = useQuery({ ...cashAccountsQuery(), enabled: open });
  const openAmount = parseDecimal(document.amount_open, 2) ?? 0n;
  const [amount, setAmount] = useState(formatDecimal(openAmount, 2));
  // while the amount is untouched it follows the deductions: open amount less what was kept back
  const [amountTouched, setAmountTouched] = useState(false);
  const [deductions, setDeductions] = useState<DeductionRow[]>([]);
  const deductionAccounts = useQuery({ ...deductionAccountsQuery(), enabled: open });
  const suggested = deductionAccounts.data?.find((a) => a.role === SUGGESTED_ROLE[kind]) ?? null;
  const money = parseDecimal(amount, 2) ?? 0n;
  const deducted = deductionsTotal(deductions);
  const settled = formatDecimal(money + deducted, 2);
  const changeDeductions = (rows: DeductionRow[]) => {
    setDeductions(rows);
    if (!amountTouched) setAmount(formatDecimal(openAmount - deductionsTotal(rows), 2));
  };
  const [date, setDate] = useState(today() < document.date ? document.date : today());
  const [account, setAccount] = useState("");
  const [mode, setMode] = useState("bank_transfer");
  const [reference, setReference] = useState("");
  // money in the document's currency, at the rate of the payment date (the document's by default)
  const foreign = document.currency !== BASE_CURRENCY;
  const { rate, setRate, rupees, setRupees, amountBase } = useRupeesAndRate(amount, foreign ? formatRate(document.exchange_rate) : "1");
  const symbol = currencyOf(document.currency || BASE_CURRENCY).symbol;
  // the TDS base the server defaults to (ADR 0060): all of it settles this document; in rupees
  // only (another currency converts at rates the form does not hold exactly)
  const defaultBase = foreign ? null : tdsBaseDefault(money + deducted, [{ amount: money + deducted, taxableTotal: document.taxable_total, total: document.total }]);
  const preview = foreign ? exchangePreview(amount, rate, document.exchange_rate ?? "1", kind === "receipt", amountBase) : null;
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState("");
  const [saving, setSaving] = useState(false);
  // Cash goes to the cash account, anything else to the (first) bank account, unless picked.
  const fallback = accounts.data?.find((a) => a.role === (mode === "cash" ? "cash" : "bank")) ?? accounts.data?.[0];
  const chosen = account || String(fallback?.id ?? "");

  async function save() {
    setSaving(true);
    setErrors({});
    setFormError("");
    try {
      const payment = await paymentCreate({
        kind,
        partner: document.partner.id,
        date,
        account: Number(chosen),
        amount,
        mode,
        reference,
        currency: document.currency,
        exchange_rate: foreign ? rate : "1",
        ...(foreign && amountBase ? { amount_base: amountBase } : {}),
        deductions: deductionsPayload(deductions),
        allocations: [{ document: document.id, amount: settled }],
      });
      await queryClient.invalidateQueries();
      toast.success(`${kind === "receipt" ? "Receipt" : "Payment"} ${payment.number} recorded`);
      setOpen(false);
    } catch (e) {
      if (e instanceof ApiError) {
        setErrors(e.fields);
        setFormError(e.message);
      } else setFormError("Could not record the payment.");
    } finally {
      setSaving(false);
    }
  }
  const err = (name: string) => errors[name]?.join(" ") ?? errors[`allocations.0.${name}`]?.join(" ");
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline">{kind === "receipt" ? "Record payment" : "Pay bill"}</Button>
      </DialogTrigger>
      <DialogContent className={deductions.length ? "max-h-[90vh] overflow-y-auto sm:max-w-4xl" : undefined}>
        <DialogHeader>
          <DialogTitle>{kind === "receipt" ? "Record a payment received" : "Record a payment made"}</DialogTitle>
          <DialogDescription>
            {document.number} · open {formatCurrency(document.amount_open, document.currency)}. Anything above the open amount is refused; pay less to leave it partly paid.
          </DialogDescription>
        </DialogHeader>
        <div className="grid gap-4">
          {formError && <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">{formError}</p>}
          <FormField
            id="pay-amount"
            label={foreign ? `Amount (${document.currency})` : "Amount"}
            hint={deductions.length ? `What was ${kind === "receipt" ? "received" : "paid"}, net of the deductions below` : undefined}
            error={err("amount") ?? err("document")}
          >
            <MoneyInput id="pay-amount" symbol={symbol} value={amount} onChange={(v) => { setAmountTouched(true); setAmount(v); }} />
          </FormField>
          {foreign && (
            <FormField
              id="pay-rate"
              label={`Rate (₹ per ${document.currency}); booked at ₹${formatRate(document.exchange_rate)}`}
              error={err("exchange_rate")}
              hint={preview && Number(preview) !== 0 ? <span data-testid="pay-exchange-preview">Realised on this payment: <ExchangeGain value={preview} /></span> : undefined}
            >
              <Input id="pay-rate" inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} />
            </FormField>
          )}
          {foreign && (
            <FormField
              id="pay-rupees"
              label={kind === "receipt" ? "₹ credited by the bank" : "₹ debited by the bank"}
              hint="As on the bank's advice (FIRC); the rate follows from it"
              error={err("amount_base")}
            >
              <MoneyInput id="pay-rupees" value={rupees} onChange={setRupees} />
            </FormField>
          )}
          <FormField id="pay-date" label="Date" error={err("date")}>
            <DateInput id="pay-date" value={date} onChange={setDate} />
          </FormField>
          <FormField id="pay-account" label="Bank or cash account" error={err("account")}>
            <NativeSelect id="pay-account" value={chosen} onChange={(e) => setAccount(e.target.value)}>
              {accounts.data?.map((a) => <option key={a.id} value={a.id}>{a.code} · {a.name}</option>)}
            </NativeSelect>
          </FormField>
          <FormField id="pay-mode" label="Mode">
            <NativeSelect id="pay-mode" value={mode} onChange={(e) => setMode(e.target.value)}>
              {MODES.map((m) => <option key={m.value} value={m.value}>{m.label}</option>)}
            </NativeSelect>
          </FormField>
          <FormField id="pay-ref" label="Reference (UTR, cheque no.)" error={err("reference")}>
            <Input id="pay-ref" value={reference} maxLength={60} onChange={(e) => setReference(e.target.value)} />
          </FormField>
          {deductions.length === 0 ? (
            <div>
              <Button variant="outline" size="sm" disabled={deductionAccounts.isPending} onClick={() => changeDeductions([newDeduction(suggested)])}>
                Less TDS / deductions
              </Button>
              <p className="mt-1 text-xs text-muted-foreground">
                {kind === "receipt" ? "The customer kept back TDS, a discount or bank charges?" : "Keeping back TDS or a discount from the vendor?"}
              </p>
            </div>
          ) : (
            <div className="grid gap-2">
              <h3 className="text-sm font-medium">Less TDS / deductions</h3>
              <DeductionsEditor kind={kind} rows={deductions} onChange={changeDeductions} suggested={suggested} moneyAccount={chosen ? Number(chosen) : null} symbol={symbol} errors={errors} defaultBase={defaultBase} />
            </div>
          )}
          {deductions.length > 0 && (
            <p className="text-sm font-medium" data-testid="pay-settles">
              Settles {formatCurrency(settled, document.currency)}{" "}
              <span className="font-normal text-muted-foreground">
                ({kind === "receipt" ? "received" : "paid"} {formatCurrency(formatDecimal(money, 2), document.currency)} + deductions {formatCurrency(formatDecimal(deducted, 2), document.currency)})
              </span>
            </p>
          )}
        </div>
        <DialogFooter>
          <Button onClick={save} disabled={saving || !chosen || (foreign && !rate)}>
            {saving && <Loader2Icon className="animate-spin" />} Save
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
