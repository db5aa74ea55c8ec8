"use client";
import { useQuery } from "@tanstack/react-query";
import { Loader2Icon } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { rolesQuery } from "@/lib/api/access";
import { memberRolesSet, type Member } from "@/lib/api/admin";

/** Replace a member's roles (checkbox per role; Owner is not assignable here). */
export function MemberRolesDialog({ member, onClose, onSaved }: { member: Member; onClose: () => void; onSaved: () => void }) {
  const roles = useQuery(rolesQuery());
  const [chosen, setChosen] = useState<number[]>(member.roles.map((r) => r.id));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const assignable = (roles.data?.results ?? []).filter((r) => r.code !== "owner");
  return (
    <Dialog open onOpenChange={(o) => !o && !busy && onClose()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Roles of {member.full_name || member.email}</DialogTitle>
          <DialogDescription>What they can see and do is the sum of their roles&apos; permissions.</DialogDescription>
        </DialogHeader>
        {error && <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">{error}</p>}
        <fieldset className="grid max-h-72 gap-1 overflow-y-auto sm:grid-cols-2">
          <legend className="sr-only">Roles</legend>
          {roles.isPending && <p className="text-sm text-muted-foreground">Loading roles…</p>}
          {assignable.map((role) => (
            <label key={role.id} className="flex cursor-pointer items-start gap-2 rounded-md border px-3 py-2 text-sm has-[:checked]:border-primary has-[:checked]:bg-primary/5">
              <input
                type="checkbox"
                className="mt-0.5 accent-[var(--color-primary)]"
                checked={chosen.includes(role.id)}
                onChange={(e) => setChosen(e.target.checked ? [...chosen, role.id] : chosen.filter((id) => id !== role.id))}
              />
              <span>{role.name}</span>
            </label>
          ))}
        </fieldset>
        <DialogFooter>
          <Button variant="outline" onClick={onClose} disabled={busy}>Cancel</Button>
          <Button
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              setError("");
              try {
                await memberRolesSet(member.id, chosen);
                onSaved();
                onClose();
              } catch (e) {
                setError(e instanceof Error ? e.message : "Could not save.");
              } finally {
                setBusy(false);
              }
            }}
          >
            {busy && <Loader2Icon className="animate-spin" />} Save roles
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
