"use client";
import { ChevronRightIcon } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { SEGMENT_LABELS } from "@/lib/modules";

/** Path prefixes with no page of their own: shown, not linked. */
const NOT_PAGES = [/^\/finance\/documents(\/[^/]+)?$/];

export function Breadcrumbs() {
  const segments = usePathname().split("/").filter(Boolean);
  const crumbs = [{ href: "/", label: "Home" }, ...segments.map((s, i) => ({
    href: `/${segments.slice(0, i + 1).join("/")}`,
    label: SEGMENT_LABELS[s] ?? decodeURIComponent(s).replace(/-/g, " "),
  }))];
  return (
    <nav aria-label="Breadcrumb" className="min-w-0">
      <ol className="flex items-center gap-1.5 truncate text-sm text-muted-foreground">
        {crumbs.map((c, i) => (
          <li key={c.href} className="flex items-center gap-1.5">
            {i > 0 && <ChevronRightIcon className="size-3.5" aria-hidden />}
            {i === crumbs.length - 1 ? (
              <span aria-current="page" className="font-medium text-foreground capitalize">{c.label}</span>
            ) : NOT_PAGES.some((p) => p.test(c.href)) ? (
              <span className="capitalize">{c.label}</span>
            ) : (
              <Link href={c.href} className="hover:text-foreground">{c.label}</Link>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
