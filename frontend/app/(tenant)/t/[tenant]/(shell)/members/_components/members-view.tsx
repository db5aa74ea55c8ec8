"use client";
import { useQuery } from "@tanstack/react-query";
import { SearchIcon } from "lucide-react";
import { useEffect, useState } from "react";
import { Pagination } from "@/components/data-table/pagination";
import { SortableHead } from "@/components/data-table/sortable-head";
import { useTableParams } from "@/components/data-table/use-table-params";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { membersQuery } from "@/lib/api/access";
import { formatDate, initials } from "@/lib/utils";
import { InviteDialog } from "./invite-dialog";

export function MembersView() {
  const { page, pageSize, ordering, search, update, toggleSort } = useTableParams({ ordering: "email" });
  const canInvite = useCan("access.invitation.create");
  const [term, setTerm] = useState(search);
  useEffect(() => setTerm(search), [search]);
  useEffect(() => {
    if (term === search) return;
    const t = setTimeout(() => update({ search: term || null, page: 1 }), 300);
    return () => clearTimeout(t);
  }, [term, search, update]);

  const { data, isPending, isError, error } = useQuery(
    membersQuery({ page, page_size: pageSize, ordering: ordering || undefined, search: search || undefined }),
  );

  return (
    <>
      <PageHeader title="Members" description="People who can sign in to this company, and their roles." actions={canInvite ? <InviteDialog /> : null} />
      <Card className="p-4">
        <div className="relative mb-4 max-w-sm">
          <SearchIcon className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" />
          <Input type="search" placeholder="Search by name or e-mail" aria-label="Search members" value={term} onChange={(e) => setTerm(e.target.value)} className="pl-9" />
        </div>
        <Table>
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <SortableHead field="full_name" label="Name" ordering={ordering} onSort={toggleSort} />
              <SortableHead field="email" label="E-mail" ordering={ordering} onSort={toggleSort} className="hidden md:table-cell" />
              <TableHead>Roles</TableHead>
              <SortableHead field="status" label="Status" ordering={ordering} onSort={toggleSort} />
              <SortableHead field="last_login" label="Last sign-in" ordering={ordering} onSort={toggleSort} className="hidden lg:table-cell" />
            </TableRow>
          </TableHeader>
          <TableBody>
            {isPending &&
              Array.from({ length: 3 }, (_, i) => (
                <TableRow key={i}>
                  {Array.from({ length: 5 }, (_, j) => (
                    <TableCell key={j} className={j === 1 ? "hidden md:table-cell" : j === 4 ? "hidden lg:table-cell" : ""}><Skeleton className="h-5 w-full max-w-40" /></TableCell>
                  ))}
                </TableRow>
              ))}
            {isError && (
              <TableRow><TableCell colSpan={5} className="py-10 text-center text-destructive">{error.message}</TableCell></TableRow>
            )}
            {data?.results.length === 0 && (
              <TableRow><TableCell colSpan={5} className="py-10 text-center text-muted-foreground">No members match “{search}”.</TableCell></TableRow>
            )}
            {data?.results.map((m) => (
              <TableRow key={m.id} data-testid="member-row">
                <TableCell>
                  <div className="flex items-center gap-3">
                    <span className="inline-flex size-8 shrink-0 items-center justify-center rounded-full bg-secondary text-xs font-semibold">{initials(m.full_name || m.email)}</span>
                    <div className="min-w-0">
                      <p className="truncate font-medium">{m.full_name || "—"}</p>
                      <p className="truncate text-xs text-muted-foreground md:hidden">{m.email}</p>
                    </div>
                  </div>
                </TableCell>
                <TableCell className="hidden text-muted-foreground md:table-cell">{m.email}</TableCell>
                <TableCell>
                  <div className="flex flex-wrap gap-1">
                    {m.roles.map((r) => <Badge key={r.id} variant={r.code === "owner" ? "default" : "secondary"}>{r.name}</Badge>)}
                  </div>
                </TableCell>
                <TableCell><Badge variant={m.status === "active" ? "success" : "warning"} className="capitalize">{m.status}</Badge></TableCell>
                <TableCell className="hidden text-muted-foreground lg:table-cell">{formatDate(m.last_login)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <Pagination page={page} pageSize={pageSize} count={data?.count ?? 0} onPage={(p) => update({ page: p })} />
      </Card>
    </>
  );
}
