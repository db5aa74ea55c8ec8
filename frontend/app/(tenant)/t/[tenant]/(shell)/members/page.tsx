import type { Metadata } from "next";
import { Suspense } from "react";
import type { MemberList } from "@/lib/api/access";
import { prefetchList } from "@/lib/server/list";
import { MembersView } from "./_components/members-view";
import { MEMBERS_TABLE } from "./_components/table";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const initial = await prefetchList<MemberList>("/api/v1/access/members/", await searchParams, MEMBERS_TABLE);
  return (
    <Suspense>
      <MembersView initial={initial} />
    </Suspense>
  );
}
