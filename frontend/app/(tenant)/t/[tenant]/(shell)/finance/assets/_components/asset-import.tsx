"use client";
import { useQueryClient } from "@tanstack/react-query";
import { DownloadIcon, Loader2Icon, UploadIcon } from "lucide-react";
import { useRef, useState } from "react";
import { FormField } from "@/components/form-field";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { assetImport, assetImportTemplate } from "@/lib/api/assets";
import { ApiError } from "@/lib/api/errors";

type Failure = {
  message: string;
  /** the file's own problems (not a workbook, the header) */
  file: string[];
  /** by spreadsheet row, in row order: each column's problem */
  rows: Array<{ row: number; problems: Array<{ column: string; message: string }> }>;
};

/** The API's 400 as the dialog lists it: `rows.<row>.<column>` grouped by row, the rest as
 *  lines about the file. */
function failureOf(e: unknown): Failure {
  if (!(e instanceof ApiError)) return { message: e instanceof Error ? e.message : "Could not reach the server.", file: [], rows: [] };
  const rows = new Map<number, Array<{ column: string; message: string }>>();
  const file: string[] = [];
  for (const [key, messages] of Object.entries(e.fields)) {
    const m = /^rows\.(\d+)\.(.+)$/.exec(key);
    if (!m) file.push(...messages);
    else {
      const row = Number(m[1]);
      rows.set(row, [...(rows.get(row) ?? []), { column: m[2] ?? "", message: messages.join(" ") }]);
    }
  }
  return { message: e.message, file, rows: [...rows.entries()].sort(([a], [b]) => a - b).map(([row, problems]) => ({ row, problems })) };
}

/** Bring in an existing fixed asset register from Excel: the template, the filled file, all rows
 *  or none. On success the list refreshes and the dialog closes; otherwise every wrong row is
 *  listed here and nothing is registered. */
export function AssetImportDialog({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [importing, setImporting] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);

  async function onImport() {
    if (!file) return;
    setImporting(true);
    setFailure(null);
    try {
      const result = await assetImport(file);
      toast.success(`${result.created} ${result.created === 1 ? "asset" : "assets"} registered`);
      await queryClient.invalidateQueries({ queryKey: ["assets"] });
      onClose();
    } catch (e) {
      setFailure(failureOf(e));
      setImporting(false);
      // the fixed file is picked again (a browser fires no change for the same name otherwise)
      setFile(null);
      if (input.current) input.current.value = "";
    }
  }

  return (
    <Dialog open onOpenChange={(open) => !open && !importing && onClose()}>
      <DialogContent className="max-h-[calc(100dvh-2rem)] max-w-xl overflow-y-auto" data-testid="asset-import-dialog">
        <DialogHeader>
          <DialogTitle>Import fixed assets</DialogTitle>
          <DialogDescription>
            Bring in an existing register from Excel, one row per asset (categories by name, cost centres by code). Their cost must already be in the books — the opening balances or a journal: nothing is posted.
          </DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            void onImport();
          }}
        >
          <div>
            <Button type="button" variant="outline" onClick={() => assetImportTemplate().catch(() => toast.error("Could not download the template."))}>
              <DownloadIcon /> Download template
            </Button>
          </div>
          <FormField id="asset-import-file" label="Excel file (.xlsx)" hint="Your rows in place of the template's two examples. Every row is checked; if any is wrong, nothing is imported.">
            <Input
              ref={input}
              id="asset-import-file"
              type="file"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              className="file:mr-3 file:border-0 file:bg-transparent file:text-sm file:font-medium"
              disabled={importing}
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                if (e.target.files?.length) setFailure(null);
              }}
            />
          </FormField>
          {failure && (
            <div role="alert" data-testid="asset-import-errors" className="grid gap-1 rounded-md bg-destructive/10 p-3 text-sm text-destructive">
              <p className="font-medium">{failure.message}</p>
              {failure.file.map((m) => <p key={m}>{m}</p>)}
              {failure.rows.length > 0 && (
                <ul className="grid gap-1" aria-label="Rows with errors">
                  {failure.rows.map(({ row, problems }) => (
                    <li key={row} data-testid="asset-import-row-error">
                      <span className="font-medium">Row {row}:</span>{" "}
                      {problems.map((p) => (
                        <span key={p.column} className="mr-1">
                          <code>{p.column}</code> — {p.message}
                        </span>
                      ))}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose} disabled={importing}>Cancel</Button>
            <Button type="submit" disabled={!file || importing} data-testid="asset-import-submit">
              {importing ? <Loader2Icon className="animate-spin" /> : <UploadIcon />} Import
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
