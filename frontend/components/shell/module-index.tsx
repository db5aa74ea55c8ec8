"use client";
import Link from "next/link";
import { Card, CardContent } from "@/components/ui/card";
import { allowedNavigation } from "@/lib/modules";
import { useMe } from "./shell-context";

/** An index page for a path that groups pages (/finance, /finance/reports): the sidebar's
 *  items under `prefix` the member may open, by section, so every breadcrumb leads somewhere. */
export function ModuleIndex({ prefix, also = [] }: { prefix: string; also?: string[] }) {
  const { permissions } = useMe();
  const under = (href: string) => href.startsWith(`${prefix}/`) || also.includes(href);
  const sections = allowedNavigation(permissions)
    .map((s) => ({ ...s, items: s.items.filter((i) => under(i.href)) }))
    .filter((s) => s.items.length > 0);
  if (sections.length === 0) return <p className="text-muted-foreground">You have no pages here. Ask the company's owner for a role that has them.</p>;
  return (
    <div className="space-y-8">
      {sections.map((section) => (
        <section key={section.label ?? "main"} aria-label={section.label}>
          {section.label && <h2 className="mb-3 text-sm font-medium text-muted-foreground">{section.label}</h2>}
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {section.items.map((item) => (
              <Link key={item.href} href={item.href} className="group rounded-xl focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring" data-testid="module-link">
                <Card className="h-full transition-colors group-hover:bg-accent/50">
                  <CardContent className="flex items-start gap-3 p-4">
                    <item.icon className="mt-0.5 size-5 shrink-0 text-primary" aria-hidden />
                    <div className="min-w-0">
                      <p className="font-medium">{item.label}</p>
                      {item.description && <p className="mt-0.5 text-sm text-muted-foreground">{item.description}</p>}
                    </div>
                  </CardContent>
                </Card>
              </Link>
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}
