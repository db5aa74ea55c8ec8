"""Form 26Q: the deductor's quarterly statement of TDS on payments other than salary (ADR 0057).

What we deducted from vendors (TDS payable, live vendor payments dated in the quarter) as the
NSDL Return Preparation Utility's two tables take it: the challans that deposited it (BSR code,
date of deposit, serial, section, tax / surcharge / cess / interest / fee / others, minor head
200) and one deductee row per deduction, pointing at its challan's row. What the CA must look
at before filing is listed as warnings: deductions not yet deposited, deductees without a valid
PAN (206AA: 20%), a challan whose TDS differs from the deductions of the quarter allotted to it.

The statutory quarters are fixed (rule 31A: Apr-Jun, Jul-Sep, Oct-Dec, Jan-Mar of the financial
year April-March), whatever year the books run on. Three queries whatever the number of rows.
A deductee row's amount paid/credited is what the TDS was deducted on, GST excluded (ADR 0060).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.in_ import pan as pan_number

from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.core.exports.tables import Column, Report, Table
from tenant_apps.invoicing.models import (
    Allocation,
    PaymentDeduction,
    PaymentKind,
    PaymentStatus,
    TdsSection,
)
from tenant_apps.invoicing.selectors import bills_settled_prefetch, deduction_deductible_date
from tenant_apps.invoicing.services.tds import (
    tds_base_default,
    tds_late_deduction_interest,
    tds_late_deduction_months,
)

ZERO = Decimal("0")
FY_RE = re.compile(r"^(\d{4})-(\d{2})$")
QUARTERS = {"Q1": (4, 6), "Q2": (7, 9), "Q3": (10, 12), "Q4": (1, 3)}
QUARTER_NAMES = {"Q1": "Apr-Jun", "Q2": "Jul-Sep", "Q3": "Oct-Dec", "Q4": "Jan-Mar"}
MINOR_HEAD = "200"  # TDS/TCS payable by taxpayer (ITNS 281); 400 is a regular-assessment demand
NO_PAN = "PANNOTAVBL"  # what the RPU takes in place of a PAN the deductee did not give
HIGHER_RATE = Decimal("20")  # section 206AA: at least 20% without a PAN
RATE_PLACES = Decimal("0.0001")  # the RPU's rate column takes four decimals


def _refuse(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, code="invalid", fields={field: [message]})


def quarter_dates(fy: str, quarter: str) -> tuple[dt.date, dt.date]:
    """The first and last day of `quarter` ("Q1".."Q4") of the financial year `fy` ("2026-27")."""
    match = FY_RE.match(fy or "")
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise _refuse("fy", f"{fy!r} is not a financial year like 2026-27.")
    if quarter not in QUARTERS:
        raise _refuse("quarter", f"{quarter!r} is not one of Q1, Q2, Q3, Q4.")
    start_year = int(match.group(1))
    first, last = QUARTERS[quarter]
    year = start_year if quarter != "Q4" else start_year + 1
    end = (
        dt.date(year, last, 31)
        if last in (12, 3)
        else dt.date(year, last + 1, 1) - dt.timedelta(days=1)
    )
    return dt.date(year, first, 1), end


def pan_valid(pan: str) -> bool:
    if not pan:
        return False
    try:
        pan_number.validate(pan)
    except StdnumError:
        return False
    return True


def deductee_code(pan: str) -> str:
    """01 for a company, 02 for anyone else: the PAN's fourth letter is C for a company."""
    return "01" if len(pan) == 10 and pan[3] == "C" else "02"


def tds_rate(tds: Decimal, paid: Decimal) -> Decimal:
    """The rate TDS was deducted at, in percent to four places (the RPU's rate column): TDS x
    100 / what it was deducted on; 0 when there is no base."""
    if paid <= 0:
        return ZERO
    return (tds * 100 / paid).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def deduction_tds_base(
    deduction: PaymentDeduction, allocations: Iterable[Allocation] | None = None
) -> Decimal:
    """The amount paid/credited of a deductee row: what the TDS was deducted on (ADR 0060). A row
    written without one (by code from before 0018, during a rollout) gets the default from the
    documents its payment settled: `allocations` (its live allocations, documents selected),
    by default the bills of `bills_settled_prefetch`. No query when those are prefetched."""
    if deduction.tds_base is not None:
        return deduction.tds_base
    payment = deduction.payment
    if allocations is None:
        allocations = getattr(payment, "bills_settled", [])
    return tds_base_default(
        settled=payment.settled_amount,
        rate=payment.exchange_rate,
        allocations=[(a.document, a.amount) for a in allocations],
    )


def form_26q(*, fy: str, quarter: str) -> dict[str, Any]:
    """The quarter's Form 26Q as figures: challans, deductees (one per deduction), warnings."""
    date_from, date_to = quarter_dates(fy, quarter)
    deductions = list(
        PaymentDeduction.objects.filter(
            account__role="tds_payable",
            payment__kind=PaymentKind.PAYMENT,
            payment__status=PaymentStatus.POSTED,
            payment__date__gte=date_from,
            payment__date__lte=date_to,
        )
        .select_related("payment__partner", "challan")
        .prefetch_related(bills_settled_prefetch())
        .order_by("payment__date", "payment__number", "position", "id")
    )
    challans: dict[int, dict[str, Any]] = {}
    deposited = [(d, d.challan) for d in deductions if d.challan is not None]
    for d, c in sorted(deposited, key=lambda pair: (pair[1].date, pair[1].number)):
        row = challans.get(c.pk)
        if row is None:
            row = challans[c.pk] = {
                "serial": len(challans) + 1,
                "id": c.pk,
                "number": c.number,
                "section": c.section,
                "tds": c.tds_amount,
                "surcharge": ZERO,
                "cess": ZERO,
                "interest": c.interest,
                "fee": c.late_fee,
                "others": ZERO,
                "total": c.total,
                "bsr_code": c.bsr_code,
                "date": c.date,
                "serial_number": c.serial_number,
                "minor_head": MINOR_HEAD,
                "allotted": ZERO,
                "deductee_count": 0,
            }
        row["allotted"] += d.amount_base
        row["deductee_count"] += 1

    labels = dict(TdsSection.choices)
    deductees: list[dict[str, Any]] = []
    warnings: list[dict[str, Any]] = []
    no_pan: dict[int, dict[str, Any]] = {}
    for index, d in enumerate(deductions, start=1):
        payment = d.payment
        partner = payment.partner
        has_pan = pan_valid(partner.pan)
        pan = partner.pan if has_pan else NO_PAN
        paid = deduction_tds_base(d)
        rate = tds_rate(d.amount_base, paid)
        deductible = deduction_deductible_date(d)
        challan = challans.get(d.challan_id) if d.challan_id else None
        section = d.tds_section or TdsSection.OTHER
        deductees.append(
            {
                "serial": index,
                "deduction_id": d.pk,
                "payment_id": payment.pk,
                "payment_number": payment.number,
                "challan_serial": challan["serial"] if challan else None,
                "challan_number": challan["number"] if challan else "",
                "section": section,
                "section_label": labels[section],
                "deductee_code": deductee_code(pan) if has_pan else "02",
                "partner_id": partner.pk,
                "pan": pan,
                "pan_valid": has_pan,
                "name": partner.name,
                "credit_date": deductible,
                "amount_paid": paid,
                "tds": d.amount_base,
                "surcharge": ZERO,
                "cess": ZERO,
                "total_deducted": d.amount_base,
                "total_deposited": d.amount_base if challan else ZERO,
                "deduction_date": payment.date,
                "deposit_date": challan["date"] if challan else None,
                "rate": rate,
                "reason": "C" if not has_pan else "",
                "higher_rate": not has_pan,
                "late_deduction_months": tds_late_deduction_months(deductible, payment.date),
                "late_deduction_interest": tds_late_deduction_interest(
                    d.amount_base, deductible, payment.date
                ),
            }
        )
        if challan is None:
            warnings.append(
                {
                    "code": "not_deposited",
                    "message": f"{payment.number} ({partner.name}, TDS {d.amount_base:.2f} under "
                    f"{section}) is not yet deposited through a challan.",
                    "deduction_id": d.pk,
                    "challan_id": None,
                }
            )
        if not has_pan:
            entry = no_pan.setdefault(
                partner.pk, {"name": partner.name, "pan": partner.pan, "low": [], "count": 0}
            )
            entry["count"] += 1
            if rate < HIGHER_RATE:
                entry["low"].append(f"{payment.number} at {rate.normalize():f}%")
    for partner_id, entry in no_pan.items():
        given = f"PAN {entry['pan']} is not valid" if entry["pan"] else "no PAN"
        message = (
            f"{entry['name']} has {given}: reported as {NO_PAN}, reason C (section 206AA, at "
            f"least 20%)."
        )
        if entry["low"]:
            message += " Deducted below 20%: " + ", ".join(entry["low"]) + "."
        warnings.append(
            {
                "code": "no_pan",
                "message": message,
                "partner_id": partner_id,
                "deduction_id": None,
                "challan_id": None,
            }
        )
    for row in challans.values():
        if row["tds"] != row["allotted"]:
            warnings.append(
                {
                    "code": "challan_mismatch",
                    "message": f"Challan {row['number']} (serial {row['serial_number']}) deposited "
                    f"TDS {row['tds']:.2f} but the deductions of this quarter allotted to it "
                    f"come to {row['allotted']:.2f}.",
                    "deduction_id": None,
                    "challan_id": row["id"],
                }
            )
    return {
        "fy": fy,
        "quarter": quarter,
        "name": f"{quarter} {QUARTER_NAMES[quarter]} {fy}",
        "date_from": date_from,
        "date_to": date_to,
        "challans": list(challans.values()),
        "deductees": deductees,
        "warnings": warnings,
        "tds_total": sum((r["tds"] for r in deductees), ZERO),
        "deposited_total": sum((r["total_deposited"] for r in deductees), ZERO),
        "late_deduction_interest": sum((r["late_deduction_interest"] for r in deductees), ZERO),
    }


# The RPU's columns, in its order (ADR 0057 maps each to our data).
CHALLAN_COLUMNS = [
    Column("Sr. No."),
    Column("Section code"),
    Column("TDS", "money"),
    Column("Surcharge", "money"),
    Column("Education cess", "money"),
    Column("Interest", "money"),
    Column("Fee", "money"),
    Column("Others", "money"),
    Column("Total tax deposited", "money"),
    Column("BSR code"),
    Column("Date on which tax deposited", "date"),
    Column("Challan serial no."),
    Column("Minor head of challan"),
    Column("Our challan"),
]
DEDUCTEE_COLUMNS = [
    Column("Sr. No."),
    Column("Challan serial (row of Challan details)"),
    Column("Section code"),
    Column("Deductee code"),
    Column("PAN of the deductee"),
    Column("Name of the deductee"),
    Column("Date of payment/credit", "date"),
    Column("Amount paid/credited", "money"),
    Column("TDS", "money"),
    Column("Surcharge", "money"),
    Column("Education cess", "money"),
    Column("Total tax deducted", "money"),
    Column("Total tax deposited", "money"),
    Column("Date of deduction", "date"),
    Column("Date of deposit", "date"),
    Column("Rate at which deducted", "percent"),
    Column("Reason for non-deduction/lower/higher deduction"),
    Column("Higher rate (206AA, no PAN)"),
    Column("Our payment"),
]


def form_26q_report(r: dict[str, Any]) -> Report:
    challans = Table(
        heading="Challan details",
        sheet="Challan details",
        columns=CHALLAN_COLUMNS,
        rows=[
            [
                str(c["serial"]),
                c["section"],
                c["tds"],
                c["surcharge"],
                c["cess"],
                c["interest"],
                c["fee"],
                c["others"],
                c["total"],
                c["bsr_code"],
                c["date"],
                c["serial_number"],
                c["minor_head"],
                c["number"],
            ]
            for c in r["challans"]
        ],
        totals=[
            [
                "Total",
                "",
                *[
                    sum((c[k] for c in r["challans"]), ZERO)
                    for k in ("tds", "surcharge", "cess", "interest", "fee", "others", "total")
                ],
                "",
                None,
                "",
                "",
                "",
            ]
        ],
    )
    deductees = Table(
        heading="Deductee details",
        sheet="Deductee details",
        columns=DEDUCTEE_COLUMNS,
        rows=[
            [
                str(x["serial"]),
                str(x["challan_serial"]) if x["challan_serial"] else "",
                x["section"],
                x["deductee_code"],
                x["pan"],
                x["name"],
                x["credit_date"],
                x["amount_paid"],
                x["tds"],
                x["surcharge"],
                x["cess"],
                x["total_deducted"],
                x["total_deposited"],
                x["deduction_date"],
                x["deposit_date"],
                x["rate"],
                x["reason"],
                "Y" if x["higher_rate"] else "N",
                x["payment_number"],
            ]
            for x in r["deductees"]
        ],
        totals=[
            [
                "Total",
                "",
                "",
                "",
                "",
                "",
                None,
                sum((x["amount_paid"] for x in r["deductees"]), ZERO),
                r["tds_total"],
                ZERO,
                ZERO,
                r["tds_total"],
                r["deposited_total"],
                None,
                None,
                None,
                "",
                "",
                "",
            ]
        ],
    )
    return Report(
        title="Form 26Q",
        subtitle=f"{r['name']} ({r['date_from']:%d-%m-%Y} to {r['date_to']:%d-%m-%Y})",
        tables=[challans, deductees],
        notes=[
            "TDS on payments other than salary, deducted from vendors; for the Return "
            "Preparation Utility.",
            *[f"Warning: {w['message']}" for w in r["warnings"]],
        ],
    )
