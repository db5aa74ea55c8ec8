"use client";
import { useQuery } from "@tanstack/react-query";
import { LockIcon } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { journalEntryQuery } from "@/lib/api/finance";
import { JournalForm } from "./journal-form";

/** The edit page of a journal entry: a draft opens in the entry form, prefilled; a posted or
 *  reversed entry is not editable and says what to do instead. */
export function JournalEdit({ entryId }: { entryId: number }) {
  const canChange = useCan("finance.journal.change");
  // The form starts from what it is given: wait for the entry as it is now, not a cached copy.
  const query = useQuery({ ...journalEntryQuery(entryId), refetchOnMount: "always" });
  if (query.isError) return <p role="alert" className="text-destructive">{query.error.message}</p>;
  if (!query.isFetchedAfterMount || !query.data) return <p className="text-muted-foreground">Loading…</p>;
  const entry = query.data;
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
