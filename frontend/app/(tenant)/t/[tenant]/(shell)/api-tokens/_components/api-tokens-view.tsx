"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { CheckIcon, CopyIcon, KeyRoundIcon, Loader2Icon, PlusIcon } from "lucide-react";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { DataTable } from "@/components/data-table/data-table";
import { useTableParams } from "@/components/data-table/use-table-params";
import { EmptyState } from "@/components/empty-state";
import { DateInput } from "@/components/fields/date-input";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { StatusBadge } from "@/components/status-badge";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { tokenCreate, tokenListQuery, tokenRevoke, type ApiToken, type ApiTokenCreated } from "@/lib/api/admin";
import { ApiError, applyFieldErrors } from "@/lib/api/errors";
import { formatDate } from "@/lib/utils";

function tokenStatus(t: ApiToken): "active" | "revoked" | "expired" {
  if (t.revoked_at) return "revoked";
  if (t.expires_at && new Date(t.expires_at) <= new Date()) return "expired";
  return "active";
}

export function ApiTokensView() {
  const state = useTableParams({ ordering: "-created_at" });
  const canCreate = useCan("apitokens.token.create");
  const canRevoke = useCan("apitokens.token.delete");
  const queryClient = useQueryClient();
  const { data, isPending, error } = useQuery(tokenListQuery(state.query));
  const [revoking, setRevoking] = useState<ApiToken | null>(null);

  const columns = useMemo<ColumnDef<ApiToken, unknown>[]>(
    () => [
      { id: "name", header: "Name", meta: { sortField: "name" }, cell: ({ row }) => <span className="font-medium">{row.original.name}</span> },
      { id: "prefix", header: "Token", meta: { className: "hidden sm:table-cell" }, cell: ({ row }) => <code className="rounded bg-muted px-1.5 py-0.5 text-xs">{row.original.prefix}…</code> },
      { id: "status", header: "Status", cell: ({ row }) => <StatusBadge status={tokenStatus(row.original)} /> },
      { id: "created_at", header: "Created", meta: { sortField: "created_at", className: "hidden md:table-cell text-muted-foreground" }, cell: ({ row }) => formatDate(row.original.created_at) },
      { id: "last_used_at", header: "Last used", meta: { sortField: "last_used_at", className: "hidden md:table-cell text-muted-foreground" }, cell: ({ row }) => formatDate(row.original.last_used_at) },
      { id: "expires_at", header: "Expires", meta: { className: "hidden lg:table-cell text-muted-foreground" }, cell: ({ row }) => (row.original.expires_at ? formatDate(row.original.expires_at) : "Never") },
      {
        id: "actions",
        header: () => <span className="sr-only">Actions</span>,
        meta: { className: "text-right" },
        cell: ({ row }) =>
          canRevoke && tokenStatus(row.original) === "active" ? (
            <Button variant="ghost" size="sm" className="text-destructive hover:text-destructive" onClick={() => setRevoking(row.original)}>Revoke</Button>
          ) : null,
      },
    ],
    [canRevoke],
  );

  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens let your scripts and integrations call the API as you, with your permissions in this company. Send one as “Authorization: Bearer <token>”."
        actions={canCreate ? <CreateTokenDialog /> : null}
      />
      <DataTable<ApiToken>
        label="API tokens"
        columns={columns}
        data={data?.results}
        count={data?.count}
        isPending={isPending}
        error={error}
        state={state}
        getRowId={(t) => String(t.id)}
        searchPlaceholder="Search tokens"
        rowTestId="token-row"
        empty={<EmptyState icon={KeyRoundIcon} title="No API tokens" description="Create one for each script or integration, so you can revoke them one by one." action={canCreate ? <CreateTokenDialog /> : undefined} />}
      />
      {revoking && (
        <ConfirmDialog
          open
          onOpenChange={(o) => !o && setRevoking(null)}
          title={`Revoke “${revoking.name}”?`}
          description="Anything using this token stops working at once. This cannot be undone."
          confirmLabel="Revoke token"
          destructive
          onConfirm={async () => {
            await tokenRevoke(revoking.id);
            toast.success("Token revoked");
            void queryClient.invalidateQueries({ queryKey: ["tokens"] });
          }}
        />
      )}
    </>
  );
}

const schema = z.object({ name: z.string().trim().min(1, "Name the token after what uses it.").max(100), expires: z.string() });

function CreateTokenDialog() {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);
  const [copied, setCopied] = useState(false);
  const [formError, setFormError] = useState("");
  const queryClient = useQueryClient();
  const form = useForm<z.infer<typeof schema>>({ resolver: zodResolver(schema), defaultValues: { name: "", expires: "" } });
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) {
          setCreated(null);
          setCopied(false);
          setFormError("");
          form.reset();
        }
      }}
    >
      <DialogTrigger asChild>
        <Button><PlusIcon /> New token</Button>
      </DialogTrigger>
      <DialogContent>
        {created ? (
          <>
            <DialogHeader>
              <DialogTitle>Copy your token now</DialogTitle>
              <DialogDescription>This is the only time it is shown. Store it in your script&apos;s secrets; if you lose it, revoke it and create another.</DialogDescription>
            </DialogHeader>
            <div className="flex items-center gap-2 rounded-md border bg-muted/50 p-2">
              <code data-testid="token-secret" className="min-w-0 flex-1 break-all px-1 font-mono text-sm">{created.token}</code>
              <Button
                variant="outline"
                size="sm"
                onClick={async () => {
                  try {
                    await navigator.clipboard.writeText(created.token);
                    setCopied(true);
                  } catch {
                    toast.error("Copy failed: select the token and copy it by hand.");
                  }
                }}
              >
                {copied ? <CheckIcon /> : <CopyIcon />} {copied ? "Copied" : "Copy"}
              </Button>
            </div>
            <DialogFooter>
              <Button onClick={() => setOpen(false)}>Done</Button>
            </DialogFooter>
          </>
        ) : (
          <>
            <DialogHeader>
              <DialogTitle>New API token</DialogTitle>
              <DialogDescription>It acts as you, with your permissions in this company.</DialogDescription>
            </DialogHeader>
            {formError && <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">{formError}</p>}
            <form
              id="token-form"
              noValidate
              className="grid gap-5"
              onSubmit={form.handleSubmit(async (v) => {
                setFormError("");
                try {
                  const token = await tokenCreate({ name: v.name, expires_at: v.expires ? `${v.expires}T23:59:59+05:30` : null });
                  setCreated(token);
                  void queryClient.invalidateQueries({ queryKey: ["tokens"] });
                } catch (e) {
                  if (e instanceof ApiError && applyFieldErrors(e, form.setError, ["name"] as const)) return;
                  setFormError(e instanceof Error ? e.message : "Could not create the token.");
                }
              })}
            >
              <FormField id="token-name" label="Name" error={form.formState.errors.name?.message} hint="e.g. Tally sync, nightly backup script">
                <Input id="token-name" autoComplete="off" aria-invalid={!!form.formState.errors.name} {...form.register("name")} />
              </FormField>
              <FormField id="token-expires" label="Expires on (optional)" hint="Leave empty for a token that works until revoked.">
                <DateInput id="token-expires" min={tomorrow} value={form.watch("expires")} onChange={(v) => form.setValue("expires", v)} />
              </FormField>
            </form>
            <DialogFooter>
              <Button variant="outline" onClick={() => setOpen(false)}>Cancel</Button>
              <Button type="submit" form="token-form" disabled={form.formState.isSubmitting}>
                {form.formState.isSubmitting && <Loader2Icon className="animate-spin" />} Create token
              </Button>
            </DialogFooter>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}
