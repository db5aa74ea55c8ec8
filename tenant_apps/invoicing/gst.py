"""The GST engine: a pure function from document lines to taxes, totals and summaries.

Law and practice it follows (CGST Act s.9, IGST Act s.5/s.7-8, CGST Rules r.46):

- the place of supply decides the tax: in the supplier's own state, CGST + SGST at half the rate
  each; in another state (or abroad: code 96), IGST at the full rate;
- each line's taxable value is quantity x price less discount, rounded to the paisa, and each tax
  component of each line is rounded to the paisa on its own (so CGST and SGST are computed
  separately, never as half of a rounded IGST);
- compensation cess is ad valorem on the same taxable value, rounded per line;
- the invoice total is rounded to the rupee (half up) and the difference is a round-off line;
- under reverse charge (CGST Act s.9(3)/(4), IGST Act s.5(3)/(4)) the recipient pays the tax:
  it is computed the same way, but what the supplier is owed (each line's and the document's
  total, and the round-off) is the taxable value alone.

Rates are data (`TaxRate`); this module only receives numbers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from tenant_apps.core.fields import round_money

ZERO = Decimal("0")
HUNDRED = Decimal("100")
FOREIGN = "96"  # place of supply outside India (exports): inter-state, IGST


@dataclass(frozen=True)
class GstLineInput:
    quantity: Decimal
    unit_price: Decimal
    gst_rate: Decimal  # percent, e.g. Decimal("18")
    cess_rate: Decimal = ZERO  # percent, ad valorem
    discount_percent: Decimal = ZERO
    hsn_sac: str = ""
    unit: str = ""


@dataclass(frozen=True)
class GstLine:
    taxable_value: Decimal
    cgst: Decimal
    sgst: Decimal
    igst: Decimal
    cess: Decimal
    total: Decimal
    gst_rate: Decimal
    cess_rate: Decimal
    hsn_sac: str
    unit: str
    quantity: Decimal

    @property
    def tax(self) -> Decimal:
        return self.cgst + self.sgst + self.igst + self.cess


@dataclass(frozen=True)
class GstSummaryRow:
    """One row of a tax breakup (by rate) or an HSN summary (by HSN, unit and rate)."""

    gst_rate: Decimal
    hsn_sac: str = ""
    unit: str = ""
    quantity: Decimal = ZERO
    taxable_value: Decimal = ZERO
    cgst: Decimal = ZERO
    sgst: Decimal = ZERO
    igst: Decimal = ZERO
    cess: Decimal = ZERO

    @property
    def tax(self) -> Decimal:
        return self.cgst + self.sgst + self.igst + self.cess


@dataclass(frozen=True)
class GstResult:
    is_inter_state: bool
    lines: list[GstLine]
    taxable_total: Decimal
    cgst_total: Decimal
    sgst_total: Decimal
    igst_total: Decimal
    cess_total: Decimal
    round_off: Decimal
    total: Decimal  # payable: taxable + taxes + round-off (reverse charge: taxable + round-off)
    by_rate: list[GstSummaryRow] = field(default_factory=list)
    by_hsn: list[GstSummaryRow] = field(default_factory=list)

    @property
    def tax_total(self) -> Decimal:
        return self.cgst_total + self.sgst_total + self.igst_total + self.cess_total


def is_inter_state(*, supplier_state: str, place_of_supply: str) -> bool:
    if not supplier_state:
        raise ValueError("The supplier's state is not set (company settings).")
    if not place_of_supply:
        raise ValueError("The place of supply is not set.")
    return supplier_state != place_of_supply


def gst_compute(
    *,
    lines: Sequence[GstLineInput],
    supplier_state: str,
    place_of_supply: str,
    currency: str = "INR",
    round_to_rupee: bool = True,
    reverse_charge: bool = False,
) -> GstResult:
    """Taxes per line and the document's totals. Raises ValueError on impossible input.
    `reverse_charge`: the tax is the recipient's to pay, so the totals leave it out."""
    inter = is_inter_state(supplier_state=supplier_state, place_of_supply=place_of_supply)
    out: list[GstLine] = []
    for line in lines:
        if line.quantity < 0 or line.unit_price < 0:
            raise ValueError("Quantities and prices are not negative (use a credit note).")
        if not ZERO <= line.discount_percent <= HUNDRED:
            raise ValueError("A discount is between 0 and 100 percent.")
        if line.gst_rate < 0 or line.cess_rate < 0:
            raise ValueError("Tax rates are not negative.")
        gross = line.quantity * line.unit_price
        taxable = round_money(gross * (HUNDRED - line.discount_percent) / HUNDRED, currency)
        if inter:
            igst = round_money(taxable * line.gst_rate / HUNDRED, currency)
            cgst = sgst = ZERO
        else:
            igst = ZERO
            cgst = sgst = round_money(taxable * line.gst_rate / (2 * HUNDRED), currency)
        cess = round_money(taxable * line.cess_rate / HUNDRED, currency)
        out.append(
            GstLine(
                taxable_value=taxable,
                cgst=cgst,
                sgst=sgst,
                igst=igst,
                cess=cess,
                total=taxable if reverse_charge else taxable + cgst + sgst + igst + cess,
                gst_rate=line.gst_rate,
                cess_rate=line.cess_rate,
                hsn_sac=line.hsn_sac,
                unit=line.unit,
                quantity=line.quantity,
            )
        )
    taxable_total = sum((x.taxable_value for x in out), ZERO)
    cgst_total = sum((x.cgst for x in out), ZERO)
    sgst_total = sum((x.sgst for x in out), ZERO)
    igst_total = sum((x.igst for x in out), ZERO)
    cess_total = sum((x.cess for x in out), ZERO)
    exact = taxable_total
    if not reverse_charge:
        exact += cgst_total + sgst_total + igst_total + cess_total
    total = exact.quantize(Decimal(1), rounding=ROUND_HALF_UP) if round_to_rupee else exact
    return GstResult(
        is_inter_state=inter,
        lines=out,
        taxable_total=taxable_total,
        cgst_total=cgst_total,
        sgst_total=sgst_total,
        igst_total=igst_total,
        cess_total=cess_total,
        round_off=total - exact,
        total=total,
        by_rate=gst_summary(out, by_hsn=False),
        by_hsn=gst_summary(out, by_hsn=True),
    )


def gst_summary(lines: list[GstLine], *, by_hsn: bool) -> list[GstSummaryRow]:
    groups: dict[tuple[str, str, Decimal], list[GstLine]] = defaultdict(list)
    for line in lines:
        key = (line.hsn_sac, line.unit, line.gst_rate) if by_hsn else ("", "", line.gst_rate)
        groups[key].append(line)
    return [
        GstSummaryRow(
            gst_rate=rate,
            hsn_sac=hsn,
            unit=unit,
            quantity=sum((x.quantity for x in group), ZERO) if by_hsn else ZERO,
            taxable_value=sum((x.taxable_value for x in group), ZERO),
            cgst=sum((x.cgst for x in group), ZERO),
            sgst=sum((x.sgst for x in group), ZERO),
            igst=sum((x.igst for x in group), ZERO),
            cess=sum((x.cess for x in group), ZERO),
        )
        for (hsn, unit, rate), group in sorted(
            groups.items(), key=lambda kv: (kv[0][0], kv[0][2], kv[0][1])
        )
    ]
