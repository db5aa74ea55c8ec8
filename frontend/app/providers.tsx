"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { ThemeProvider } from "next-themes";
import dynamic from "next/dynamic";
import { useEffect, useState, type ReactNode } from "react";

// Toasts render after the page is interactive: sonner stays out of the first load.
const Toaster = dynamic(() => import("@/components/toaster").then((m) => m.Toaster), { ssr: false });

export function Providers({ children }: { children: ReactNode }) {
  // Marks the document live: before this, typing and clicks on the server-rendered HTML are lost
  // (the browser tests wait for it after a full page load).
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: false } },
      }),
  );
  return (
    <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange>
      <QueryClientProvider client={client}>
        {children}
        <Toaster />
      </QueryClientProvider>
    </ThemeProvider>
  );
}
