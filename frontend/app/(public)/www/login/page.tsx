import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CompanyFinder } from "./company-finder";

export const metadata: Metadata = { title: "Sign in" };

export default function PublicLoginPage() {
  return (
    <div className="mx-auto flex max-w-md flex-col px-4 py-16 sm:py-24">
      <Card>
        <CardHeader>
          <CardTitle className="text-2xl">Sign in</CardTitle>
          <CardDescription>Each company has its own address. Enter yours to continue.</CardDescription>
        </CardHeader>
        <CardContent>
          <CompanyFinder />
        </CardContent>
      </Card>
      <p className="mt-6 text-center text-sm text-muted-foreground">
        Don&apos;t remember the address?{" "}
        <Link href="/companies" className="font-medium text-primary hover:underline">Sign in with your e-mail</Link>
      </p>
      <p className="mt-2 text-center text-sm text-muted-foreground">
        New to B3 MACBIS?{" "}
        <Link href="/signup" className="font-medium text-primary hover:underline">Create your company</Link>
      </p>
    </div>
  );
}
