import type { Metadata } from "next";
import Link from "next/link";
import { SignupForm } from "./_components/signup-form";

export const metadata: Metadata = { title: "Create your company" };

export default function SignupPage() {
  return (
    <div className="mx-auto grid max-w-5xl gap-10 px-4 py-12 sm:px-6 lg:grid-cols-[0.8fr_1.2fr] lg:py-16">
      <div className="lg:pt-4">
        <h1 className="text-3xl font-semibold tracking-tight">Create your company</h1>
        <p className="mt-3 text-muted-foreground">
          Start with a free trial. Your team signs in at your own company address.
        </p>
        <ul className="mt-6 grid gap-3 text-sm text-muted-foreground">
          <li>• Estimates, GST invoices and production in one place</li>
          <li>• Your data in its own isolated database schema</li>
          <li>• Every company has its own login and roles</li>
        </ul>
        <p className="mt-8 text-sm text-muted-foreground">
          Already have a company?{" "}
          <Link href="/login" className="font-medium text-primary hover:underline">
            Sign in
          </Link>
        </p>
      </div>
      <SignupForm />
    </div>
  );
}
