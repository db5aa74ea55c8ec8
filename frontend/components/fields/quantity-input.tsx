"use client";
import type { ComponentProps } from "react";
import { formatDecimal, parseDecimal } from "@/lib/decimal";
import { cn } from "@/lib/utils";

export type QuantityInputProps = Omit<ComponentProps<"input">, "value" | "onChange" | "type"> & {
  /** A decimal string ("12.500") or "". */
  value: string;
  onChange: (value: string) => void;
  /** The unit shown after the number ("kg", "nos"). */
  unit?: string;
  /** With `units`, the unit becomes a picker calling `onUnitChange`. */
  units?: ReadonlyArray<string>;
  onUnitChange?: (unit: string) => void;
  decimals?: number;
};

/** A quantity with its unit of measure. The value stays a decimal string (3 places default). */
export function QuantityInput({ value, onChange, unit, units, onUnitChange, decimals = 3, className, onBlur, ...props }: QuantityInputProps) {
  return (
    <div className={cn("flex h-9 items-stretch overflow-hidden rounded-md border border-input bg-background shadow-xs focus-within:ring-2 focus-within:ring-ring", className)}>
      <input
        {...props}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        value={value}
        onChange={(e) => {
          const text = e.target.value.replace(/[\s,]/g, "");
          if (/^\d*\.?\d*$/.test(text)) onChange(text);
        }}
        onBlur={(e) => {
          const p = parseDecimal(value, decimals);
          if (p !== null && value !== "") onChange(formatDecimal(p, decimals).replace(/\.?0+$/, "") || "0");
          onBlur?.(e);
        }}
        className="min-w-0 flex-1 bg-transparent px-3 text-right text-sm tabular-nums outline-none"
      />
      {units && onUnitChange ? (
        <select
          aria-label="Unit"
          value={unit}
          onChange={(e) => onUnitChange(e.target.value)}
          className="border-l border-input bg-muted/50 px-2 text-xs text-muted-foreground outline-none"
        >
          {units.map((u) => <option key={u} value={u}>{u}</option>)}
        </select>
      ) : unit ? (
        <span className="flex items-center border-l border-input bg-muted/50 px-2.5 text-xs text-muted-foreground">{unit}</span>
      ) : null}
    </div>
  );
}
