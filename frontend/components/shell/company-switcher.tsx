"use client";
import { useQuery } from "@tanstack/react-query";
import { Building2Icon, CheckIcon, ChevronsUpDownIcon, PlusIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { myCompaniesQuery } from "@/lib/api/me";
import { useMe } from "./shell-context";

export function CompanySwitcher() {
  const me = useMe();
  const { data: companies } = useQuery(myCompaniesQuery());
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" className="h-10 min-w-0 max-w-[min(24rem,60vw)] shrink justify-start gap-2 px-2" aria-label="Switch company">
          <span className="inline-flex size-7 shrink-0 items-center justify-center rounded-md bg-primary text-xs font-semibold text-primary-foreground">
            {me.company.name.slice(0, 1).toUpperCase()}
          </span>
          <span className="truncate font-semibold" data-testid="company-name">{me.company.name}</span>
          <ChevronsUpDownIcon className="ml-auto text-muted-foreground" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-72">
        <DropdownMenuLabel>Your companies</DropdownMenuLabel>
        {(companies ?? []).map((c) => (
          <DropdownMenuItem key={c.id} disabled={c.status !== "active"} onSelect={() => c.id !== me.company.id && window.location.assign(c.url)}>
            <Building2Icon className="text-muted-foreground" />
            <span className="min-w-0 flex-1">
              <span className="block truncate">{c.name}</span>
              <span className="block truncate text-xs text-muted-foreground">{c.domain}</span>
            </span>
            {c.id === me.company.id && <CheckIcon className="text-primary" />}
          </DropdownMenuItem>
        ))}
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => window.location.assign(publicSiteUrl("/signup"))}>
          <PlusIcon /> New company
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

function publicSiteUrl(path: string): string {
  const { protocol, hostname, port } = window.location;
  const base = hostname.split(".").slice(1).join(".");
  return `${protocol}//${base}${port ? `:${port}` : ""}${path}`;
}
