"use client";
import { useQuery } from "@tanstack/react-query";
import { CheckIcon, ChevronsUpDownIcon, Loader2Icon, XIcon } from "lucide-react";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { cn } from "@/lib/utils";

export type AsyncSelectProps<T> = {
  /** The chosen record (or null). */
  value: T | null;
  onChange: (value: T | null) => void;
  /** Returns the records matching a search term (e.g. `?search=` on a list API, first page). */
  fetcher: (term: string, signal: AbortSignal) => Promise<T[]>;
  getKey: (item: T) => string | number;
  getLabel: (item: T) => string;
  /** A second line under each option (a GSTIN, a code, a balance). */
  getDescription?: (item: T) => ReactNode;
  /** Distinguishes the query cache of different record types ("partners", "items"). */
  queryKey: string;
  id?: string;
  placeholder?: string;
  disabled?: boolean;
  invalid?: boolean;
  /** Shows a clear button. */
  clearable?: boolean;
  /** Text when nothing matches; e.g. a "Create customer" hint. */
  emptyText?: ReactNode;
  className?: string;
  "aria-label"?: string;
  "aria-describedby"?: string;
};

/** A combobox that searches related records on the server as you type (debounced, keyboard:
 *  ↑ ↓ to move, Enter to pick, Esc to close). Generic over the record type through `fetcher`. */
export function AsyncSelect<T>({
  value,
  onChange,
  fetcher,
  getKey,
  getLabel,
  getDescription,
  queryKey,
  id,
  placeholder = "Search…",
  disabled,
  invalid,
  clearable = true,
  emptyText = "No matches",
  className,
  ...aria
}: AsyncSelectProps<T>) {
  const autoId = useId();
  const inputId = id ?? `async-${autoId}`;
  const listId = `${inputId}-list`;
  const [open, setOpen] = useState(false);
  const [term, setTerm] = useState("");
  const [debounced, setDebounced] = useState("");
  const [active, setActive] = useState(0);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const t = setTimeout(() => setDebounced(term), 250);
    return () => clearTimeout(t);
  }, [term]);

  const results = useQuery({
    queryKey: ["async-select", queryKey, debounced],
    queryFn: ({ signal }) => fetcher(debounced, signal),
    enabled: open,
    staleTime: 30_000,
    placeholderData: (prev) => prev,
  });
  const items = results.data ?? [];

  useEffect(() => setActive(0), [debounced]);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [open]);

  function pick(item: T) {
    onChange(item);
    setOpen(false);
    setTerm("");
  }

  return (
    <div ref={root} className={cn("relative", className)}>
      <div
        className={cn(
          "flex h-9 items-center rounded-md border border-input bg-background shadow-xs focus-within:ring-2 focus-within:ring-ring",
          invalid && "border-destructive",
          disabled && "opacity-50",
        )}
      >
        <input
          id={inputId}
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-invalid={invalid || undefined}
          aria-activedescendant={open && items[active] ? `${listId}-${active}` : undefined}
          aria-label={aria["aria-label"]}
          aria-describedby={aria["aria-describedby"]}
          disabled={disabled}
          autoComplete="off"
          placeholder={value ? getLabel(value) : placeholder}
          value={open ? term : value ? getLabel(value) : ""}
          onFocus={() => setOpen(true)}
          onClick={() => setOpen(true)}
          onChange={(e) => {
            setTerm(e.target.value);
            setOpen(true);
          }}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown") {
              e.preventDefault();
              setOpen(true);
              setActive((a) => Math.min(a + 1, Math.max(items.length - 1, 0)));
            } else if (e.key === "ArrowUp") {
              e.preventDefault();
              setActive((a) => Math.max(a - 1, 0));
            } else if (e.key === "Enter" && open) {
              const item = items[active];
              if (item) {
                e.preventDefault();
                pick(item);
              }
            } else if (e.key === "Escape") {
              setOpen(false);
              setTerm("");
            } else if (e.key === "Tab") {
              setOpen(false);
            }
          }}
          className="h-full min-w-0 flex-1 bg-transparent px-3 text-sm outline-none placeholder:text-muted-foreground"
        />
        {results.isFetching && open ? (
          <Loader2Icon className="mr-2 size-4 animate-spin text-muted-foreground" aria-hidden />
        ) : clearable && value && !disabled ? (
          <button type="button" aria-label="Clear" className="mr-1 rounded p-1 text-muted-foreground hover:text-foreground" onClick={() => onChange(null)}>
            <XIcon className="size-3.5" />
          </button>
        ) : (
          <ChevronsUpDownIcon className="mr-2 size-4 text-muted-foreground" aria-hidden />
        )}
      </div>
      {open && (
        <ul id={listId} role="listbox" className="absolute z-50 mt-1 max-h-64 w-full min-w-56 overflow-y-auto rounded-md border bg-popover p-1 text-popover-foreground shadow-md">
          {results.isError ? (
            <li className="px-2 py-1.5 text-sm text-destructive">{results.error.message}</li>
          ) : items.length === 0 ? (
            <li className="px-2 py-1.5 text-sm text-muted-foreground">{results.isPending ? "Searching…" : emptyText}</li>
          ) : (
            items.map((item, i) => {
              const selected = value !== null && getKey(value) === getKey(item);
              return (
                <li
                  key={getKey(item)}
                  id={`${listId}-${i}`}
                  role="option"
                  aria-selected={selected}
                  onMouseDown={(e) => e.preventDefault()}
                  onMouseEnter={() => setActive(i)}
                  onClick={() => pick(item)}
                  className={cn("flex cursor-default items-start gap-2 rounded-sm px-2 py-1.5 text-sm", i === active && "bg-accent")}
                >
                  <CheckIcon className={cn("mt-0.5 size-4 shrink-0", selected ? "opacity-100" : "opacity-0")} aria-hidden />
                  <span className="min-w-0">
                    <span className="block truncate">{getLabel(item)}</span>
                    {getDescription && <span className="block truncate text-xs text-muted-foreground">{getDescription(item)}</span>}
                  </span>
                </li>
              );
            })
          )}
        </ul>
      )}
    </div>
  );
}
