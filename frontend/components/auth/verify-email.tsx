"use client";
import { CheckCircle2Icon, Loader2Icon, MailIcon } from "lucide-react";
import Link from "next/link";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { AllauthError, emailVerify, emailVerifyLookup } from "@/lib/allauth";

/** The page the verification e-mail links to: shows the address, confirms on click. */
export function VerifyEmail({ verifyKey }: { verifyKey: string }) {
  const [lookup, setLookup] = useState<{ email: string } | null | undefined>(undefined);
  const [state, setState] = useState<"idle" | "busy" | "done">("idle");
  const [error, setError] = useState("");
  useEffect(() => {
    void emailVerifyLookup(verifyKey).then(setLookup);
  }, [verifyKey]);

  if (lookup === undefined) return <p className="flex items-center gap-2 text-sm text-muted-foreground"><Loader2Icon className="size-4 animate-spin" /> Checking the link…</p>;
  if (lookup === null) {
    return (
      <div role="alert" className="grid gap-3 text-sm">
        <p>This verification link is not valid any more: it was used already, or it expired. Sign in and ask for a new one from your account page.</p>
        <Link href="/" className="text-primary hover:underline">Go to the home page</Link>
      </div>
    );
  }
  if (state === "done") {
    return (
      <div role="status" className="grid gap-4 text-sm">
        <p className="flex items-center gap-2"><CheckCircle2Icon className="size-5 text-emerald-600" /> <span><strong>{lookup.email}</strong> is verified.</span></p>
        <Button asChild><Link href="/">Continue</Link></Button>
      </div>
    );
  }
  return (
    <div className="grid gap-4 text-sm">
      <p className="flex items-start gap-3 rounded-lg bg-muted px-3 py-3"><MailIcon className="mt-0.5 size-5 shrink-0 text-primary" /> <span>Confirm that <strong data-testid="verify-email-address">{lookup.email}</strong> is your e-mail address.</span></p>
      {error && <p role="alert" className="text-destructive">{error}</p>}
      <Button
        size="lg"
        disabled={state === "busy"}
        onClick={async () => {
          setState("busy");
          setError("");
          try {
            await emailVerify(verifyKey);
            setState("done");
          } catch (err) {
            setError(err instanceof AllauthError ? err.message : "Could not verify.");
            setState("idle");
          }
        }}
      >
        {state === "busy" && <Loader2Icon className="animate-spin" />} Verify e-mail
      </Button>
    </div>
  );
}
