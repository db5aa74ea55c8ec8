"use client";
import { MailPlusIcon } from "lucide-react";
import dynamic from "next/dynamic";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";

// The form (React Hook Form + Zod) loads when the dialog opens: the members page stays light.
const InviteForm = dynamic(() => import("./invite-form"), {
  ssr: false,
  loading: () => (
    <div className="grid gap-4" aria-busy>
      <DialogTitle>Invite a member</DialogTitle>
      <Skeleton className="h-9" />
      <Skeleton className="h-24" />
    </div>
  ),
});

export function InviteDialog() {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button><MailPlusIcon /> Invite member</Button>
      </DialogTrigger>
      <DialogContent aria-describedby={undefined}>{open && <InviteForm onClose={() => setOpen(false)} />}</DialogContent>
    </Dialog>
  );
}
