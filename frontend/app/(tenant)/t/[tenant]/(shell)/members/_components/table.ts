/** The members table's URL defaults, shared by the server page (first page prefetch) and the
 *  client view. A plain module: a constant exported from a "use client" file is only a client
 *  reference on the server. */
export const MEMBERS_TABLE = { ordering: "email", filters: ["status", "role"] } as const;
