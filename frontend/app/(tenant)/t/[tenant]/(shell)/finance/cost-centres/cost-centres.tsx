"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { FolderIcon, FolderTreeIcon, GaugeIcon, PencilIcon, PlusIcon, Trash2Icon } from "lucide-react";
import Link from "next/link";
import { useMemo, useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { EmptyState } from "@/components/empty-state";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { StatusBadge } from "@/components/status-badge";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ApiError } from "@/lib/api/errors";
import { costCentreCreate, costCentreDelete, costCentreListQuery, costCentreUpdate, type CostCentre } from "@/lib/api/finance";
import { treeOrder } from "../_components/tree";

type Editing = { mode: "create"; parent: CostCentre | null } | { mode: "edit"; centre: CostCentre };

/** Cost centres (ADR 0069): the projects, jobs and departments that invoice, bill and journal
 *  lines name (leaves), and the groups that sum them. Kept under the chart of accounts'
 *  permissions. */
export function CostCentres() {
  const queryClient = useQueryClient();
  const { data: centres, isPending } = useQuery(costCentreListQuery());
  const canCreate = useCan("finance.account.create");
  const canChange = useCan("finance.account.change");
  const canDelete = useCan("finance.account.delete");
  const canSeeReports = useCan("finance.report.view");
  const [editing, setEditing] = useState<Editing | null>(null);
  const rows = useMemo(() => treeOrder(centres ?? []), [centres]);
  return (
    <>
      <PageHeader
        title="Cost centres"
        description="Projects, jobs and departments that invoice, bill and journal lines can carry, in groups. The P&L of a cost centre includes those under it. One with postings cannot be deleted: deactivate it instead."
        actions={canCreate ? <Button onClick={() => setEditing({ mode: "create", parent: null })}><PlusIcon /> New cost centre</Button> : undefined}
      />
      {centres?.length === 0 ? (
        <div className="rounded-md border">
          <EmptyState icon={FolderTreeIcon} title="No cost centres yet" description="Add one for each job or department whose profit you want to see, such as a customer's project." />
        </div>
      ) : (
        <div className="rounded-md border">
          <Table aria-label="Cost centres">
            <TableHeader>
              <TableRow>
                <TableHead>Cost centre</TableHead>
                <TableHead className="hidden sm:table-cell">Kind</TableHead>
                <TableHead>Status</TableHead>
                <TableHead className="w-40" />
              </TableRow>
            </TableHeader>
            <TableBody>
              {isPending && (
                <TableRow>
                  <TableCell colSpan={4} className="text-muted-foreground">Loading…</TableCell>
                </TableRow>
              )}
              {rows.map(({ node: centre, depth }) => (
                <TableRow key={centre.id} data-testid="cost-centre-row">
                  <TableCell style={{ paddingLeft: `${0.75 + depth * 1.25}rem` }} className={centre.is_group ? "font-medium" : ""}>
                    {centre.is_group && <FolderIcon className="mr-1.5 inline size-4 text-muted-foreground" />}
                    <span className="tabular-nums text-muted-foreground">{centre.code}</span> {centre.name}
                  </TableCell>
                  <TableCell className="hidden sm:table-cell text-muted-foreground">{centre.is_group ? "Group" : "Cost centre"}</TableCell>
                  <TableCell>
                    <StatusBadge status={centre.is_active ? "active" : "inactive"} />
                  </TableCell>
                  <TableCell className="whitespace-nowrap text-right">
                    {canSeeReports && (
                      <Button variant="ghost" size="icon" asChild>
                        <Link aria-label={`Budget ${centre.name}`} title="Budget vs actual" href={`/finance/reports/budget-vs-actual?cost_centre=${centre.id}`}>
                          <GaugeIcon />
                        </Link>
                      </Button>
                    )}
                    {centre.is_group && canCreate && (
                      <Button variant="ghost" size="icon" aria-label={`Add under ${centre.name}`} onClick={() => setEditing({ mode: "create", parent: centre })}>
                        <PlusIcon />
                      </Button>
                    )}
                    {canChange && (
                      <Button variant="ghost" size="icon" aria-label={`Edit ${centre.name}`} onClick={() => setEditing({ mode: "edit", centre })}>
                        <PencilIcon />
                      </Button>
                    )}
                    {canDelete && (
                      <ConfirmDialog
                        title={`Delete ${centre.code} ${centre.name}?`}
                        description="Only a cost centre that no line names and nothing sits under can be deleted; deactivate one in use instead."
                        confirmLabel="Delete"
                        destructive
                        onConfirm={async () => {
                          await costCentreDelete(centre.id);
                          await queryClient.invalidateQueries({ queryKey: ["finance-cost-centres"] });
                          toast.success(`${centre.code} deleted`);
                        }}
                        trigger={
                          <Button variant="ghost" size="icon" aria-label={`Delete ${centre.name}`}>
                            <Trash2Icon />
                          </Button>
                        }
                      />
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {editing && <CostCentreDialog editing={editing} groups={(centres ?? []).filter((c) => c.is_group)} onClose={() => setEditing(null)} />}
    </>
  );
}

function CostCentreDialog({ editing, groups, onClose }: { editing: Editing; groups: CostCentre[]; onClose: () => void }) {
  const queryClient = useQueryClient();
  const initial = editing.mode === "edit" ? editing.centre : null;
  const [code, setCode] = useState(initial?.code ?? "");
  const [name, setName] = useState(initial?.name ?? "");
  const [parent, setParent] = useState(String((editing.mode === "edit" ? editing.centre.parent : editing.parent?.id) ?? ""));
  const [isGroup, setIsGroup] = useState(false);
  const [active, setActive] = useState(initial?.is_active ?? true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function save() {
    setBusy(true);
    setErrors({});
    try {
      const parentId = parent ? Number(parent) : null;
      if (editing.mode === "create") await costCentreCreate({ code, name, parent: parentId, is_group: isGroup });
      else await costCentreUpdate(editing.centre.id, { code, name, is_active: active, ...(parentId !== (editing.centre.parent ?? null) ? { parent: parentId } : {}) });
      await queryClient.invalidateQueries({ queryKey: ["finance-cost-centres"] });
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
          <DialogTitle>{editing.mode === "edit" ? `Edit ${editing.centre.name}` : editing.parent ? `New cost centre under ${editing.parent.name}` : "New cost centre"}</DialogTitle>
        </DialogHeader>
        <div className="grid gap-3">
          <FormField id="cc-code" label="Code" error={errors.code} hint="Letters, digits, dot, dash or underscore, e.g. P-TAJ">
            <Input id="cc-code" value={code} maxLength={20} onChange={(e) => setCode(e.target.value)} />
          </FormField>
          <FormField id="cc-name" label="Name" error={errors.name}>
            <Input id="cc-name" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
          </FormField>
          <FormField id="cc-parent" label="Under group" error={errors.parent}>
            <NativeSelect id="cc-parent" value={parent} onChange={(e) => setParent(e.target.value)}>
              <option value="">(top level)</option>
              {groups
                .filter((g) => editing.mode !== "edit" || g.id !== editing.centre.id)
                .map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.code} {g.name}
                  </option>
                ))}
            </NativeSelect>
          </FormField>
          {editing.mode === "create" && (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={isGroup} onChange={(e) => setIsGroup(e.target.checked)} /> A group (holds other cost centres; lines do not name it)
            </label>
          )}
          {editing.mode === "edit" && (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> Active (new lines can name it)
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
