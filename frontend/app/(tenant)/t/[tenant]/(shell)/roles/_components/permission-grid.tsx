"use client";
import type { PermissionModule } from "@/lib/api/admin";

const ACTIONS = ["view", "create", "change", "delete", "approve", "send", "export"] as const;
const ACTION_LABEL: Record<string, string> = { view: "View", create: "Create", change: "Edit", delete: "Delete", approve: "Approve", send: "Send", export: "Export" };

function humanise(resource: string) {
  const t = resource.replace(/[_-]+/g, " ");
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** One table per module: resources down, actions across, a checkbox where the permission exists. */
export function PermissionGrid({ modules, value, onChange, readOnly }: {
  modules: PermissionModule[];
  value: string[];
  onChange: (codes: string[]) => void;
  readOnly?: boolean;
}) {
  const held = new Set(value);
  const set = (codes: string[], on: boolean) => {
    const next = new Set(held);
    for (const c of codes) (on ? next.add(c) : next.delete(c));
    onChange([...next].sort());
  };
  return (
    <div className="grid gap-6">
      {modules.map((m) => {
        const codes = m.permissions.map((p) => p.code);
        const all = codes.every((c) => held.has(c));
        const some = !all && codes.some((c) => held.has(c));
        const resources = [...new Set(m.permissions.map((p) => p.resource))];
        const actions = ACTIONS.filter((a) => m.permissions.some((p) => p.action === a));
        return (
          <section key={m.module} aria-labelledby={`perm-${m.module}`} data-testid={`perm-module-${m.module}`}>
            <div className="mb-2 flex items-center justify-between gap-3">
              <h3 id={`perm-${m.module}`} className="text-sm font-semibold">{m.label}</h3>
              {!readOnly && (
                <label className="flex items-center gap-2 text-xs text-muted-foreground">
                  <input
                    type="checkbox"
                    className="size-4 accent-[var(--color-primary)]"
                    checked={all}
                    ref={(el) => {
                      if (el) el.indeterminate = some;
                    }}
                    onChange={(e) => set(codes, e.target.checked)}
                    aria-label={`All ${m.label} permissions`}
                  />
                  All
                </label>
              )}
            </div>
            <div className="overflow-x-auto rounded-lg border">
              <table className="w-full text-sm">
                <thead className="bg-muted/50 text-xs text-muted-foreground">
                  <tr>
                    <th scope="col" className="px-3 py-2 text-left font-medium">Resource</th>
                    {actions.map((a) => <th key={a} scope="col" className="w-20 px-2 py-2 text-center font-medium">{ACTION_LABEL[a]}</th>)}
                  </tr>
                </thead>
                <tbody>
                  {resources.map((r) => (
                    <tr key={r} className="border-t">
                      <th scope="row" className="px-3 py-2 text-left font-normal">{humanise(r)}</th>
                      {actions.map((a) => {
                        const p = m.permissions.find((x) => x.resource === r && x.action === a);
                        return (
                          <td key={a} className="px-2 py-2 text-center">
                            {p ? (
                              <input
                                type="checkbox"
                                className="size-4 accent-[var(--color-primary)]"
                                checked={held.has(p.code)}
                                disabled={readOnly}
                                onChange={(e) => set([p.code], e.target.checked)}
                                aria-label={p.label || `${ACTION_LABEL[a]} ${humanise(r)}`}
                                data-code={p.code}
                              />
                            ) : null}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
    </div>
  );
}
