"use client";
import { useQuery } from "@tanstack/react-query";
import { HardHatIcon } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { useCan } from "@/components/shell/shell-context";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cwipListQuery, type CwipLedger } from "@/lib/api/assets";
import { today } from "@/lib/dates";
import { formatDecimal, formatMoney, parseDecimal } from "@/lib/decimal";
import { AssetForm } from "./asset-form";

/** Capital work in progress (ADR 0077): each ledger where the cost of an asset being built or
 *  installed gathers (bills and journals post to it), what it holds, and "Capitalise" to register
 *  the asset from it when it is put to use — the register form, its cost the ledger's balance.
 *  Hidden while no ledger holds anything and none is kept. */
export function CwipCard() {
  const canView = useCan("assets.asset.view");
  const canCreate = useCan("assets.asset.create");
  const ledgers = useQuery({ ...cwipListQuery(), enabled: canView });
  const [capitalising, setCapitalising] = useState<CwipLedger | null>(null);
  const rows = ledgers.data ?? [];
  if (!canView || rows.length === 0) return null;
  const yearStart = `${today().slice(0, 4)}-01-01`;
  return (
    <Card className="mt-6" data-testid="cwip-card">
      <CardHeader>
        <CardTitle className="flex items-center gap-2"><HardHatIcon className="size-4" /> Capital work in progress</CardTitle>
        <CardDescription>Machines being installed and sheds being built: their bills go to a work-in-progress ledger (one per project, if you like) until they are put to use, then Capitalise registers the asset and moves its cost to the category&apos;s ledger.</CardDescription>
      </CardHeader>
      <CardContent className="overflow-x-auto">
        <Table aria-label="Capital work in progress">
          <TableHeader>
            <TableRow><TableHead>Ledger</TableHead><TableHead className="text-right">Holds</TableHead><TableHead /></TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((c) => {
              const held = parseDecimal(c.balance, 2) ?? 0n;
              return (
                <TableRow key={c.id} data-testid="cwip-row">
                  <TableCell>
                    <Link className="text-primary hover:underline" href={`/finance/reports/ledger?account=${c.id}&from_date=${yearStart}&to_date=${today()}`}>{c.code} {c.name}</Link>
                    {!c.is_active && <Badge variant="secondary" className="ml-2">inactive</Badge>}
                  </TableCell>
                  <TableCell className="text-right tabular-nums" data-testid="cwip-balance">{formatMoney(c.balance)}</TableCell>
                  <TableCell className="text-right">
                    {canCreate && c.is_active && held > 0n && (
                      <Button variant="outline" size="sm" onClick={() => setCapitalising(c)} aria-label={`Capitalise from ${c.code} ${c.name}`}>Capitalise…</Button>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </CardContent>
      {capitalising && (
        <AssetForm
          onClose={() => setCapitalising(null)}
          initial={{ values: { cwip_account: String(capitalising.id), cost: formatDecimal(parseDecimal(capitalising.balance, 2) ?? 0n, 2), purchase_date: today() } }}
        />
      )}
    </Card>
  );
}
