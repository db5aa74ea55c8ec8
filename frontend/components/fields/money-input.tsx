"use client";
import { useLayoutEffect, useRef, useState, type ComponentProps } from "react";
import { formatDecimal, groupIndian, parseDecimal } from "@/lib/decimal";
import { cn } from "@/lib/utils";

export type MoneyInputProps = Omit<ComponentProps<"input">, "value" | "onChange" | "type" | "defaultValue"> & {
  /** A decimal string ("1234567.89") or "" for empty: the API's money format. */
  value: string;
  onChange: (value: string) => void;
  /** Decimal places (2 for rupees). */
  decimals?: number;
  allowNegative?: boolean;
  /** The currency symbol in front ("₹", "$", "AED"; a longer one widens the left padding). */
  symbol?: string;
};

/**
 * Money in ₹ with Indian digit grouping (12,34,567.89) while not being edited; plain digits
 * while focused. The value is always a normalised decimal string ("1234567.89"), never a float.
 */
export function MoneyInput({ value, onChange, decimals = 2, allowNegative = false, symbol = "₹", className, onBlur, onFocus, ...props }: MoneyInputProps) {
  const [focused, setFocused] = useState(false);
  const [draft, setDraft] = useState(value);
  // Focusing swaps the grouped text for plain digits, and replacing an input's text drops its
  // selection (the swap lands after the focus event, so after a select() that followed focus()
  // too). Focus that is not a click or tap (Tab, a script, a test's fill) selects the whole
  // amount, so typing replaces it instead of appending to it; a click keeps its caret at the end.
  const input = useRef<HTMLInputElement>(null);
  const pointer = useRef(false);
  const reselect = useRef(false);
  useLayoutEffect(() => {
    if (focused && reselect.current) input.current?.select();
    reselect.current = false;
  }, [focused]);
  const parsed = parseDecimal(value, decimals);
  const display = focused ? draft : parsed === null ? value : groupIndian(formatDecimal(parsed, decimals));
  const pattern = allowNegative ? /^-?[\d,]*\.?\d*$/ : /^[\d,]*\.?\d*$/;
  return (
    <div className={cn("relative", className)}>
      <span className="pointer-events-none absolute left-3 top-1/2 -translate-y-1/2 text-sm text-muted-foreground" aria-hidden>
        {symbol}
      </span>
      <input
        {...props}
        ref={input}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        value={display}
        onPointerDown={(e) => {
          pointer.current = true;
          props.onPointerDown?.(e);
        }}
        onFocus={(e) => {
          reselect.current = !pointer.current && e.currentTarget.value.length > 0;
          pointer.current = false;
          setFocused(true);
          setDraft(value);
          onFocus?.(e);
        }}
        onChange={(e) => {
          const text = e.target.value.replace(/\s/g, "");
          if (!pattern.test(text)) return;
          setDraft(text);
          const p = parseDecimal(text, decimals);
          onChange(text === "" ? "" : p === null ? text : formatDecimal(p, decimals));
        }}
        onBlur={(e) => {
          pointer.current = false;
          setFocused(false);
          onBlur?.(e);
        }}
        style={symbol.length > 1 ? { paddingLeft: `calc(1.25rem + ${symbol.length}ch)`, ...props.style } : props.style}
        className="flex h-9 w-full min-w-0 rounded-md border border-input bg-background py-1 pl-7 pr-3 text-right text-sm tabular-nums shadow-xs placeholder:text-muted-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring disabled:opacity-50 aria-invalid:border-destructive"
      />
    </div>
  );
}
