"use client";
import { CornerDownLeftIcon, SearchIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { allowedNavigation } from "@/lib/modules";
import { cn } from "@/lib/utils";
import { useMe } from "./shell-context";

/**
 * The palette of the top bar's search box. Record search (customers, items, invoices…) arrives with those
 * modules; until then it honestly says so and jumps to pages. Ctrl+K / ⌘K or "/" opens it.
 */
export function CommandPalette({ open, setOpen }: { open: boolean; setOpen: (o: boolean) => void }) {
  const [term, setTerm] = useState("");
  const [active, setActive] = useState(0);
  const router = useRouter();
  const me = useMe();
  const pages = useMemo(
    () => allowedNavigation(me.permissions).flatMap((s) => s.items.map((i) => ({ ...i, section: s.label ?? "" }))).concat([{ href: "/account", label: "Account & security", icon: SearchIcon, section: "You", permission: undefined }]),
    [me.permissions],
  );
  const matches = pages.filter((p) => p.label.toLowerCase().includes(term.trim().toLowerCase()));

  useEffect(() => setActive(0), [term]);

  const go = (href: string) => {
    setOpen(false);
    setTerm("");
    router.push(href);
  };

  return (
    <>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent className="top-[15%] max-w-lg translate-y-0 gap-0 p-0">
          <DialogTitle className="sr-only">Jump to a page</DialogTitle>
          <div className="flex items-center gap-2 border-b px-4">
            <SearchIcon className="size-4 text-muted-foreground" aria-hidden />
            <input
              autoFocus
              role="combobox"
              aria-expanded
              aria-controls="command-list"
              aria-activedescendant={matches[active] ? `cmd-${active}` : undefined}
              aria-label="Jump to a page"
              placeholder="Type a page name…"
              value={term}
              onChange={(e) => setTerm(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "ArrowDown") { e.preventDefault(); setActive((a) => Math.min(a + 1, matches.length - 1)); }
                if (e.key === "ArrowUp") { e.preventDefault(); setActive((a) => Math.max(a - 1, 0)); }
                if (e.key === "Enter" && matches[active]) { e.preventDefault(); go(matches[active].href); }
              }}
              className="h-12 flex-1 bg-transparent text-sm outline-none"
            />
          </div>
          <ul id="command-list" role="listbox" className="max-h-72 overflow-y-auto p-2">
            {matches.map((p, i) => (
              <li
                key={p.href}
                id={`cmd-${i}`}
                role="option"
                aria-selected={i === active}
                onMouseEnter={() => setActive(i)}
                onClick={() => go(p.href)}
                className={cn("flex cursor-default items-center gap-3 rounded-md px-3 py-2 text-sm", i === active && "bg-accent")}
              >
                <p.icon className="size-4 text-muted-foreground" aria-hidden />
                <span className="flex-1">{p.label}</span>
                {p.section && <span className="text-xs text-muted-foreground">{p.section}</span>}
                {i === active && <CornerDownLeftIcon className="size-3.5 text-muted-foreground" aria-hidden />}
              </li>
            ))}
            {matches.length === 0 && <li className="px-3 py-6 text-center text-sm text-muted-foreground">No page called “{term}”.</li>}
          </ul>
          <DialogDescription className="border-t px-4 py-2.5 text-xs">
            Searching customers, items and documents arrives with those modules; for now this jumps to pages.
          </DialogDescription>
        </DialogContent>
      </Dialog>
    </>
  );
}
