"use client";
import type { ComponentProps } from "react";
import { Input } from "@/components/ui/input";

export type DateInputProps = Omit<ComponentProps<"input">, "value" | "onChange" | "type"> & {
  /** ISO date "2026-04-01" or "" (the API's date format). */
  value: string;
  onChange: (value: string) => void;
  min?: string;
  max?: string;
};

/** A date as the API wants it (YYYY-MM-DD); the browser shows it in the user's locale (DD/MM/YYYY in India). */
export function DateInput({ value, onChange, ...props }: DateInputProps) {
  return <Input {...props} type="date" value={value} onChange={(e) => onChange(e.target.value)} />;
}

/** "2026-04-01" → "1 Apr 2026". */
export function formatIsoDate(value: string | null | undefined): string {
  if (!value) return "—";
  const [y, m, d] = value.slice(0, 10).split("-").map(Number);
  if (!y || !m || !d) return value;
  return new Intl.DateTimeFormat("en-IN", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(Date.UTC(y, m - 1, d));
}
