"use client";
import { PlusIcon, Trash2Icon } from "lucide-react";
import { Fragment, useRef, type KeyboardEvent } from "react";
import { AsyncSelect } from "@/components/fields/async-select";
import { Button } from "@/components/ui/button";
import { formatMoney } from "@/lib/decimal";
import { cn } from "@/lib/utils";
import { documentTotals, lineAmounts, newLine, type DocumentLine, type DocumentTotals, type LineItemRef } from "./line-math";

export type LineColumn = "item" | "description" | "hsn" | "qty" | "unit" | "rate" | "discount_percent" | "tax_rate" | "amount";
export const ALL_LINE_COLUMNS: ReadonlyArray<LineColumn> = ["item", "description", "hsn", "qty", "unit", "rate", "discount_percent", "tax_rate", "amount"];

/** What a line may choose beneath its fields: the ledger it posts to, the cost centre it
 *  belongs to (shown in this order). */
export type LineChoiceField = "account" | "cost_centre" | "itc";
const CHOICE_FIELDS: ReadonlyArray<LineChoiceField> = ["account", "cost_centre", "itc"];
export type LineChoice = {
  label: string;
  /** The blank choice (the line's value ""), e.g. "Default (Sales)". */
  placeholder: string;
  options: ReadonlyArray<{ value: string; label: string }>;
};

const HEAD: Record<LineColumn, { label: string; className: string }> = {
  item: { label: "Item", className: "min-w-40" },
  description: { label: "Description", className: "min-w-36" },
  hsn: { label: "HSN/SAC", className: "w-24 min-w-20" },
  qty: { label: "Qty", className: "w-24 min-w-[4.5rem] text-right" },
  unit: { label: "Unit", className: "w-24 min-w-20" },
  rate: { label: "Rate (₹)", className: "w-32 min-w-24 text-right" },
  discount_percent: { label: "Disc. %", className: "w-20 min-w-14 text-right" },
  tax_rate: { label: "GST", className: "w-24 min-w-20" },
  amount: { label: "Amount (₹)", className: "w-32 min-w-[6.5rem] text-right" },
};

export type DocumentLineEditorProps = {
  lines: DocumentLine[];
  onChange: (lines: DocumentLine[]) => void;
  /** GST rate choices, e.g. [{value: "0", label: "0%"}, {value: "18", label: "18%"}]. */
  taxRates: ReadonlyArray<{ value: string; label: string }>;
  /** Searches items for the Item column; picking one fills description, HSN, unit, rate, GST. */
  searchItems?: (term: string, signal: AbortSignal) => Promise<LineItemRef[]>;
  /** Which columns to show, in order (default: all; "item" only with `searchItems`). */
  columns?: ReadonlyArray<LineColumn>;
  /** Choices each line makes in a row beneath its fields (none: no such row). */
  choices?: Partial<Record<LineChoiceField, LineChoice>>;
  units?: ReadonlyArray<string>;
  /** Errors from the API keyed like its fields: "lines.0.qty" (or "0.qty"). */
  errors?: Record<string, string[] | string>;
  readOnly?: boolean;
  /** Accessible name of the lines table. */
  label?: string;
  /** A purchase under reverse charge: the tax is ours to pay, the total leaves it out. */
  reverseCharge?: boolean;
};

const EDITABLE: ReadonlyArray<LineColumn> = ["item", "description", "hsn", "qty", "unit", "rate", "discount_percent", "tax_rate"];
const DEFAULT_UNITS = ["nos", "kg", "m", "mm", "sq m", "set", "hr"];

/**
 * The lines of an invoice, bill, quotation or purchase order: item, description, HSN, qty,
 * unit, rate, discount %, GST rate and amount (optionally a ledger and a cost centre beneath
 * each), with taxable / tax / grand totals in Indian format. Keyboard: Enter moves to the same
 * field on the next line (adding one at the end).
 * The amounts are a preview — the server computes the document's figures.
 */
export function DocumentLineEditor({ lines, onChange, taxRates, searchItems, columns = ALL_LINE_COLUMNS, choices = {}, units = DEFAULT_UNITS, errors = {}, readOnly = false, label = "Document lines", reverseCharge = false }: DocumentLineEditorProps) {
  const body = useRef<HTMLTableSectionElement>(null);
  const shown = columns.filter((c) => c !== "item" || searchItems);
  const chosen = CHOICE_FIELDS.filter((f) => choices[f]);
  const totals = documentTotals(lines);

  const errorOf = (row: number, field: string): string | undefined => {
    const e = errors[`lines.${row}.${field}`] ?? errors[`${row}.${field}`];
    return Array.isArray(e) ? e.join(" ") : e;
  };

  function patch(index: number, change: Partial<DocumentLine>) {
    onChange(lines.map((l, i) => (i === index ? { ...l, ...change } : l)));
  }
  function add(after = lines.length - 1): number {
    const next = [...lines];
    // a new line takes the GST rate, unit and cost centre of the one above (a document's lines
    // are mostly alike and for one job)
    const above = lines[after];
    next.splice(after + 1, 0, newLine({ tax_rate: above?.tax_rate ?? taxRates[0]?.value ?? "0", unit: above?.unit ?? units[0] ?? "nos", cost_centre: above?.cost_centre ?? "" }));
    onChange(next);
    return after + 1;
  }
  function remove(index: number) {
    onChange(lines.filter((_, i) => i !== index));
  }
  function focus(row: number, col: string) {
    requestAnimationFrame(() => {
      const el = body.current?.querySelector<HTMLElement>(`[data-row="${row}"][data-col="${col}"], [data-row="${row}"] [data-col="${col}"] input`);
      el?.focus();
      if (el instanceof HTMLInputElement) el.select(); // typing replaces the default (qty 1)
    });
  }
  function onKey(e: KeyboardEvent<HTMLElement>, row: number, col: LineColumn | LineChoiceField) {
    if (e.key !== "Enter" || e.defaultPrevented || e.nativeEvent.isComposing) return;
    e.preventDefault();
    const target = row + 1 < lines.length ? row + 1 : add(row);
    focus(target, col);
  }

  const cellInput =
    "h-8 w-full min-w-0 rounded-md border border-transparent bg-transparent px-2 text-sm outline-none hover:border-input focus:border-input focus:bg-background focus:ring-2 focus:ring-ring aria-invalid:border-destructive disabled:opacity-70";

  return (
    <div className="grid gap-4">
      {/* relative: holds the header's sr-only text, which would otherwise widen a phone's page */}
      <div className="relative overflow-x-auto rounded-lg border">
        <table className="w-full min-w-[900px] text-sm" aria-label={label}>
          <thead className="bg-muted/50 text-xs uppercase tracking-wide text-muted-foreground">
            <tr>
              <th scope="col" className="w-8 px-2 py-2 text-left font-medium">#</th>
              {shown.map((c) => (
                <th key={c} scope="col" className={cn("px-2 py-2 text-left font-medium", HEAD[c].className)}>{HEAD[c].label}</th>
              ))}
              {!readOnly && <th className="w-10"><span className="sr-only">Remove</span></th>}
            </tr>
          </thead>
          <tbody ref={body}>
            {lines.map((line, i) => {
              const amounts = lineAmounts(line);
              return (
                <Fragment key={line.key}>
                  <tr className="border-t align-top" data-testid="document-line" data-row={i}>
                    <td className="px-2 py-2.5 text-xs text-muted-foreground tabular-nums">{i + 1}</td>
                    {shown.map((c) => {
                      const err = errorOf(i, c);
                      const common = { "data-row": i, "data-col": c, "aria-invalid": err ? true : undefined, "aria-label": `${HEAD[c].label}, line ${i + 1}`, disabled: readOnly };
                      let control;
                      if (c === "amount") {
                        control = <div className="px-2 py-1.5 text-right font-medium tabular-nums" data-testid="line-amount">{formatMoney(amounts.taxable, { symbol: false })}</div>;
                      } else if (c === "item" && searchItems) {
                        control = (
                          <div data-col="item" onKeyDown={(e) => onKey(e, i, "item")}>
                            <AsyncSelect<LineItemRef>
                              id={`line-${line.key}-item`}
                              aria-label={`Item, line ${i + 1}`}
                              queryKey="line-items"
                              value={line.item}
                              fetcher={searchItems}
                              getKey={(it) => it.id}
                              getLabel={(it) => it.name}
                              getDescription={(it) => [it.hsn && `HSN ${it.hsn}`, it.rate && formatMoney(it.rate)].filter(Boolean).join(" · ")}
                              disabled={readOnly}
                              invalid={!!err}
                              onChange={(it) =>
                                patch(
                                  i,
                                  it
                                    ? { item: it, description: line.description || it.description || it.name, hsn: it.hsn ?? line.hsn, unit: it.unit ?? line.unit, rate: it.rate ?? line.rate, tax_rate: it.tax_rate ?? line.tax_rate }
                                    : { item: null },
                                )
                              }
                            />
                          </div>
                        );
                      } else if (c === "tax_rate") {
                        control = (
                          <select {...common} value={line.tax_rate} onChange={(e) => patch(i, { tax_rate: e.target.value })} onKeyDown={(e) => onKey(e, i, c)} className={cn(cellInput, "pr-1")}>
                            {taxRates.map((t) => <option key={t.value} value={t.value}>{t.label}</option>)}
                          </select>
                        );
                      } else if (c === "unit") {
                        control = (
                          <select {...common} value={line.unit} onChange={(e) => patch(i, { unit: e.target.value })} onKeyDown={(e) => onKey(e, i, c)} className={cn(cellInput, "pr-1")}>
                            {[...new Set([line.unit, ...units])].filter(Boolean).map((u) => <option key={u} value={u}>{u}</option>)}
                          </select>
                        );
                      } else {
                        const numeric = c === "qty" || c === "rate" || c === "discount_percent";
                        const field = c as "description" | "hsn" | "qty" | "rate" | "discount_percent";
                        control = (
                          <input
                            {...common}
                            value={line[field]}
                            inputMode={numeric ? "decimal" : undefined}
                            placeholder={c === "discount_percent" ? "0" : undefined}
                            onChange={(e) => {
                              const v = numeric ? e.target.value.replace(/,/g, "") : e.target.value;
                              if (numeric && !/^\d*\.?\d*$/.test(v)) return;
                              patch(i, { [field]: v });
                            }}
                            onKeyDown={(e) => onKey(e, i, c)}
                            className={cn(cellInput, numeric && "text-right tabular-nums")}
                          />
                        );
                      }
                      return (
                        <td key={c} className="px-1 py-1.5">
                          {control}
                          {err && <p role="alert" className="px-2 pt-1 text-xs text-destructive">{err}</p>}
                        </td>
                      );
                    })}
                    {!readOnly && (
                      <td className="px-1 py-1.5">
                        <Button type="button" variant="ghost" size="icon" className="size-8 text-muted-foreground hover:text-destructive" aria-label={`Remove line ${i + 1}`} onClick={() => remove(i)} disabled={lines.length <= 1}>
                          <Trash2Icon />
                        </Button>
                      </td>
                    )}
                  </tr>
                  {chosen.length > 0 && (
                    <tr data-row={i} data-testid="document-line-choices">
                      <td />
                      <td colSpan={shown.length} className="px-1 pb-2">
                        <div className="flex flex-wrap gap-x-6 gap-y-1">
                          {chosen.map((f) => {
                            const choice = choices[f]!;
                            const err = errorOf(i, f);
                            return (
                              <div key={f} className="min-w-0">
                                <label className="flex items-center gap-1 text-xs text-muted-foreground">
                                  <span className="shrink-0 font-medium uppercase tracking-wide">{choice.label}</span>
                                  <select
                                    data-row={i}
                                    data-col={f}
                                    aria-label={`${choice.label}, line ${i + 1}`}
                                    aria-invalid={err ? true : undefined}
                                    disabled={readOnly}
                                    value={line[f]}
                                    onChange={(e) => patch(i, { [f]: e.target.value })}
                                    onKeyDown={(e) => onKey(e, i, f)}
                                    className={cn(cellInput, "w-auto max-w-72 pr-1 text-foreground")}
                                  >
                                    <option value="">{choice.placeholder}</option>
                                    {choice.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                                  </select>
                                </label>
                                {err && <p role="alert" className="px-2 pt-1 text-xs text-destructive">{err}</p>}
                              </div>
                            );
                          })}
                        </div>
                      </td>
                      {!readOnly && <td />}
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        {!readOnly ? (
          <Button type="button" variant="outline" size="sm" className="self-start" onClick={() => focus(add(), EDITABLE.find((c) => shown.includes(c)) ?? "description")}>
            <PlusIcon /> Add line
          </Button>
        ) : (
          <span />
        )}
        <DocumentTotalsView totals={totals} reverseCharge={reverseCharge} />
      </div>
    </div>
  );
}

/** Taxable value, GST by rate, and the grand total, in ₹ with Indian grouping. Under reverse
 *  charge the tax is the buyer's to pay: shown, and left out of the total. */
export function DocumentTotalsView({ totals, className, reverseCharge = false }: { totals: DocumentTotals; className?: string; reverseCharge?: boolean }) {
  return (
    <dl className={cn("grid w-full gap-1.5 text-sm sm:w-80", className)} data-testid="document-totals" aria-label="Totals (preview)">
      <div className="flex justify-between"><dt className="text-muted-foreground">Taxable value</dt><dd className="tabular-nums" data-testid="total-taxable">{formatMoney(totals.taxable)}</dd></div>
      {totals.byRate.filter((r) => r.tax !== "0.00").map((r) => (
        <div key={r.rate} className="flex justify-between text-xs"><dt className="text-muted-foreground">GST @ {r.rate}% on {formatMoney(r.taxable)}</dt><dd className="tabular-nums">{formatMoney(r.tax)}</dd></div>
      ))}
      <div className="flex justify-between"><dt className="text-muted-foreground">{reverseCharge ? "Tax we pay on reverse charge" : "Tax"}</dt><dd className="tabular-nums" data-testid="total-tax">{formatMoney(totals.tax)}</dd></div>
      <div className="mt-1 flex justify-between border-t pt-2 text-base font-semibold"><dt>{reverseCharge ? "Total to the vendor" : "Total"}</dt><dd className="tabular-nums" data-testid="total-grand">{formatMoney(reverseCharge ? totals.taxable : totals.total)}</dd></div>
      <p className="text-right text-xs text-muted-foreground">Preview — the saved document is computed by the server.</p>
    </dl>
  );
}

export { documentTotals, lineAmounts, newLine, type DocumentLine, type DocumentTotals, type LineItemRef } from "./line-math";
