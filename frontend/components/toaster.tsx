"use client";
import { useTheme } from "next-themes";
import { Toaster as Sonner } from "sonner";

/** Toasts (sonner), mounted once in the app's providers. Call `toast.success("…")` from
 *  `@/components/toaster` (re-exported) anywhere in client code. */
export function Toaster() {
  const { resolvedTheme } = useTheme();
  return <Sonner theme={resolvedTheme === "dark" ? "dark" : "light"} position="bottom-right" richColors closeButton />;
}

export { toast } from "sonner";
