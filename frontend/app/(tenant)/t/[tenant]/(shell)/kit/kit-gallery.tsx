"use client";
import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { EmptyState } from "@/components/empty-state";
import { AsyncSelect } from "@/components/fields/async-select";
import { DateInput } from "@/components/fields/date-input";
import { MoneyInput } from "@/components/fields/money-input";
import { QuantityInput } from "@/components/fields/quantity-input";
import { FormField } from "@/components/form-field";
import { DocumentLineEditor, newLine, type DocumentLine, type LineItemRef } from "@/components/line-editor/document-line-editor";
import { PageHeader } from "@/components/page-header";
import { StatusBadge } from "@/components/status-badge";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

const ITEMS: LineItemRef[] = [
  { id: 1, name: "MS Plate 10 mm", hsn: "7208", unit: "kg", rate: "68.50", tax_rate: "18" },
  { id: 2, name: "Fabrication labour", hsn: "998873", unit: "hr", rate: "450", tax_rate: "18" },
  { id: 3, name: "Hex bolt M16", hsn: "7318", unit: "nos", rate: "12.40", tax_rate: "18" },
  { id: 4, name: "Primer coat", hsn: "3208", unit: "sq m", rate: "85", tax_rate: "18" },
];
const TAX_RATES = ["0", "5", "12", "18", "28"].map((r) => ({ value: r, label: `${r}%` }));

async function searchItems(term: string): Promise<LineItemRef[]> {
  await new Promise((r) => setTimeout(r, 150));
  return ITEMS.filter((i) => i.name.toLowerCase().includes(term.toLowerCase()));
}

export function KitGallery() {
  const [money, setMoney] = useState("1234567.5");
  const [qty, setQty] = useState("12.5");
  const [unit, setUnit] = useState("kg");
  const [date, setDate] = useState("2026-04-01");
  const [item, setItem] = useState<LineItemRef | null>(null);
  const [lines, setLines] = useState<DocumentLine[]>([newLine({ key: "l1" })]);
  return (
    <>
      <PageHeader title="UI kit" description="The shared components, live. Props are listed in frontend/components/README.md." />
      <div className="grid gap-6">
        <Card>
          <CardHeader><CardTitle>Form fields</CardTitle><CardDescription>Values are decimal strings; shown with Indian grouping.</CardDescription></CardHeader>
          <CardContent className="grid gap-5 sm:grid-cols-2 lg:grid-cols-4">
            <FormField id="kit-money" label="Amount" hint={<span data-testid="kit-money-value">{money || "—"}</span>}>
              <MoneyInput id="kit-money" value={money} onChange={setMoney} />
            </FormField>
            <FormField id="kit-qty" label="Quantity" hint={`${qty} ${unit}`}>
              <QuantityInput id="kit-qty" value={qty} onChange={setQty} unit={unit} units={["kg", "nos", "m"]} onUnitChange={setUnit} />
            </FormField>
            <FormField id="kit-date" label="Invoice date" hint={date}>
              <DateInput id="kit-date" value={date} onChange={setDate} />
            </FormField>
            <FormField id="kit-item" label="Item" hint={item ? `#${item.id}` : "Type to search"}>
              <AsyncSelect<LineItemRef> id="kit-item" queryKey="kit-items" value={item} onChange={setItem} fetcher={searchItems} getKey={(i) => i.id} getLabel={(i) => i.name} getDescription={(i) => `HSN ${i.hsn}`} />
            </FormField>
          </CardContent>
        </Card>
        <Card>
          <CardHeader><CardTitle>Document lines</CardTitle><CardDescription>Enter moves down a column and adds a line at the end.</CardDescription></CardHeader>
          <CardContent>
            <DocumentLineEditor lines={lines} onChange={setLines} taxRates={TAX_RATES} searchItems={searchItems} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader><CardTitle>Feedback</CardTitle></CardHeader>
          <CardContent className="grid gap-4">
            <div className="flex flex-wrap gap-2">
              {["draft", "submitted", "approved", "partially_paid", "paid", "overdue", "cancelled"].map((s) => <StatusBadge key={s} status={s} />)}
            </div>
            <div className="flex flex-wrap gap-2">
              <Button variant="outline" onClick={() => toast.success("Invoice INV/26-27/00042 saved")}>Show a toast</Button>
              <ConfirmDialog title="Cancel this invoice?" description="A cancelled invoice keeps its number." confirmLabel="Cancel invoice" destructive onConfirm={() => toast("Cancelled")} trigger={<Button variant="outline">Confirm dialog</Button>} />
            </div>
            <EmptyState compact title="No invoices yet" description="Invoices you raise appear here." action={<Button size="sm">New invoice</Button>} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
