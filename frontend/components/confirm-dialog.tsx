"use client";
import { Loader2Icon } from "lucide-react";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";

export type ConfirmDialogProps = {
  title: string;
  description?: ReactNode;
  /** Text of the confirming button, e.g. "Revoke token". */
  confirmLabel: string;
  cancelLabel?: string;
  /** Red confirming button for what cannot be undone. */
  destructive?: boolean;
  /** Runs on confirm; the dialog stays open (button spinning) until it settles, and shows the
   *  error message if it throws. */
  onConfirm: () => Promise<unknown> | unknown;
  /** Opens the dialog (uncontrolled use); or control it with `open`/`onOpenChange`. */
  trigger?: ReactNode;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  children?: ReactNode;
};

/** "Are you sure?" before an action that changes or removes something. */
export function ConfirmDialog({ title, description, confirmLabel, cancelLabel = "Cancel", destructive = false, onConfirm, trigger, open, onOpenChange, children }: ConfirmDialogProps) {
  const [innerOpen, setInnerOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const isOpen = open ?? innerOpen;
  const setOpen = (o: boolean) => {
    if (busy) return;
    setError("");
    if (open === undefined) setInnerOpen(o);
    onOpenChange?.(o);
  };

  async function confirm() {
    setBusy(true);
    setError("");
    try {
      await onConfirm();
      setBusy(false);
      if (open === undefined) setInnerOpen(false);
      onOpenChange?.(false);
    } catch (e) {
      setBusy(false);
      setError(e instanceof Error ? e.message : "Something went wrong.");
    }
  }

  return (
    <Dialog open={isOpen} onOpenChange={setOpen}>
      {trigger && <DialogTrigger asChild>{trigger}</DialogTrigger>}
      <DialogContent role="alertdialog" className="max-w-md">
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          {description && <DialogDescription>{description}</DialogDescription>}
        </DialogHeader>
        {children}
        {error && <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">{error}</p>}
        <DialogFooter>
          <Button variant="outline" onClick={() => setOpen(false)} disabled={busy}>{cancelLabel}</Button>
          <Button variant={destructive ? "destructive" : "default"} onClick={() => void confirm()} disabled={busy} data-testid="confirm-button">
            {busy && <Loader2Icon className="animate-spin" />} {confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
