"use client";
import { BellIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";

/** Placeholder until the workflow module sends notifications (approvals, due dates). */
export function NotificationsBell() {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" aria-label="Notifications">
          <BellIcon />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-72 p-4 text-sm">
        <p className="font-medium">No notifications</p>
        <p className="mt-1 text-muted-foreground">Approvals and reminders will appear here once workflows are set up.</p>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
