import type { Metadata } from "next";
import { OpeningBalances } from "./_components/opening-balances";

export const metadata: Metadata = { title: "Opening balances" };

export default function Page() {
  return <OpeningBalances />;
}
