"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Loader2Icon } from "lucide-react";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { z } from "zod";
import { FormField } from "@/components/form-field";
import { Button } from "@/components/ui/button";
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { invitationCreate, rolesQuery } from "@/lib/api/access";
import { ApiError, applyFieldErrors } from "@/lib/api/errors";

const schema = z.object({
  email: z.string().trim().min(1, "Enter an e-mail address.").email("Enter a valid e-mail address."),
  roles: z.array(z.number()),
});
type Values = z.infer<typeof schema>;

export default function InviteForm({ onClose }: { onClose: () => void }) {
  const [sentTo, setSentTo] = useState("");
  const [formError, setFormError] = useState("");
  const queryClient = useQueryClient();
  const roles = useQuery(rolesQuery());
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { email: "", roles: [] } });
  const invite = useMutation({
    mutationFn: invitationCreate,
    onSuccess: (invitation) => {
      void queryClient.invalidateQueries({ queryKey: ["invitations"] });
      setSentTo(invitation.email);
      form.reset();
    },
    onError: (error) => {
      if (error instanceof ApiError && applyFieldErrors(error, form.setError, ["email", "roles"] as const)) return;
      setFormError(error.message);
    },
  });

  const assignable = (roles.data?.results ?? []).filter((r) => r.code !== "owner");
  return (
    <>
    <DialogHeader>
      <DialogTitle>Invite a member</DialogTitle>
      <DialogDescription>They get an e-mail with a link to join this company with the roles you pick.</DialogDescription>
    </DialogHeader>
    {sentTo && <p role="status" className="rounded-md bg-emerald-500/10 px-3 py-2 text-sm text-emerald-700 dark:text-emerald-400">Invitation sent to {sentTo}.</p>}
    {formError && <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">{formError}</p>}
    <form id="invite-form" noValidate className="grid gap-5" onSubmit={form.handleSubmit((v) => { setFormError(""); setSentTo(""); invite.mutate(v); })}>
      <FormField id="invite-email" label="E-mail" error={form.formState.errors.email?.message}>
        <Input id="invite-email" type="email" autoComplete="off" aria-invalid={!!form.formState.errors.email} {...form.register("email")} />
      </FormField>
      <fieldset className="grid gap-2">
        <legend className="mb-2 text-sm font-medium">Roles</legend>
        {roles.isPending && <p className="text-sm text-muted-foreground">Loading roles…</p>}
        <Controller
          control={form.control}
          name="roles"
          render={({ field }) => (
            <div className="grid max-h-64 gap-1 overflow-y-auto sm:grid-cols-2">
              {assignable.map((role) => (
                <label key={role.id} className="flex cursor-pointer items-start gap-2 rounded-md border px-3 py-2 text-sm has-[:checked]:border-primary has-[:checked]:bg-primary/5">
                  <input
                    type="checkbox"
                    className="mt-0.5 accent-[var(--color-primary)]"
                    checked={field.value.includes(role.id)}
                    onChange={(e) => field.onChange(e.target.checked ? [...field.value, role.id] : field.value.filter((id) => id !== role.id))}
                  />
                  <span>{role.name}</span>
                </label>
              ))}
            </div>
          )}
        />
        {form.formState.errors.roles?.message && <p role="alert" className="text-xs font-medium text-destructive">{form.formState.errors.roles.message}</p>}
      </fieldset>
    </form>
    <DialogFooter>
      <Button variant="outline" onClick={onClose}>Close</Button>
      <Button type="submit" form="invite-form" disabled={invite.isPending}>
        {invite.isPending && <Loader2Icon className="animate-spin" />} Send invitation
      </Button>
    </DialogFooter>
    </>
  );
}
