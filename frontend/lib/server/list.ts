import "server-only";
import { paramSource, queryString, tableQuery, type TableQueryDefaults } from "@/lib/table-query";
import { djangoGet } from "./session";

/** The first page of a list API for the page's URL, fetched while the server renders, so the
 *  table arrives with its rows (no skeleton, no layout shift). Null when it cannot be read. */
export type InitialList<T> = { key: string; data: T } | null;

export async function prefetchList<T>(path: string, searchParams: Record<string, string | string[] | undefined>, defaults: TableQueryDefaults): Promise<InitialList<T>> {
  const { query } = tableQuery(paramSource(searchParams), defaults);
  const key = queryString(query);
  try {
    const response = await djangoGet(`${path}?${key}`);
    if (response.status !== 200) return null;
    return { key, data: JSON.parse(response.body.toString("utf8")) as T };
  } catch {
    return null;
  }
}
