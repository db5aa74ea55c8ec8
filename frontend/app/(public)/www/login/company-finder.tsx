"use client";
import { ArrowRightIcon } from "lucide-react";
import { useEffect, useState } from "react";
import { FormField } from "@/components/form-field";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

export function CompanyFinder() {
  const [slug, setSlug] = useState("");
  const [error, setError] = useState("");
  const [host, setHost] = useState("localhost");
  useEffect(() => setHost(window.location.host), []);
  return (
    <form
      className="grid gap-5"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const name = slug.trim().toLowerCase();
        if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
          setError("Enter your company's address, e.g. sharma-steel.");
          return;
        }
        window.location.assign(`${window.location.protocol}//${name}.${host}/login`);
      }}
    >
      <FormField id="company" label="Company address" error={error}>
        <div className="flex items-stretch">
          <Input id="company" className="rounded-r-none" autoCapitalize="none" spellCheck={false} value={slug} onChange={(e) => setSlug(e.target.value)} aria-invalid={!!error} />
          <span className="inline-flex items-center rounded-r-md border border-l-0 bg-muted px-3 text-sm text-muted-foreground">.{host}</span>
        </div>
      </FormField>
      <Button type="submit" size="lg">Continue <ArrowRightIcon /></Button>
    </form>
  );
}
