"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { CrownIcon, MoreHorizontalIcon, ShieldIcon, UserCheckIcon, UserXIcon, UsersIcon } from "lucide-react";
import dynamic from "next/dynamic";
import { useMemo, useState } from "react";
import { DataTable, type FilterDef } from "@/components/data-table/data-table";
import { useTableParams } from "@/components/data-table/use-table-params";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { useCan, useMe } from "@/components/shell/shell-context";
import { StatusBadge } from "@/components/status-badge";
import { toast } from "@/components/toaster";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { membersQuery, rolesQuery, type MemberList } from "@/lib/api/access";
import type { InitialList } from "@/lib/server/list";
import { queryString } from "@/lib/table-query";
import { memberDeactivate, memberReactivate, ownershipTransfer, type Member } from "@/lib/api/admin";
import { formatDate, initials } from "@/lib/utils";
import { InviteDialog } from "./invite-dialog";
import { MEMBERS_TABLE } from "./table";

// Dialogs load when first opened: the list's first load stays small.
const ConfirmDialog = dynamic(() => import("@/components/confirm-dialog").then((m) => m.ConfirmDialog), { ssr: false });
const MemberRolesDialog = dynamic(() => import("./member-roles-dialog").then((m) => m.MemberRolesDialog), { ssr: false });

type Action = { kind: "roles" | "deactivate" | "reactivate" | "transfer"; member: Member } | null;


export function MembersView({ initial }: { initial?: InitialList<MemberList> }) {
  const state = useTableParams(MEMBERS_TABLE);
  const me = useMe();
  const canInvite = useCan("access.invitation.create");
  const canChange = useCan("access.member.change");
  const canExport = useCan("access.member.export");
  const roles = useQuery(rolesQuery());
  const queryClient = useQueryClient();
  const [action, setAction] = useState<Action>(null);

  const { data, isPending, error } = useQuery({
    ...membersQuery(state.query),
    initialData: initial && initial.key === queryString(state.query) ? initial.data : undefined,
  });
  const done = (message: string) => {
    toast.success(message);
    void queryClient.invalidateQueries({ queryKey: ["members"] });
  };
  const run = useMutation({
    mutationFn: async (a: NonNullable<Action>) => {
      if (a.kind === "deactivate") return memberDeactivate(a.member.id);
      if (a.kind === "reactivate") return memberReactivate(a.member.id);
      return ownershipTransfer(a.member.id);
    },
  });

  const filters = useMemo<FilterDef[]>(
    () => [
      { id: "status", label: "Status", type: "select", options: [{ value: "active", label: "Active" }, { value: "suspended", label: "Suspended" }] },
      { id: "role", label: "Role", type: "select", options: (roles.data?.results ?? []).map((r) => ({ value: r.code, label: r.name })) },
    ],
    [roles.data],
  );

  const columns = useMemo<ColumnDef<Member, unknown>[]>(
    () => [
      {
        id: "full_name",
        header: "Name",
        meta: { sortField: "full_name" },
        cell: ({ row: { original: m } }) => (
          <div className="flex items-center gap-3">
            <span className="inline-flex size-8 shrink-0 items-center justify-center rounded-full bg-secondary text-xs font-semibold" aria-hidden>{initials(m.full_name || m.email)}</span>
            <div className="min-w-0">
              <p className="truncate font-medium">{m.full_name || "—"}</p>
              <p className="truncate text-xs text-muted-foreground md:hidden">{m.email}</p>
            </div>
          </div>
        ),
      },
      { id: "email", header: "E-mail", meta: { sortField: "email", className: "hidden md:table-cell text-muted-foreground" }, cell: ({ row }) => row.original.email },
      {
        id: "roles",
        header: "Roles",
        cell: ({ row }) => (
          <div className="flex flex-wrap gap-1">
            {row.original.roles.map((r) => <Badge key={r.id} variant={r.code === "owner" ? "default" : "secondary"}>{r.name}</Badge>)}
          </div>
        ),
      },
      { id: "status", header: "Status", meta: { sortField: "status" }, cell: ({ row }) => <StatusBadge status={row.original.status ?? "active"} /> },
      { id: "last_login", header: "Last sign-in", meta: { sortField: "last_login", className: "hidden lg:table-cell text-muted-foreground" }, cell: ({ row }) => formatDate(row.original.last_login) },
      {
        id: "actions",
        header: () => <span className="sr-only">Actions</span>,
        meta: { className: "w-12 text-right" },
        cell: ({ row: { original: m } }) => {
          const self = m.user_id === me.user.id;
          const items = [
            canChange && !m.is_owner && { kind: "roles" as const, label: "Change roles", icon: ShieldIcon },
            canChange && !m.is_owner && !self && m.status === "active" && { kind: "deactivate" as const, label: "Deactivate", icon: UserXIcon },
            canChange && m.status === "suspended" && { kind: "reactivate" as const, label: "Reactivate", icon: UserCheckIcon },
            me.is_owner && !m.is_owner && m.status === "active" && { kind: "transfer" as const, label: "Make owner", icon: CrownIcon },
          ].filter(Boolean) as Array<{ kind: NonNullable<Action>["kind"]; label: string; icon: typeof ShieldIcon }>;
          if (!items.length) return null;
          return (
            <DropdownMenu>
              <DropdownMenuTrigger asChild>
                <Button variant="ghost" size="icon" className="size-8" aria-label={`Actions for ${m.email}`}><MoreHorizontalIcon /></Button>
              </DropdownMenuTrigger>
              <DropdownMenuContent align="end">
                {items.map(({ kind, label, icon: Icon }) => (
                  <DropdownMenuItem key={kind} onSelect={() => setAction({ kind, member: m })} className={kind === "deactivate" ? "text-destructive focus:text-destructive" : undefined}>
                    <Icon /> {label}
                  </DropdownMenuItem>
                ))}
              </DropdownMenuContent>
            </DropdownMenu>
          );
        },
      },
    ],
    [canChange, me.is_owner, me.user.id],
  );

  const confirmCopy =
    action?.kind === "deactivate"
      ? { title: `Deactivate ${action.member.full_name || action.member.email}?`, description: "They can no longer sign in to this company. Their records stay. You can reactivate them later.", confirmLabel: "Deactivate", destructive: true, ok: "Member deactivated" }
      : action?.kind === "reactivate"
        ? { title: `Reactivate ${action.member.full_name || action.member.email}?`, description: "They can sign in again with the roles they had.", confirmLabel: "Reactivate", destructive: false, ok: "Member reactivated" }
        : action?.kind === "transfer"
          ? { title: `Make ${action.member.full_name || action.member.email} the owner?`, description: "The owner holds every permission and can transfer ownership. You stay on as Administrator. This cannot be undone by you.", confirmLabel: "Transfer ownership", destructive: true, ok: "Ownership transferred" }
          : null;

  return (
    <>
      <PageHeader title="Members" description="People who can sign in to this company, and their roles." actions={canInvite ? <InviteDialog /> : null} />
      <DataTable<Member>
        label="Members"
        columns={columns}
        data={data?.results}
        count={data?.count}
        isPending={isPending}
        error={error}
        state={state}
        getRowId={(m) => String(m.id)}
        searchPlaceholder="Search by name or e-mail"
        filters={filters}
        exportUrl={canExport ? "/api/v1/access/members/export/" : undefined}
        rowTestId="member-row"
        empty={<EmptyState icon={UsersIcon} title="No members yet" description="Invite the people who work with you." />}
      />
      {action?.kind === "roles" && (
        <MemberRolesDialog member={action.member} onClose={() => setAction(null)} onSaved={() => done("Roles updated")} />
      )}
      {confirmCopy && action && action.kind !== "roles" && (
        <ConfirmDialog
          open
          onOpenChange={(o) => !o && setAction(null)}
          title={confirmCopy.title}
          description={confirmCopy.description}
          confirmLabel={confirmCopy.confirmLabel}
          destructive={confirmCopy.destructive}
          onConfirm={async () => {
            await run.mutateAsync(action);
            done(confirmCopy.ok);
            if (action.kind === "transfer") window.location.reload();
          }}
        />
      )}
    </>
  );
}
