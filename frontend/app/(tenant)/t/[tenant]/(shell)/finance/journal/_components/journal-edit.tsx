"use client";
import { useQuery } from "@tanstack/react-query";
import { LockIcon } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { journalEntryQuery, type JournalEntryDetail } from "@/lib/api/finance";
import { JournalForm } from "./journal-form";

/** The edit page of a journal entry: a draft opens in the entry form, prefilled; a posted or
 *  reversed entry is not editable and says what to do instead. */
export function JournalEdit({ entryId }: { entryId: number }) {
  const canChange = useCan("finance.journal.change");
  // The form starts from what it is given: wait for the entry as it is now, not a cached copy.
  const query = useQuery({ ...journalEntryQuery(entryId), refetchOnMount: "always" });
  // ...and keep that one: "Save and post" refetches the entry as posted before the page leaves,
  // which must not swap the form for the refusal below.
  const [entry, setEntry] = useState<JournalEntryDetail | null>(null);
  if (entry === null && query.isFetchedAfterMount && query.data) setEntry(query.data);
  if (query.isError && entry === null) return <p role="alert" className="text-destructive">{query.error.message}</p>;
  if (entry === null) return <p className="text-muted-foreground">Loading…</p>;
  const title = entry.number || `Draft #${entry.id}`;
  const back = (
    <Button variant="outline" asChild>
      <Link href={`/finance/journal/${entry.id}`}>Back to the entry</Link>
    </Button>
  );
  if (entry.status !== "draft" || !canChange) {
    return (
      <>
        <PageHeader title={title} description={entry.narration || undefined} />
        <Card>
          <CardContent className="pt-6" data-testid="je-edit-refused">
            <EmptyState
              icon={LockIcon}
              title={entry.status !== "draft" ? "Posted entries cannot be changed; reverse the entry instead" : "You cannot change journal entries"}
              description={
                entry.status === "reversed"
                  ? "This entry is already reversed: its reversal is in the books."
                  : entry.status !== "draft"
                    ? "A posted entry counts in the books as it is. Reverse it from the entry's page, then make a new entry with the right figures."
                    : "Ask a company admin for the permission to change journal entries."
              }
              action={back}
            />
          </CardContent>
        </Card>
      </>
    );
  }
  return <JournalForm key={entry.id} entry={entry} />;
}
