"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { MailIcon, RotateCwIcon, XCircleIcon } from "lucide-react";
import { useMemo, useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { DataTable } from "@/components/data-table/data-table";
import { useTableParams } from "@/components/data-table/use-table-params";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { StatusBadge } from "@/components/status-badge";
import { toast } from "@/components/toaster";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { invitationListQuery, invitationResend, invitationRevoke, type Invitation } from "@/lib/api/admin";
import { formatDate } from "@/lib/utils";
import { InviteDialog } from "../../members/_components/invite-dialog";

const STATUSES = ["pending", "expired", "accepted", "revoked"] as const;

export function InvitationsView() {
  const state = useTableParams({ ordering: "-created_at", filters: ["status"] });
  const canCreate = useCan("access.invitation.create");
  const canRevoke = useCan("access.invitation.delete");
  const queryClient = useQueryClient();
  const { data, isPending, error } = useQuery(invitationListQuery(state.query));
  const [revoking, setRevoking] = useState<Invitation | null>(null);

  const columns = useMemo<ColumnDef<Invitation, unknown>[]>(
    () => [
      { id: "email", header: "E-mail", meta: { sortField: "email" }, cell: ({ row }) => <span className="font-medium">{row.original.email}</span> },
      { id: "roles", header: "Roles", meta: { className: "hidden md:table-cell" }, cell: ({ row }) => <div className="flex flex-wrap gap-1">{row.original.roles.map((r) => <Badge key={r.id} variant="secondary">{r.name}</Badge>)}</div> },
      { id: "status", header: "Status", cell: ({ row }) => <StatusBadge status={row.original.status} /> },
      { id: "invited_by", header: "Invited by", meta: { className: "hidden lg:table-cell text-muted-foreground" }, cell: ({ row }) => row.original.invited_by_email ?? "—" },
      { id: "created_at", header: "Sent", meta: { sortField: "created_at", className: "hidden sm:table-cell text-muted-foreground" }, cell: ({ row }) => formatDate(row.original.sent_at ?? row.original.created_at) },
      { id: "expires_at", header: "Expires", meta: { sortField: "expires_at", className: "hidden md:table-cell text-muted-foreground" }, cell: ({ row }) => formatDate(row.original.expires_at) },
      {
        id: "actions",
        header: () => <span className="sr-only">Actions</span>,
        meta: { className: "text-right whitespace-nowrap" },
        cell: ({ row: { original: inv } }) =>
          inv.status === "pending" || inv.status === "expired" ? (
            <div className="flex justify-end gap-1">
              {canCreate && (
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={async () => {
                    try {
                      await invitationResend(inv.id);
                      toast.success(`A new link was sent to ${inv.email}`);
                      void queryClient.invalidateQueries({ queryKey: ["invitations"] });
                    } catch (e) {
                      toast.error(e instanceof Error ? e.message : "Could not resend.");
                    }
                  }}
                >
                  <RotateCwIcon /> Resend
                </Button>
              )}
              {canRevoke && inv.status === "pending" && (
                <Button variant="ghost" size="sm" className="text-destructive hover:text-destructive" onClick={() => setRevoking(inv)}>
                  <XCircleIcon /> Revoke
                </Button>
              )}
            </div>
          ) : null,
      },
    ],
    [canCreate, canRevoke, queryClient],
  );

  return (
    <>
      <PageHeader title="Invitations" description="Links sent to people to join this company. A link works once and expires after a week." actions={canCreate ? <InviteDialog /> : null} />
      <DataTable<Invitation>
        label="Invitations"
        columns={columns}
        data={data?.results}
        count={data?.count}
        isPending={isPending}
        error={error}
        state={state}
        getRowId={(i) => String(i.id)}
        searchPlaceholder="Search by e-mail"
        filters={[{ id: "status", label: "Status", type: "select", options: STATUSES.map((s) => ({ value: s, label: s.charAt(0).toUpperCase() + s.slice(1) })) }]}
        rowTestId="invitation-row"
        empty={<EmptyState icon={MailIcon} title="No invitations yet" description="Invite colleagues from here or from the Members page." action={canCreate ? <InviteDialog /> : undefined} />}
      />
      {revoking && (
        <ConfirmDialog
          open
          onOpenChange={(o) => !o && setRevoking(null)}
          title={`Revoke the invitation to ${revoking.email}?`}
          description="The link in their e-mail stops working. You can invite them again later."
          confirmLabel="Revoke invitation"
          destructive
          onConfirm={async () => {
            await invitationRevoke(revoking.id);
            toast.success("Invitation revoked");
            void queryClient.invalidateQueries({ queryKey: ["invitations"] });
          }}
        />
      )}
    </>
  );
}
