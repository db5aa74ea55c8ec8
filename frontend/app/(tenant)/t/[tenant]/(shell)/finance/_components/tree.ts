/** The chart of accounts and the cost centres are trees linked by `parent`. */
type Node = { id: number; code: string; parent?: number | null };

/** Nodes in tree order (each under its parent, siblings by code) with their depth. */
export function treeOrder<T extends Node>(nodes: T[]): { node: T; depth: number }[] {
  const children = new Map<number | null, T[]>();
  for (const n of nodes) {
    const key = n.parent ?? null;
    children.set(key, [...(children.get(key) ?? []), n]);
  }
  const out: { node: T; depth: number }[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const n of (children.get(parent) ?? []).sort((x, y) => x.code.localeCompare(y.code))) {
      out.push({ node: n, depth });
      walk(n.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** A node's label in a select's options, indented by its depth (no-break spaces: an option
 *  keeps no leading blanks otherwise). */
export function treeLabel(node: { code: string; name: string }, depth: number): string {
  return `${"\u00a0\u00a0".repeat(depth)}${node.code} ${node.name}`;
}
