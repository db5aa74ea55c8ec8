"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRoundIcon, ShieldAlertIcon, ShieldCheckIcon } from "lucide-react";
import { useState } from "react";
import { PageHeader } from "@/components/page-header";
import { useMe } from "@/components/shell/shell-context";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { authenticatorsList } from "@/lib/mfa";
import { formatDate } from "@/lib/utils";
import { PasskeysCard, PasswordCard, ProfileCard, SessionsCard } from "./account-cards";
import { TotpSetup } from "./totp-setup";

export function AccountSecurityView() {
  const { user } = useMe();
  const queryClient = useQueryClient();
  const [settingUp, setSettingUp] = useState(false);
  const { data, isPending, isError, error } = useQuery({ queryKey: ["mfa", "authenticators"], queryFn: authenticatorsList });
  const totp = data?.find((a) => a.type === "totp");
  const recovery = data?.find((a) => a.type === "recovery_codes");

  return (
    <>
      <PageHeader title="Account & security" description="How you sign in to B3 MACBIS ERP. These settings follow you to every company you belong to." />
      <div className="grid max-w-3xl gap-4">
        <ProfileCard />
        <PasswordCard />
        <Card>
          <CardHeader className="flex flex-row items-start justify-between gap-4">
            <div className="grid gap-1.5">
              <CardTitle>Two-factor authentication</CardTitle>
              <CardDescription>After your password, you also enter a 6-digit code from an authenticator app on your phone.</CardDescription>
            </div>
            {isPending ? (
              <Skeleton className="h-5 w-12" />
            ) : totp ? (
              <Badge variant="success" data-testid="mfa-status">On</Badge>
            ) : (
              <Badge variant="warning" data-testid="mfa-status">Off</Badge>
            )}
          </CardHeader>
          <CardContent>
            {isError && <p role="alert" className="text-sm text-destructive">{error.message}</p>}
            {settingUp ? (
              <TotpSetup
                onCancel={() => setSettingUp(false)}
                onActivated={() => void queryClient.invalidateQueries({ queryKey: ["mfa", "authenticators"] })}
                onDone={() => setSettingUp(false)}
              />
            ) : totp ? (
              <div className="grid gap-3 text-sm">
                <div className="flex items-start gap-3 rounded-lg bg-muted px-3 py-3">
                  <ShieldCheckIcon className="mt-0.5 size-5 shrink-0 text-emerald-600 dark:text-emerald-400" />
                  <div>
                    <p className="font-medium">Authenticator app</p>
                    <p className="text-muted-foreground">
                      Set up {formatDate(totp.created_at ? new Date(totp.created_at * 1000).toISOString() : null)}
                      {totp.last_used_at ? ` · last used ${formatDate(new Date(totp.last_used_at * 1000).toISOString())}` : ""}
                    </p>
                  </div>
                </div>
                {recovery && (
                  <div className="flex items-start gap-3 rounded-lg bg-muted px-3 py-3">
                    <KeyRoundIcon className="mt-0.5 size-5 shrink-0 text-muted-foreground" />
                    <div>
                      <p className="font-medium">Recovery codes</p>
                      <p className="text-muted-foreground">Use one if you lose your phone. Each code works once.</p>
                    </div>
                  </div>
                )}
              </div>
            ) : (
              !isPending && (
                <div className="flex flex-col gap-4 sm:flex-row sm:items-center sm:justify-between">
                  <div className="flex items-start gap-3 text-sm">
                    <ShieldAlertIcon className="mt-0.5 size-5 shrink-0 text-amber-600 dark:text-amber-400" />
                    <p className="text-muted-foreground">Two-factor authentication is off. Anyone with your password can sign in.</p>
                  </div>
                  <Button onClick={() => setSettingUp(true)} className="shrink-0">
                    <ShieldCheckIcon /> Set up authenticator app
                  </Button>
                </div>
              )
            )}
          </CardContent>
        </Card>
        <PasskeysCard />
        <SessionsCard />
      </div>
    </>
  );
}
