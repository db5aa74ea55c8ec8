/** What a document or journal line may name beyond its account (ADR 0069): the ledger an
 *  invoice's or bill's line posts to, and the cost centre of any line. */
import type { Account, CostCentre } from "@/lib/api/finance";

/** The roles of the ledgers a document line may post its taxable value to, as the server's
 *  `LINE_ROLES` (tenant_apps/invoicing/ledger.py): the other roles are control ledgers. */
const LINE_ROLES = new Set(["", "sales", "sales_export", "sales_return", "purchase", "purchase_return", "stock", "work_in_progress", "capital_wip", "cogs", "discount_allowed", "discount_received"]);

type Option = { value: string; label: string };

/** The ledgers a document line may name: active income ledgers on a sale; expense, then asset
 *  (a capital purchase) ledgers on a purchase. `keep`: ids the lines hold already, listed even
 *  when deactivated since (so the form shows them, and the server's refusal beside them). */
export function lineLedgerOptions(accounts: Account[], sales: boolean, keep: ReadonlySet<string>): Option[] {
  return (sales ? ["income"] : ["expense", "asset"]).flatMap((type) =>
    accounts
      .filter((a) => a.type === type && !a.is_group && LINE_ROLES.has(a.role ?? "") && (a.is_active || keep.has(String(a.id))))
      .map((a) => ({ value: String(a.id), label: `${a.code} ${a.name}` })),
  );
}

/** The cost centres a line may name: active leaves (and those in `keep`, as above). */
export function costCentreOptions(centres: CostCentre[], keep: ReadonlySet<string>): Option[] {
  return centres.filter((c) => !c.is_group && (c.is_active || keep.has(String(c.id)))).map((c) => ({ value: String(c.id), label: `${c.code} ${c.name}` }));
}
