/** The list API query a table's URL stands for. Shared by `useTableParams` (client) and
 *  server pages that fetch the first page while rendering (no skeleton flash, rows in the HTML). */
export type TableQueryDefaults = { ordering?: string; pageSize?: number; filters?: readonly string[] };

type ParamSource = { get(name: string): string | null };

export function paramSource(params: Record<string, string | string[] | undefined> | ParamSource): ParamSource {
  if (typeof (params as ParamSource).get === "function") return params as ParamSource;
  const record = params as Record<string, string | string[] | undefined>;
  return { get: (name) => { const v = record[name]; return Array.isArray(v) ? (v[0] ?? null) : (v ?? null); } };
}

export function tableQuery(source: ParamSource, defaults: TableQueryDefaults = {}) {
  const page = Math.max(1, Number(source.get("page")) || 1);
  const pageSize = Number(source.get("page_size")) || defaults.pageSize || 25;
  const ordering = source.get("ordering") ?? defaults.ordering ?? "";
  const search = source.get("search") ?? "";
  const filters: Record<string, string> = {};
  for (const key of defaults.filters ?? []) {
    const value = source.get(key);
    if (value) filters[key] = value;
  }
  const exportQuery: Record<string, string> = { ...filters };
  if (ordering) exportQuery.ordering = ordering;
  if (search) exportQuery.search = search;
  const query: Record<string, string | number> = { ...exportQuery, page, page_size: pageSize };
  return { page, pageSize, ordering, search, filters, query, exportQuery };
}

/** `?a=1&b=2` of a query, keys sorted (a stable cache key on both sides). */
export function queryString(query: Record<string, string | number>): string {
  return new URLSearchParams(Object.entries(query).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, String(v)])).toString();
}
