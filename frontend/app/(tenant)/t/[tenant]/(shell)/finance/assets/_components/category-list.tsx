"use client";
import { useQuery } from "@tanstack/react-query";
import { PencilIcon, PlusIcon } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { useCan } from "@/components/shell/shell-context";
import { StatusBadge } from "@/components/status-badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { assetCategoryListQuery, METHOD_LABELS, type AssetCategory } from "@/lib/api/assets";
import { lifeLabel, percentLabel } from "./asset-format";
import { CategoryForm } from "./category-form";

/** The categories (Schedule II classes): each one's method, useful life, residual value and the
 *  three ledgers its assets post to; new assets take these as defaults. */
export function CategoryList() {
  const canView = useCan("assets.category.view");
  const canCreate = useCan("assets.category.create");
  const canChange = useCan("assets.category.change");
  const categories = useQuery({ ...assetCategoryListQuery(), enabled: canView });
  // null: closed; "new": a new category; else the one edited
  const [editing, setEditing] = useState<AssetCategory | "new" | null>(null);
  if (!canView) return null;
  return (
    <Card className="mt-6" data-testid="asset-categories">
      <CardHeader className="flex flex-row items-start justify-between gap-4 space-y-0">
        <div className="grid gap-1.5">
          <CardTitle>Categories</CardTitle>
          <CardDescription>The classes of Schedule II, Part C: their useful lives and ledgers, and the income-tax block each belongs to. A change applies to assets registered after it; those registered keep their method, life and residual value.</CardDescription>
        </div>
        {canCreate && <Button variant="outline" size="sm" onClick={() => setEditing("new")}><PlusIcon /> New category</Button>}
      </CardHeader>
      <CardContent className="overflow-x-auto">
        {categories.isPending ? (
          <Skeleton className="h-32" />
        ) : categories.isError ? (
          <p role="alert" className="text-sm text-destructive">{categories.error.message}</p>
        ) : categories.data.length === 0 ? (
          <p className="text-sm text-muted-foreground">No category yet: add one to register assets.</p>
        ) : (
          <Table aria-label="Asset categories">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead><TableHead>Method</TableHead><TableHead className="text-right">Life</TableHead><TableHead className="text-right">Residual</TableHead>
                <TableHead>Ledgers</TableHead><TableHead>Income-tax block</TableHead><TableHead className="text-right">Assets</TableHead><TableHead />
              </TableRow>
            </TableHeader>
            <TableBody>
              {categories.data.map((c) => (
                <TableRow key={c.id} data-testid="category-row" className={c.is_active === false ? "text-muted-foreground" : undefined}>
                  <TableCell className="min-w-40 font-medium">{c.name}{c.is_active === false && <span className="ml-2"><StatusBadge status="inactive" label="Inactive" tones={{ inactive: "neutral" }} /></span>}</TableCell>
                  <TableCell className="whitespace-nowrap">{METHOD_LABELS[c.method ?? "wdv"]}</TableCell>
                  <TableCell className="whitespace-nowrap text-right tabular-nums">{lifeLabel(c.useful_life_months)}</TableCell>
                  <TableCell className="text-right tabular-nums">{percentLabel(c.residual_percent)}</TableCell>
                  <TableCell>
                    <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-xs">
                      <dt className="text-muted-foreground">Cost</dt><dd className="whitespace-nowrap">{c.asset_account_name}</dd>
                      <dt className="text-muted-foreground">Accumulated</dt><dd className="whitespace-nowrap">{c.accumulated_account_name}</dd>
                      <dt className="text-muted-foreground">Expense</dt><dd className="whitespace-nowrap">{c.depreciation_account_name}</dd>
                    </dl>
                  </TableCell>
                  <TableCell className="text-xs" data-testid="category-tax-block">
                    {c.tax_block ? (
                      <>
                        <span className="whitespace-nowrap">{c.tax_block}</span>
                        <span className="block whitespace-nowrap text-muted-foreground">at {percentLabel(c.tax_rate)} a year</span>
                        {Number(c.tax_additional_rate) > 0 && <span className="block whitespace-nowrap text-muted-foreground">new assets +{percentLabel(c.tax_additional_rate)} additional</span>}
                      </>
                    ) : (
                      <span className="text-muted-foreground">None</span>
                    )}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{c.asset_count ? <Link className="text-primary hover:underline" href={`/finance/assets?category=${c.id}`}>{c.asset_count}</Link> : 0}</TableCell>
                  <TableCell className="text-right">
                    {canChange && <Button variant="ghost" size="sm" aria-label={`Edit ${c.name}`} onClick={() => setEditing(c)}><PencilIcon /></Button>}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
      {editing && <CategoryForm category={editing === "new" ? undefined : editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}
