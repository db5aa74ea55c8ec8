"use client";
import { createContext, useContext, type ReactNode } from "react";
import type { components } from "@/lib/api/schema.tenant";
import { setBusinessTimeZone } from "@/lib/dates";

export type MyAccess = components["schemas"]["MyAccessOutput"];
const ShellContext = createContext<MyAccess | null>(null);

export function ShellProvider({ me, children }: { me: MyAccess; children: ReactNode }) {
  // before the pages render: their "today" is the company's date, not the browser's
  setBusinessTimeZone(me.company.time_zone);
  return <ShellContext.Provider value={me}>{children}</ShellContext.Provider>;
}

/** The signed-in member here: user, company, roles and permissions. */
export function useMe(): MyAccess {
  const me = useContext(ShellContext);
  if (!me) throw new Error("useMe() outside the tenant app shell");
  return me;
}

export function useCan(code: string): boolean {
  return useMe().permissions.includes(code);
}
