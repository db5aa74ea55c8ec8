"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { FolderIcon, PencilIcon, PlusIcon } from "lucide-react";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { StatusBadge } from "@/components/status-badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ApiError } from "@/lib/api/errors";
import { accountCreate, accountListQuery, accountUpdate, type Account } from "@/lib/api/finance";
import { TYPE_LABELS } from "../_components/format";
import { treeOrder } from "../_components/tree";

type Editing = { mode: "create"; parent: Account | null } | { mode: "edit"; account: Account };
type Role = NonNullable<Account["role"]>;
type CashFlow = Exclude<NonNullable<Account["cash_flow"]>, "">;

/** Roles several ledgers may hold (ADR 0055): a company has several bank accounts and cash
 *  boxes. Every other role is what other modules post to, held by one ledger. */
const SHARED_ROLES: Role[] = ["bank", "cash"];
const roleLabel = (role: string) => (role === "bank" ? "Bank account" : role === "cash" ? "Cash" : role.replaceAll("_", " "));

export function ChartOfAccounts() {
  const { data: accounts, isPending } = useQuery(accountListQuery());
  const canCreate = useCan("finance.account.create");
  const canChange = useCan("finance.account.change");
  const [editing, setEditing] = useState<Editing | null>(null);
  const rows = useMemo(() => treeOrder(accounts ?? []), [accounts]);
  return (
    <>
      <PageHeader
        title="Chart of accounts"
        description="Groups and the ledgers under them. A ledger with postings keeps its type and cannot be deleted: deactivate it instead."
        actions={canCreate ? <Button onClick={() => setEditing({ mode: "create", parent: null })}><PlusIcon /> New group</Button> : undefined}
      />
      <div className="rounded-md border">
        <Table aria-label="Chart of accounts">
          <TableHeader>
            <TableRow>
              <TableHead>Account</TableHead>
              <TableHead className="hidden sm:table-cell">Type</TableHead>
              <TableHead className="hidden md:table-cell">Role</TableHead>
              <TableHead>Status</TableHead>
              <TableHead className="w-24" />
            </TableRow>
          </TableHeader>
          <TableBody>
            {isPending && (
              <TableRow>
                <TableCell colSpan={5} className="text-muted-foreground">Loading…</TableCell>
              </TableRow>
            )}
            {rows.map(({ node: account, depth }) => (
              <TableRow key={account.id} data-testid="coa-row">
                <TableCell style={{ paddingLeft: `${0.75 + depth * 1.25}rem` }} className={account.is_group ? "font-medium" : ""}>
                  {account.is_group && <FolderIcon className="mr-1.5 inline size-4 text-muted-foreground" />}
                  <span className="tabular-nums text-muted-foreground">{account.code}</span> {account.name}
                </TableCell>
                <TableCell className="hidden sm:table-cell text-muted-foreground">{TYPE_LABELS[account.type] ?? account.type}</TableCell>
                <TableCell className="hidden md:table-cell text-muted-foreground">{account.role ? roleLabel(account.role) : ""}</TableCell>
                <TableCell>
                  <StatusBadge status={account.is_active ? "active" : "inactive"} />
                </TableCell>
                <TableCell className="text-right">
                  {account.is_group && canCreate && (
                    <Button variant="ghost" size="icon" aria-label={`Add under ${account.name}`} onClick={() => setEditing({ mode: "create", parent: account })}>
                      <PlusIcon />
                    </Button>
                  )}
                  {canChange && (
                    <Button variant="ghost" size="icon" aria-label={`Edit ${account.name}`} onClick={() => setEditing({ mode: "edit", account })}>
                      <PencilIcon />
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {editing && <AccountDialog editing={editing} groups={(accounts ?? []).filter((a) => a.is_group)} onClose={() => setEditing(null)} />}
    </>
  );
}

function AccountDialog({ editing, groups, onClose }: { editing: Editing; groups: Account[]; onClose: () => void }) {
  const queryClient = useQueryClient();
  const initial = editing.mode === "edit" ? editing.account : null;
  const [code, setCode] = useState(initial?.code ?? "");
  const [name, setName] = useState(initial?.name ?? "");
  const [isGroup, setIsGroup] = useState(initial?.is_group ?? editing.mode === "create" ? (editing.mode === "create" && editing.parent === null) : false);
  const [type, setType] = useState<string>(initial?.type ?? "asset");
  const [parent, setParent] = useState<string>(String(initial?.parent ?? (editing.mode === "create" ? editing.parent?.id ?? "" : "")));
  const [active, setActive] = useState(initial?.is_active ?? true);
  const [role, setRole] = useState<string>(initial?.role ?? "");
  const [cashFlow, setCashFlow] = useState<string>(initial?.cash_flow ?? "");
  // bank and cash: any ledger; every other role stays on the ledger holding it (the template
  // seeds one ledger per role), so an edited ledger keeps its own
  const otherRoles: Role[] = initial?.role && !SHARED_ROLES.includes(initial.role) ? [initial.role] : [];
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function save() {
    setBusy(true);
    setErrors({});
    try {
      if (editing.mode === "create") {
        await accountCreate({ code, name, parent: parent ? Number(parent) : null, is_group: isGroup, ...(parent ? {} : { type: type as "asset" }), ...(!isGroup && role ? { role: role as Role } : {}), ...(cashFlow ? { cash_flow: cashFlow as CashFlow } : {}) });
      } else {
        await accountUpdate(editing.account.id, { code, name, is_active: active, ...(parent !== String(editing.account.parent ?? "") ? { parent: parent ? Number(parent) : null } : {}), ...(role !== (editing.account.role ?? "") ? { role: role as Role | "" } : {}), ...(cashFlow !== (editing.account.cash_flow ?? "") ? { cash_flow: cashFlow as CashFlow | "" } : {}) });
      }
      await queryClient.invalidateQueries({ queryKey: ["finance-accounts"] });
      toast.success("Saved");
      onClose();
    } catch (error) {
      if (error instanceof ApiError) {
        setErrors(Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [k, v.join(" ")])));
        toast.error(error.message);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{editing.mode === "edit" ? `Edit ${editing.account.name}` : editing.parent ? `New account under ${editing.parent.name}` : "New top-level group"}</DialogTitle>
        </DialogHeader>
        <div className="grid gap-3">
          <FormField id="acc-code" label="Code" error={errors.code}>
            <Input id="acc-code" value={code} onChange={(e) => setCode(e.target.value)} />
          </FormField>
          <FormField id="acc-name" label="Name" error={errors.name}>
            <Input id="acc-name" value={name} onChange={(e) => setName(e.target.value)} />
          </FormField>
          <FormField id="acc-parent" label="Under group" error={errors.parent} hint="Moving to another type's group changes the type (not allowed once posted).">
            <NativeSelect id="acc-parent" value={parent} onChange={(e) => setParent(e.target.value)}>
              <option value="">(top level)</option>
              {groups
                .filter((g) => editing.mode !== "edit" || g.id !== editing.account.id)
                .map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.code} {g.name}
                  </option>
                ))}
            </NativeSelect>
          </FormField>
          {editing.mode === "create" && !parent && (
            <FormField id="acc-type" label="Type" error={errors.type}>
              <NativeSelect id="acc-type" value={type} onChange={(e) => setType(e.target.value)}>
                {Object.entries(TYPE_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
          )}
          {!isGroup && (
            <FormField id="acc-role" label="Role" error={errors.role} hint="Bank account and Cash: as many ledgers as the company has accounts and cash boxes. Every other role is held by one ledger (invoices, bills and taxes post to it).">
              <NativeSelect id="acc-role" value={role} onChange={(e) => setRole(e.target.value)}>
                <option value="">(none)</option>
                {[...SHARED_ROLES, ...otherRoles].map((r) => (
                  <option key={r} value={r}>
                    {roleLabel(r)}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
          )}
          <FormField id="acc-cash-flow" label="Cash flow" error={errors.cash_flow} hint="Where the cash flow statement puts the cash this account's entries move. As the group: what the group above says (fixed assets are investing; loans and equity financing; the rest operating).">
            <NativeSelect id="acc-cash-flow" value={cashFlow} onChange={(e) => setCashFlow(e.target.value)}>
              <option value="">As the group</option>
              <option value="operating">Operating</option>
              <option value="investing">Investing</option>
              <option value="financing">Financing</option>
            </NativeSelect>
          </FormField>
          {editing.mode === "create" && (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={isGroup} onChange={(e) => setIsGroup(e.target.checked)} /> A group (holds other accounts; takes no postings)
            </label>
          )}
          {editing.mode === "edit" && (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> Active
            </label>
          )}
        </div>
        <DialogFooter>
          <Button variant="outline" onClick={onClose}>
            Cancel
          </Button>
          <Button disabled={busy} onClick={() => void save()}>
            Save
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
