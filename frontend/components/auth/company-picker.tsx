"use client";
import { ArrowRightIcon, Building2Icon, Loader2Icon, LogOutIcon } from "lucide-react";
import { useEffect, useState } from "react";
import { LoginForm } from "@/components/auth/login-form";
import { StatusBadge } from "@/components/status-badge";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { allauth } from "@/lib/allauth";
import { publicApi, unwrap } from "@/lib/api/client";
import { logout } from "@/lib/auth";
import type { components } from "@/lib/api/schema.public";

type Company = components["schemas"]["MyCompanyOutput"];

/** For someone with several companies: sign in once on the public site, pick where to go. */
export function CompanyPicker() {
  const [state, setState] = useState<"loading" | "anonymous" | "ready">("loading");
  const [companies, setCompanies] = useState<Company[]>([]);
  const [error, setError] = useState("");

  async function load() {
    const { status } = await allauth("GET", "/auth/session");
    if (status !== 200) return setState("anonymous");
    try {
      setCompanies(unwrap(await publicApi.GET("/api/v1/me/companies/")));
      setState("ready");
    } catch (e) {
      setError(e instanceof Error ? e.message : "Could not load your companies.");
      setState("ready");
    }
  }
  useEffect(() => {
    void load();
  }, []);

  if (state === "loading") return <p className="flex items-center gap-2 text-sm text-muted-foreground"><Loader2Icon className="size-4 animate-spin" /> Loading…</p>;
  if (state === "anonymous") return <LoginForm next="/companies" onSignedIn={() => { setState("loading"); void load(); }} />;
  return (
    <div className="grid gap-3">
      {error && <p role="alert" className="text-sm text-destructive">{error}</p>}
      {companies.length === 0 && !error && <p className="text-sm text-muted-foreground">You do not belong to any company yet.</p>}
      <ul className="grid gap-2" data-testid="company-list">
        {companies.map((c) => {
          const usable = c.status === "active" && c.company_status === "active" && c.url;
          return (
            <li key={c.id}>
              <a
                href={usable ? c.url : undefined}
                aria-disabled={!usable}
                className="flex items-center gap-3 rounded-lg border px-4 py-3 transition-colors hover:bg-accent aria-disabled:pointer-events-none aria-disabled:opacity-60"
              >
                <Building2Icon className="size-5 shrink-0 text-primary" aria-hidden />
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-medium">{c.name}</span>
                  <span className="block truncate text-xs text-muted-foreground">{c.domain}</span>
                </span>
                {c.is_owner && <Badge>Owner</Badge>}
                {c.status !== "active" && <StatusBadge status={c.status} />}
                {usable && <ArrowRightIcon className="size-4 text-muted-foreground" aria-hidden />}
              </a>
            </li>
          );
        })}
      </ul>
      <Button variant="ghost" className="justify-self-start" onClick={async () => { await logout(); setCompanies([]); setState("anonymous"); }}>
        <LogOutIcon /> Sign out
      </Button>
    </div>
  );
}
