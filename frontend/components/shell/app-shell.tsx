"use client";
import { MenuIcon } from "lucide-react";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { SubscriptionBanner } from "@/components/billing/subscription-banner";
import { Logo } from "@/components/logo";
import { ThemeToggle } from "@/components/theme-toggle";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTitle } from "@/components/ui/dialog";
import { Breadcrumbs } from "./breadcrumbs";
import { CommandSearch } from "./command-search";
import { CompanySwitcher } from "./company-switcher";
import { NotificationsBell } from "./notifications-bell";
import { ShellProvider, type MyAccess } from "./shell-context";
import { SidebarNav } from "./sidebar-nav";
import { UserMenu } from "./user-menu";

export function AppShell({ me, children }: { me: MyAccess; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <ShellProvider me={me}>
      <div className="flex min-h-dvh">
        <aside className="sticky top-0 hidden h-dvh w-64 shrink-0 flex-col border-r bg-sidebar lg:flex">
          <div className="flex h-14 items-center border-b px-5">
            <Link href="/"><Logo className="text-sm" /></Link>
          </div>
          <div className="flex-1 overflow-y-auto"><SidebarNav /></div>
        </aside>
        <Dialog open={open} onOpenChange={setOpen}>
          <DialogContent className="left-0 top-0 h-dvh max-w-72 translate-x-0 translate-y-0 grid-rows-[auto_minmax(0,1fr)] gap-0 rounded-none p-0">
            <DialogTitle className="flex h-14 items-center border-b px-5"><Logo className="text-sm" /></DialogTitle>
            {/* the menu scrolls on a short screen: every module stays reachable */}
            <div className="min-h-0 overflow-y-auto"><SidebarNav onNavigate={() => setOpen(false)} /></div>
          </DialogContent>
        </Dialog>
        <div className="flex min-w-0 flex-1 flex-col">
          <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b bg-background/85 px-3 backdrop-blur sm:px-4">
            <Button variant="ghost" size="icon" className="lg:hidden" aria-label="Open menu" onClick={() => setOpen(true)}>
              <MenuIcon />
            </Button>
            <CompanySwitcher />
            <div className="flex flex-1 justify-end md:justify-center">
              <CommandSearch />
            </div>
            <div className="flex shrink-0 items-center gap-0.5 sm:gap-1">
              <NotificationsBell />
              <ThemeToggle />
              <UserMenu />
            </div>
          </header>
          <div className="border-b px-4 py-2.5 sm:px-6"><Breadcrumbs /></div>
          <SubscriptionBanner />
          <main className="flex-1 px-4 py-6 sm:px-6 lg:px-8">{children}</main>
        </div>
      </div>
    </ShellProvider>
  );
}
