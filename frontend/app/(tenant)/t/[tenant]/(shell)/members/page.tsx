import type { Metadata } from "next";
import type { MemberList } from "@/lib/api/access";
import { prefetchList } from "@/lib/server/list";
import { MembersView } from "./_components/members-view";
import { MEMBERS_TABLE } from "./_components/table";

export const metadata: Metadata = { title: "Members" };

// No Suspense boundary: the route is dynamic, so the view (and its first page of rows) is in the
// first HTML flush rather than streamed into a hidden boundary revealed by a script later.
export default async function MembersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const initial = await prefetchList<MemberList>("/api/v1/access/members/", await searchParams, MEMBERS_TABLE);
  return <MembersView initial={initial} />;
}
