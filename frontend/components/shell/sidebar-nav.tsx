"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { allowedNavigation } from "@/lib/modules";
import { cn } from "@/lib/utils";
import { useMe } from "./shell-context";

export function SidebarNav({ onNavigate }: { onNavigate?: () => void }) {
  const me = useMe();
  const pathname = usePathname();
  const sections = allowedNavigation(me.permissions);
  return (
    <nav aria-label="Modules" className="grid gap-6 px-3 py-4">
      {sections.map((section, i) => (
        <div key={section.label ?? i} className="grid gap-1">
          {section.label && (
            <p className="px-3 pb-1 text-xs font-medium uppercase tracking-wide text-muted-foreground">{section.label}</p>
          )}
          {section.items.map(({ href, label, icon: Icon }) => {
            const active = href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
            return (
              <Link
                key={href}
                href={href}
                onClick={onNavigate}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium text-muted-foreground transition-colors hover:bg-accent hover:text-foreground",
                  active && "bg-primary/10 text-primary hover:bg-primary/10 hover:text-primary",
                )}
              >
                <Icon className="size-4" /> {label}
              </Link>
            );
          })}
        </div>
      ))}
    </nav>
  );
}
