"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeftIcon, Loader2Icon, LockIcon, Trash2Icon } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { z } from "zod";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { permissionsQuery, roleCreate, roleDelete, roleQuery, roleUpdate } from "@/lib/api/admin";
import { ApiError, applyFieldErrors } from "@/lib/api/errors";
import { PermissionGrid } from "./permission-grid";

const schema = z.object({
  name: z.string().trim().min(1, "Give the role a name.").max(100),
  description: z.string().max(500),
  permissions: z.array(z.string()),
});
type Values = z.infer<typeof schema>;

export function RoleEditor({ roleId }: { roleId: number | null }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const catalogue = useQuery(permissionsQuery());
  const role = useQuery({ ...roleQuery(roleId ?? 0), enabled: roleId !== null });
  const canEdit = useCan(roleId === null ? "access.role.create" : "access.role.change");
  const canDelete = useCan("access.role.delete");
  const [formError, setFormError] = useState("");
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { name: "", description: "", permissions: [] } });
  useEffect(() => {
    if (role.data) form.reset({ name: role.data.name, description: role.data.description ?? "", permissions: role.data.permissions ?? [] });
  }, [role.data, form]);

  // Built-in roles are read-only here (the API lets an administrator edit all but Owner; later
  // modules extend them by migration, so hand edits would drift from what we document).
  const readOnly = !canEdit || (role.data ? role.data.is_builtin || !role.data.is_editable : false);
  const loading = catalogue.isPending || (roleId !== null && role.isPending);

  async function submit(values: Values) {
    setFormError("");
    try {
      const saved = roleId === null ? await roleCreate(values) : await roleUpdate(roleId, values);
      await queryClient.invalidateQueries({ queryKey: ["roles"] });
      toast.success(roleId === null ? `Role “${saved.name}” created` : "Role saved");
      router.push("/roles");
    } catch (e) {
      if (e instanceof ApiError && applyFieldErrors(e, form.setError, ["name", "description", "permissions"] as const)) return;
      setFormError(e instanceof Error ? e.message : "Could not save the role.");
    }
  }

  const title = roleId === null ? "New role" : role.data?.name ?? "Role";
  return (
    <>
      <Link href="/roles" className="mb-3 inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground"><ArrowLeftIcon className="size-4" /> Roles</Link>
      <PageHeader
        title={title}
        description={role.data?.is_builtin ? "A built-in role: read-only. Create a custom role to grant a different set." : "Pick what members with this role can see and do, module by module."}
        actions={
          roleId !== null && role.data?.is_deletable && canDelete ? (
            <ConfirmDialog
              title={`Delete the role “${role.data.name}”?`}
              description={role.data.member_count ? `${role.data.member_count} member(s) hold it and lose its permissions.` : "No member holds it."}
              confirmLabel="Delete role"
              destructive
              onConfirm={async () => {
                await roleDelete(roleId);
                await queryClient.invalidateQueries({ queryKey: ["roles"] });
                toast.success("Role deleted");
                router.push("/roles");
              }}
              trigger={<Button variant="outline"><Trash2Icon /> Delete</Button>}
            />
          ) : null
        }
      />
      {loading ? (
        <div className="grid max-w-4xl gap-4"><Skeleton className="h-40" /><Skeleton className="h-96" /></div>
      ) : catalogue.isError || role.isError ? (
        <p role="alert" className="text-destructive">{(catalogue.error ?? role.error)?.message}</p>
      ) : (
        <form noValidate onSubmit={form.handleSubmit(submit)} className="grid max-w-4xl gap-4">
          {readOnly && (
            <p className="flex items-center gap-2 rounded-md bg-muted px-3 py-2 text-sm text-muted-foreground"><LockIcon className="size-4" /> This role cannot be edited.</p>
          )}
          {formError && <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">{formError}</p>}
          <Card>
            <CardHeader><CardTitle>Details</CardTitle></CardHeader>
            <CardContent className="grid gap-5 sm:grid-cols-2">
              <FormField id="role-name" label="Name" error={form.formState.errors.name?.message}>
                <Input id="role-name" disabled={readOnly} aria-invalid={!!form.formState.errors.name} {...form.register("name")} />
              </FormField>
              <FormField id="role-description" label="Description" error={form.formState.errors.description?.message}>
                <Input id="role-description" disabled={readOnly} {...form.register("description")} />
              </FormField>
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Permissions</CardTitle>
              <CardDescription>View lets them open a module&apos;s pages; the other columns let them act.</CardDescription>
            </CardHeader>
            <CardContent>
              <Controller
                control={form.control}
                name="permissions"
                render={({ field }) => <PermissionGrid modules={catalogue.data ?? []} value={field.value} onChange={field.onChange} readOnly={readOnly} />}
              />
              {form.formState.errors.permissions?.message && <p role="alert" className="mt-2 text-xs text-destructive">{form.formState.errors.permissions.message}</p>}
            </CardContent>
          </Card>
          {!readOnly && (
            <div className="sticky bottom-0 -mx-4 flex justify-end gap-2 border-t bg-background/90 px-4 py-3 backdrop-blur sm:mx-0 sm:rounded-b-lg">
              <Button variant="outline" type="button" onClick={() => router.push("/roles")}>Cancel</Button>
              <Button type="submit" disabled={form.formState.isSubmitting}>
                {form.formState.isSubmitting && <Loader2Icon className="animate-spin" />} {roleId === null ? "Create role" : "Save role"}
              </Button>
            </div>
          )}
        </form>
      )}
    </>
  );
}
