import type { Metadata } from "next";
import { Suspense } from "react";
import { JournalList } from "./_components/journal-list";

export const metadata: Metadata = { title: "Journal entries" };

export default function Page() {
  return (
    <Suspense>
      <JournalList />
    </Suspense>
  );
}
