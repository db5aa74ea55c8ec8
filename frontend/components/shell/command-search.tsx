"use client";
import { SearchIcon } from "lucide-react";
import dynamic from "next/dynamic";
import { useEffect, useState } from "react";

// The palette (dialog, page list) loads the first time it opens.
const CommandPalette = dynamic(() => import("./command-palette").then((m) => m.CommandPalette), { ssr: false });

/**
 * The top bar's search box. Record search (customers, items, invoices…) arrives with those
 * modules; until then it honestly says so and jumps to pages. Ctrl+K / ⌘K or "/" opens it.
 */
export function CommandSearch() {
  const [open, setOpen] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const show = () => {
    setLoaded(true);
    setOpen(true);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLElement && (e.target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(e.target.tagName));
      if ((e.key === "k" && (e.metaKey || e.ctrlKey)) || (e.key === "/" && !typing)) {
        e.preventDefault();
        setLoaded(true);
        setOpen(true);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <>
      <button
        type="button"
        onClick={show}
        aria-keyshortcuts="Control+K Meta+K /"
        className="hidden h-9 w-full max-w-xs items-center gap-2 rounded-md border border-input bg-muted/40 px-3 text-sm text-muted-foreground hover:bg-accent md:flex"
      >
        <SearchIcon className="size-4" aria-hidden />
        <span className="flex-1 text-left">Jump to…</span>
        <kbd className="rounded border bg-background px-1.5 font-mono text-[10px]">Ctrl K</kbd>
      </button>
      <button type="button" onClick={show} aria-label="Search" className="inline-flex size-9 items-center justify-center rounded-md hover:bg-accent md:hidden">
        <SearchIcon className="size-4" />
      </button>
      {loaded && <CommandPalette open={open} setOpen={setOpen} />}
    </>
  );
}
