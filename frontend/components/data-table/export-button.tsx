"use client";
import { DownloadIcon, FileSpreadsheetIcon, FileTextIcon, Loader2Icon } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";

/** Where a download's name comes from: the server's Content-Disposition. */
function filenameOf(response: Response, fallback: string): string {
  const header = response.headers.get("content-disposition") ?? "";
  return /filename="?([^";]+)"?/.exec(header)?.[1] ?? fallback;
}

/**
 * Downloads `url` (an export endpoint taking the list's filters and `?format=xlsx|csv|pdf`) with
 * `query` — the table's current filter, search and ordering — as Excel or CSV. Errors (a bad
 * filter, too many rows) are shown as a toast, never as a JSON page.
 */
export function ExportButton({ url, query, formats = ["xlsx", "csv"], label = "Export" }: {
  url: string;
  query: Record<string, string>;
  formats?: ReadonlyArray<"xlsx" | "csv" | "pdf">;
  label?: string;
}) {
  const [busy, setBusy] = useState(false);

  async function download(format: "xlsx" | "csv" | "pdf") {
    setBusy(true);
    try {
      const params = new URLSearchParams({ ...query, format });
      const response = await fetch(`${url}?${params}`, { credentials: "same-origin" });
      if (!response.ok) {
        let detail = `Export failed (${response.status}).`;
        try {
          detail = ((await response.json()) as { detail?: string }).detail ?? detail;
        } catch {}
        toast.error(detail);
        return;
      }
      const blob = await response.blob();
      const href = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = href;
      a.download = filenameOf(response, `export.${format}`);
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(href), 10_000);
      toast.success(`Downloaded ${a.download}`);
    } catch {
      toast.error("The export could not be downloaded. Check your connection.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="outline" disabled={busy} data-testid="export-button">
          {busy ? <Loader2Icon className="animate-spin" /> : <DownloadIcon />} {label}
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        {formats.includes("xlsx") && (
          <DropdownMenuItem onSelect={() => void download("xlsx")}>
            <FileSpreadsheetIcon /> Excel (.xlsx)
          </DropdownMenuItem>
        )}
        {formats.includes("csv") && (
          <DropdownMenuItem onSelect={() => void download("csv")}>
            <FileTextIcon /> CSV (.csv)
          </DropdownMenuItem>
        )}
        {formats.includes("pdf") && (
          <DropdownMenuItem onSelect={() => void download("pdf")}>
            <FileTextIcon /> PDF (.pdf)
          </DropdownMenuItem>
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
