"""Invoicing reports: party statement, aged receivables/payables, GSTR-1 and GSTR-3B tables,
the TDS register, finance KPIs for the dashboard. Amounts in the base currency unless a row
says otherwise."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncMonth

from tenant_apps.core.exports.numbers import format_indian
from tenant_apps.core.fields import round_money
from tenant_apps.invoicing import ledger
from tenant_apps.invoicing.models import (
    FOREIGN_PLACE,
    Allocation,
    Document,
    DocumentKind,
    DocumentLine,
    DocumentStatus,
    Payment,
    PaymentDeduction,
    PaymentKind,
    PaymentStatus,
    TdsSection,
)
from tenant_apps.invoicing.selectors import allocation_base
from tenant_apps.invoicing.tds_return import deduction_tds_base, tds_rate
from tenant_apps.partners.models import Partner

ZERO = Decimal("0")
MONEY = DecimalField(max_digits=20, decimal_places=4)
BUCKETS = ("0-30", "31-60", "61-90", "90+")
EXCHANGE_KIND = "exchange_difference"  # a party-statement line of a realised exchange difference


# ---------------------------------------------------------------------------------------------
# Open items as of a date
# ---------------------------------------------------------------------------------------------
SIDE_KINDS = {
    # side: (kinds that raise the balance, kinds that lower it, payment kind)
    "receivable": (DocumentKind.INVOICE, DocumentKind.CREDIT_NOTE, PaymentKind.RECEIPT),
    "payable": (DocumentKind.BILL, DocumentKind.DEBIT_NOTE, PaymentKind.PAYMENT),
}


def _allocated_until(as_of: dt.date, value: Any = None, **match: Any) -> Coalesce:
    """Sum of the allocations matching `match` in force at `as_of` (of `value`: the foreign
    amount by default, or a base-currency value)."""
    sums = (
        Allocation.objects.live_on(as_of)
        .filter(**match)
        .order_by()
        .values(*match.keys())
        .annotate(s=Sum(value if value is not None else F("amount")))
        .values("s")
    )
    return Coalesce(Subquery(sums, output_field=MONEY), Value(ZERO), output_field=MONEY)


@dataclass
class OpenItem:
    partner_id: int
    kind: str
    id: int
    number: str
    date: dt.date
    due_date: dt.date | None
    currency: str
    total: Decimal  # document currency
    open: Decimal  # document currency, signed: + raises the balance, - lowers it
    open_base: Decimal  # base currency, signed


def open_items(*, side: str, as_of: dt.date, partner_id: int | None = None) -> list[OpenItem]:
    """Every item with an open amount on `as_of`: invoices/bills positive, notes and
    unallocated payments (advances) negative. Three queries."""
    raising, lowering, payment_kind = SIDE_KINDS[side]
    documents = Document.objects.filter(kind__in=(raising, lowering), date__lte=as_of).exclude(
        status=DocumentStatus.DRAFT
    )
    # A cancelled note or payment counts until its reversal date (its entry and the reversal
    # are both in the ledger); its allocations count until their own `reversed_on`.
    live = Q(cancel_date__isnull=True) | Q(cancel_date__gt=as_of)
    payments = Payment.objects.filter(kind=payment_kind, date__lte=as_of).filter(live)
    if partner_id is not None:
        documents = documents.filter(partner_id=partner_id)
        payments = payments.filter(partner_id=partner_id)
    items: list[OpenItem] = []
    # In the base currency an item is open for its booked base amount less the base value of
    # its allocations on its own side (ADR 0043): the document's at the document's rate, the
    # payment's or note's at its rate; realised exchange differences bridge the two.
    raised = documents.filter(kind=raising).annotate(
        settled=_allocated_until(as_of, document=OuterRef("pk")),
        settled_base=_allocated_until(
            as_of, allocation_base("amount_base"), document=OuterRef("pk")
        ),
    )
    lowered = (
        documents.filter(kind=lowering)
        .filter(live)
        .annotate(
            settled=_allocated_until(as_of, note=OuterRef("pk")),
            settled_base=_allocated_until(
                as_of, allocation_base("source_amount_base"), note=OuterRef("pk")
            ),
        )
    )
    for sign, rows in ((1, raised), (-1, lowered)):
        for d in rows.order_by("date", "id"):
            remaining = d.total - d.settled
            remaining_base = d.total_base - d.settled_base
            if remaining or remaining_base:
                items.append(
                    OpenItem(
                        partner_id=d.partner_id,
                        kind=d.kind,
                        id=d.pk,
                        number=d.number,
                        date=d.date,
                        due_date=d.due_date,
                        currency=d.currency,
                        total=d.total,
                        open=sign * remaining,
                        open_base=sign * remaining_base,
                    )
                )
    payments = payments.annotate(
        used=_allocated_until(as_of, payment=OuterRef("pk")),
        used_base=_allocated_until(
            as_of, allocation_base("source_amount_base"), payment=OuterRef("pk")
        ),
    )
    for p in payments.order_by("date", "id"):
        # a payment settles its money and its deductions (ADR 0045)
        remaining = p.settled_amount - p.used
        remaining_base = p.settled_base - p.used_base
        if remaining or remaining_base:
            items.append(
                OpenItem(
                    partner_id=p.partner_id,
                    kind=p.kind,
                    id=p.pk,
                    number=p.number,
                    date=p.date,
                    due_date=None,
                    currency=p.currency,
                    total=p.settled_amount,
                    open=-remaining,
                    open_base=-remaining_base,
                )
            )
    return items


@dataclass
class AgedRow:
    partner_id: int
    partner_code: str
    partner_name: str
    buckets: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(BUCKETS, ZERO))
    unapplied: Decimal = ZERO  # credit notes and advances not yet applied (negative)
    total: Decimal = ZERO


def bucket_of(days: int) -> str:
    if days <= 30:
        return "0-30"
    if days <= 60:
        return "31-60"
    if days <= 90:
        return "61-90"
    return "90+"


def aged(*, side: str, as_of: dt.date) -> dict[str, Any]:
    """Open items per party in age buckets (days since the document date), with totals."""
    rows: dict[int, AgedRow] = {}
    items = open_items(side=side, as_of=as_of)
    partners = {
        p.pk: p
        for p in Partner.objects.filter(pk__in={i.partner_id for i in items}).only("code", "name")
    }
    for item in items:
        partner = partners[item.partner_id]
        row = rows.setdefault(item.partner_id, AgedRow(item.partner_id, partner.code, partner.name))
        if item.open_base > 0:
            row.buckets[bucket_of((as_of - item.date).days)] += item.open_base
        else:
            row.unapplied += item.open_base
        row.total += item.open_base
    ordered = sorted(rows.values(), key=lambda r: (r.partner_name, r.partner_id))
    totals = dict.fromkeys(BUCKETS, ZERO)
    for row in ordered:
        for bucket in BUCKETS:
            totals[bucket] += row.buckets[bucket]
    return {
        "side": side,
        "as_of": as_of,
        "rows": ordered,
        "totals": {
            "buckets": totals,
            "unapplied": sum((r.unapplied for r in ordered), ZERO),
            "total": sum((r.total for r in ordered), ZERO),
        },
    }


# ---------------------------------------------------------------------------------------------
# Party statement
# ---------------------------------------------------------------------------------------------
@dataclass
class StatementLine:
    date: dt.date
    kind: str
    number: str
    description: str
    debit: Decimal
    credit: Decimal
    balance: Decimal = ZERO
    document_id: int | None = None
    payment_id: int | None = None


def _statement_events(*, partner: Partner, side: str) -> list[StatementLine]:
    """Every movement on the party's account, as the ledger has it: documents on their date,
    payments on theirs, and the reversal of a cancelled note or payment on its cancel date."""
    raising, lowering, payment_kind = SIDE_KINDS[side]
    # Receivable: what raises the balance is a debit. Payable: a credit.
    up_is_debit = side == "receivable"
    events: list[StatementLine] = []

    def add(date: dt.date, kind: str, number: str, text: str, up: Decimal, **ids: Any) -> None:
        amount = abs(up)
        is_debit = (up >= 0) == up_is_debit
        debit, credit = (amount, ZERO) if is_debit else (ZERO, amount)
        events.append(StatementLine(date, kind, number, text, debit, credit, **ids))

    documents = Document.objects.filter(partner=partner, kind__in=(raising, lowering)).exclude(
        status=DocumentStatus.DRAFT
    )
    for d in documents.order_by("date", "id"):
        sign = 1 if d.kind == raising else -1
        label = d.get_kind_display()
        if d.is_opening:
            label = f"Opening balance ({label.lower()})"
        add(d.date, d.kind, d.number, label, sign * d.total_base, document_id=d.pk)
        if d.kind == lowering and d.status == DocumentStatus.CANCELLED and d.cancel_date:
            add(
                d.cancel_date,
                d.kind,
                d.number,
                f"{label} cancelled",
                -sign * d.total_base,
                document_id=d.pk,
            )
    for p in Payment.objects.filter(partner=partner, kind=payment_kind).order_by("date", "id"):
        # the party's line: the money and what the party deducted (TDS, discount; ADR 0045)
        amount = p.settled_base
        text = p.get_kind_display()
        if p.deductions_base:
            moved = "received" if p.kind == PaymentKind.RECEIPT else "paid"
            text += (
                f": {moved} {format_indian(p.amount_base)}"
                f" + deductions {format_indian(p.deductions_base)}"
            )
        add(p.date, p.kind, p.number, text, -amount, payment_id=p.pk)
        if p.status == PaymentStatus.CANCELLED and p.cancel_date:
            add(p.cancel_date, p.kind, p.number, "Cancelled", amount, payment_id=p.pk)
    # Realised exchange differences (ADR 0043): a gain debits the party's account, which
    # raises a receivable and lowers a payable; a cancelled settlement reverses it.
    differences = (
        Allocation.objects.filter(document__partner=partner, document__kind=raising)
        .exclude(exchange_entry=None)
        .select_related("document", "payment", "note", "exchange_entry")
        .order_by("date", "id")
    )
    for a in differences:
        up = a.exchange_gain if up_is_debit else -a.exchange_gain
        source = a.payment if a.payment is not None else a.note
        word = "gain" if a.exchange_gain > 0 else "loss"
        text = f"Exchange {word}: {source} on {a.document.number}"
        ids = {"payment_id": a.payment_id} if a.payment_id else {"document_id": a.note_id}
        number = a.exchange_entry.number  # type: ignore[union-attr]
        add(a.date, EXCHANGE_KIND, number, text, up, **ids)
        if a.reversed_on is not None:
            add(a.reversed_on, EXCHANGE_KIND, number, f"{text} reversed", -up, **ids)
    events.sort(key=lambda e: (e.date, e.kind != raising, e.kind == EXCHANGE_KIND, e.number))
    return events


def statement(
    *, partner: Partner, side: str, date_from: dt.date, date_to: dt.date
) -> dict[str, Any]:
    """Opening balance, the period's movements with a running balance, closing balance.
    Balance is debit minus credit (receivable) or credit minus debit (payable): what is owed."""
    sign = 1 if side == "receivable" else -1
    opening = ZERO
    lines: list[StatementLine] = []
    for event in _statement_events(partner=partner, side=side):
        movement = sign * (event.debit - event.credit)
        if event.date < date_from:
            opening += movement
        elif event.date <= date_to:
            lines.append(event)
    balance = opening
    for line in lines:
        balance += sign * (line.debit - line.credit)
        line.balance = balance
    return {
        "partner_id": partner.pk,
        "partner_code": partner.code,
        "partner_name": partner.name,
        "side": side,
        "date_from": date_from,
        "date_to": date_to,
        "opening_balance": opening,
        "lines": lines,
        "debit_total": sum((x.debit for x in lines), ZERO),
        "credit_total": sum((x.credit for x in lines), ZERO),
        "closing_balance": balance,
    }


# ---------------------------------------------------------------------------------------------
# GST returns
# ---------------------------------------------------------------------------------------------
def _line_totals(qs: Any, *keys: str) -> Any:
    """Sums of a DocumentLine queryset grouped by `keys`, in base currency."""
    rate = F("document__exchange_rate")

    def base(name: str) -> Any:
        return Sum(ExpressionWrapper(F(name) * rate, output_field=MONEY))

    return (
        qs.order_by()
        .values(*keys)
        .annotate(
            taxable=base("taxable_value"),
            igst=base("igst"),
            cgst=base("cgst"),
            sgst=base("sgst"),
            cess=base("cess"),
            quantity=Sum("quantity"),
            value=base("total"),
        )
        .order_by(*keys)
    )


def _money_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (round_money(v) if isinstance(v, Decimal) and k not in ("quantity", "gst_rate") else v)
        for k, v in row.items()
    }


# Inter-state supplies to unregistered persons above this invoice value are reported one by one
# (B2C large); ₹2.5 lakh up to July 2024, ₹1 lakh from August 2024.
B2CL_LIMITS = ((dt.date(2024, 7, 31), Decimal("250000")), (dt.date.max, Decimal("100000")))


def b2cl_limit(on: dt.date) -> Decimal:
    return next(limit for until, limit in B2CL_LIMITS if on <= until)


def period_lines(kinds: tuple[str, ...], date_from: dt.date, date_to: dt.date) -> Any:
    """The lines of posted documents of `kinds` dated in the period (GST returns)."""
    # opening balances were returned by the previous books: never in these returns
    return DocumentLine.objects.filter(
        document__kind__in=kinds,
        document__date__gte=date_from,
        document__date__lte=date_to,
        document__is_opening=False,
    ).exclude(document__status=DocumentStatus.DRAFT)


def gstr1(*, date_from: dt.date, date_to: dt.date) -> dict[str, Any]:
    """GSTR-1 tables: B2B and B2C-large invoice-wise by rate, B2C-small by place of supply and
    rate, exports, credit notes (registered and unregistered), HSN summary (net of notes)."""
    keys = (
        "document_id",
        "document__number",
        "document__date",
        "document__party_gstin",
        "document__party_name",
        "document__place_of_supply",
        "document__is_inter_state",
        "document__total_base",
        "gst_rate",
    )
    invoices = _line_totals(period_lines((DocumentKind.INVOICE,), date_from, date_to), *keys)
    notes = _line_totals(period_lines((DocumentKind.CREDIT_NOTE,), date_from, date_to), *keys)
    b2b: list[dict[str, Any]] = []
    b2cl: list[dict[str, Any]] = []
    exports: list[dict[str, Any]] = []
    b2cs: dict[tuple[str, Decimal], dict[str, Decimal]] = defaultdict(
        lambda: dict.fromkeys(("taxable", "igst", "cgst", "sgst", "cess"), ZERO)
    )

    def flat(r: dict[str, Any]) -> dict[str, Any]:
        return _money_row(
            {
                "document_id": r["document_id"],
                "number": r["document__number"],
                "date": r["document__date"],
                "gstin": r["document__party_gstin"],
                "party": r["document__party_name"],
                "place_of_supply": r["document__place_of_supply"],
                "invoice_value": r["document__total_base"],
                "gst_rate": r["gst_rate"],
                "taxable": r["taxable"],
                "igst": r["igst"],
                "cgst": r["cgst"],
                "sgst": r["sgst"],
                "cess": r["cess"],
            }
        )

    for r in invoices:
        if r["document__party_gstin"]:
            b2b.append(flat(r))
        elif r["document__place_of_supply"] == FOREIGN_PLACE:
            exports.append(flat(r))
        elif r["document__is_inter_state"] and r["document__total_base"] > b2cl_limit(
            r["document__date"]
        ):
            b2cl.append(flat(r))
        else:
            key = (r["document__place_of_supply"], r["gst_rate"])
            for k in ("taxable", "igst", "cgst", "sgst", "cess"):
                b2cs[key][k] += r[k] or ZERO
    cdnr = [flat(r) for r in notes if r["document__party_gstin"]]
    cdnur = [flat(r) for r in notes if not r["document__party_gstin"]]
    hsn_rows: dict[tuple[str, str, Decimal], dict[str, Decimal]] = defaultdict(
        lambda: dict.fromkeys(
            ("quantity", "value", "taxable", "igst", "cgst", "sgst", "cess"), ZERO
        )
    )
    for kind, sign in ((DocumentKind.INVOICE, 1), (DocumentKind.CREDIT_NOTE, -1)):
        lines = period_lines((kind,), date_from, date_to)
        for r in _line_totals(lines, "hsn_sac", "unit", "gst_rate"):
            row = hsn_rows[(r["hsn_sac"], r["unit"], r["gst_rate"])]
            for k in row:
                row[k] += sign * (r[k] or ZERO)
    return {
        "date_from": date_from,
        "date_to": date_to,
        "b2b": b2b,
        "b2cl": b2cl,
        "b2cs": [
            _money_row({"place_of_supply": pos, "gst_rate": rate, **sums})
            for (pos, rate), sums in sorted(b2cs.items())
        ],
        "exports": exports,
        "cdnr": cdnr,
        "cdnur": cdnur,
        "hsn": [
            _money_row({"hsn_sac": hsn, "unit": unit, "gst_rate": rate, **sums})
            for (hsn, unit, rate), sums in sorted(hsn_rows.items())
        ],
    }


def _component_sums(lines: Any) -> dict[str, Decimal]:
    rate = F("document__exchange_rate")
    sums = lines.aggregate(
        **{
            k: Coalesce(
                Sum(ExpressionWrapper(F(src) * rate, output_field=MONEY)),
                Value(ZERO),
                output_field=MONEY,
            )
            for k, src in (
                ("taxable", "taxable_value"),
                ("igst", "igst"),
                ("cgst", "cgst"),
                ("sgst", "sgst"),
                ("cess", "cess"),
            )
        }
    )
    return {k: round_money(v) for k, v in sums.items()}


def _net(plus: dict[str, Decimal], minus: dict[str, Decimal]) -> dict[str, Decimal]:
    return {k: plus[k] - minus[k] for k in plus}


def gstr3b(*, date_from: dt.date, date_to: dt.date) -> dict[str, Any]:
    """GSTR-3B table 3.1 (outward supplies, and 3.1(d) inward supplies under reverse charge),
    3.2 (inter-state to unregistered) and 4 (ITC: 4(A)(3) on reverse charge, 4(A)(5) the
    rest, 4(B)(1) the blocked credit reversed (ADR 0072), 4(B)(2) the credit on bills unpaid
    180 days and 4(D)(1) its reclaim (ADR 0074), 4(C) the net), each net of the
    period's credit/debit notes, and the tax payable per component, of which the reverse-charge
    tax is paid in cash (ADR 0071). Beside the books' 4(A)(5), the ITC the imported GSTR-2B of
    the period's months shows (ADR 0065)."""
    from tenant_apps.invoicing.gstr2b import itc_per_gstr2b
    from tenant_apps.invoicing.itc_reversal import reported

    def outward(q: Q) -> dict[str, Decimal]:
        return _net(
            _component_sums(period_lines((DocumentKind.INVOICE,), date_from, date_to).filter(q)),
            _component_sums(
                period_lines((DocumentKind.CREDIT_NOTE,), date_from, date_to).filter(q)
            ),
        )

    export = Q(document__place_of_supply=FOREIGN_PLACE)
    taxable = outward(Q(gst_rate__gt=0) & ~export)
    zero_rated = outward(export)
    nil = outward(Q(gst_rate=0) & ~export)

    def inward(q: Q) -> dict[str, Decimal]:
        return _net(
            _component_sums(period_lines((DocumentKind.BILL,), date_from, date_to).filter(q)),
            _component_sums(period_lines((DocumentKind.DEBIT_NOTE,), date_from, date_to).filter(q)),
        )

    reverse_charge = Q(document__reverse_charge=True)
    # the tax paid on reverse charge is credit again (4(A)(3)); what the law blocks, on either,
    # is shown as available and reversed in 4(B)(1), as the return has it
    inward_reverse_charge = inward(reverse_charge)
    taxes = ("igst", "cgst", "sgst", "cess")
    # credit on bills unpaid 180 days (ADR 0074): reversed in 4(B)(2), reclaimed in 4(A)(5)
    # and shown again in 4(D)(1)
    rule37_reversed, rule37_reclaimed = reported(date_from, date_to)
    itc = inward(~reverse_charge)
    itc = {**itc, **{k: itc[k] + rule37_reclaimed[k] for k in taxes}}
    itc_reversed = inward(Q(itc_eligible=False))
    unregistered = _line_totals(
        period_lines((DocumentKind.INVOICE,), date_from, date_to)
        .filter(document__party_gstin="", document__is_inter_state=True)
        .exclude(export),
        "document__place_of_supply",
    )
    itc_net = {
        k: itc[k] + inward_reverse_charge[k] - itc_reversed[k] - rule37_reversed[k] for k in taxes
    }
    # as GSTR-3B's table 6.1 splits it: the output tax less the net credit (the credit of the
    # reverse-charge tax too), and the reverse-charge tax, which is paid in cash
    payable = {k: taxable[k] + zero_rated[k] - itc_net[k] for k in taxes}
    return {
        "date_from": date_from,
        "date_to": date_to,
        "outward_taxable": taxable,
        "outward_zero_rated": zero_rated,
        "outward_nil_exempt": nil,
        "inter_state_unregistered": [
            {
                "place_of_supply": r["document__place_of_supply"],
                "taxable": round_money(r["taxable"]),
                "igst": round_money(r["igst"]),
            }
            for r in unregistered
        ],
        "inward_reverse_charge": inward_reverse_charge,
        "itc_reverse_charge": inward_reverse_charge,
        "itc_available": itc,
        "itc_reversed": itc_reversed,
        "itc_reversed_others": rule37_reversed,
        "itc_net": itc_net,
        "itc_reclaimed": rule37_reclaimed,
        "itc_gstr2b": itc_per_gstr2b(date_from, date_to),
        "tax_payable": payable,
        "reverse_charge_cash": {k: inward_reverse_charge[k] for k in taxes},
    }


# ---------------------------------------------------------------------------------------------
# Finance KPIs (dashboard)
# ---------------------------------------------------------------------------------------------
def _first_of_month(day: dt.date, back: int) -> dt.date:
    month = day.year * 12 + day.month - 1 - back
    return dt.date(month // 12, month % 12 + 1, 1)


def finance_kpis(*, as_of: dt.date, months: int = 12) -> dict[str, Any]:
    receivable = sum((i.open_base for i in open_items(side="receivable", as_of=as_of)), ZERO)
    payable = sum((i.open_base for i in open_items(side="payable", as_of=as_of)), ZERO)
    start = _first_of_month(as_of, months - 1)
    taxable_base = ExpressionWrapper(F("taxable_total") * F("exchange_rate"), output_field=MONEY)
    by_month = (
        Document.objects.filter(
            kind__in=(DocumentKind.INVOICE, DocumentKind.CREDIT_NOTE),
            date__gte=start,
            date__lte=as_of,
            is_opening=False,  # a balance brought forward is not revenue
        )
        .exclude(status=DocumentStatus.DRAFT)
        .annotate(month=TruncMonth("date"))
        .order_by()
        .values("month", "kind")
        .annotate(amount=Sum(taxable_base))
    )
    revenue: dict[dt.date, Decimal] = {_first_of_month(as_of, b): ZERO for b in range(months)}
    for row in by_month:
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        sign = 1 if row["kind"] == DocumentKind.INVOICE else -1
        revenue[month] = revenue.get(month, ZERO) + sign * round_money(row["amount"])
    return {
        "as_of": as_of,
        "receivables": receivable,
        "payables": payable,
        "bank_balance": ledger.balance_of("bank", as_of=as_of),
        "cash_balance": ledger.balance_of("cash", as_of=as_of),
        "revenue_by_month": [
            {"month": m.strftime("%Y-%m"), "revenue": revenue[m]} for m in sorted(revenue)
        ],
    }


# ---------------------------------------------------------------------------------------------
# TDS register
# ---------------------------------------------------------------------------------------------
TDS_SIDE_ROLE = {"receivable": "tds_receivable", "payable": "tds_payable"}
QUARTER_MONTHS = {1: "Apr-Jun", 2: "Jul-Sep", 3: "Oct-Dec", 4: "Jan-Mar"}


def _tds_status(side: str, d: PaymentDeduction) -> str:
    done = d.challan_id is not None if side == "payable" else bool(d.certificate_number)
    return TDS_DONE_STATUS[side] if done else "pending"


def fy_quarter(day: dt.date) -> tuple[str, int]:
    """The Indian fiscal year ("2026-27") and its quarter (1: Apr-Jun ... 4: Jan-Mar) of `day`:
    the quarters of Form 26Q and of Form 26AS."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}", (day.month - 4) % 12 // 3 + 1


# What `status=` means on each side (ADR 0048): deposited through a challan (payable), a
# Form 16A certificate received (receivable); "pending" is neither.
TDS_DONE_STATUS = {"receivable": "received", "payable": "deposited"}


def tds_register(
    *, side: str, date_from: dt.date, date_to: dt.date, status: str = ""
) -> dict[str, Any]:
    """Every deduction to TDS receivable (`side="receivable"`: what customers deducted, to match
    with Form 26AS) or TDS payable (`"payable"`: what we deducted from vendors, to deposit and
    return in Form 26Q) on live payments dated in the period, with the documents the payment
    settled, what the TDS was deducted on (`tds_base`, GST excluded: ADR 0060) and the rate
    it implies; totals by section and by fiscal quarter. Amounts in the base currency, as posted.
    Each row says whether it is done: deposited through a challan (payable side: the challan's
    number, date, BSR code and serial) or its Form 16A received (receivable side: the
    certificate's number and date); `status` ("pending", or "deposited" / "received") keeps
    only those. Two queries whatever the number of rows."""
    deductions = PaymentDeduction.objects.filter(
        account__role=TDS_SIDE_ROLE[side],
        payment__status=PaymentStatus.POSTED,
        payment__date__gte=date_from,
        payment__date__lte=date_to,
    )
    if side == "payable" and status:
        deductions = deductions.filter(challan__isnull=status == "pending")
    elif side == "receivable" and status == "pending":
        deductions = deductions.filter(certificate_number="")
    elif side == "receivable" and status:
        deductions = deductions.exclude(certificate_number="")
    deductions = (
        deductions.select_related("payment__partner", "challan")
        .prefetch_related(
            Prefetch(
                "payment__allocations",
                queryset=Allocation.objects.filter(reversed_on__isnull=True)
                .select_related("document")
                .order_by("id"),
                to_attr="live_allocations",
            )
        )
        .order_by("payment__date", "payment__number", "position", "id")
    )
    labels = dict(TdsSection.choices)
    rows: list[dict[str, Any]] = []
    sections: dict[str, dict[str, Any]] = {}
    quarters: dict[tuple[str, int], dict[str, Any]] = {}
    for d in deductions:
        payment = d.payment
        fy, quarter = fy_quarter(payment.date)
        section = d.tds_section or TdsSection.OTHER
        # what the TDS was deducted on, GST excluded (ADR 0060); a row without one gets the
        # default from the documents settled, as Form 26Q does
        base = deduction_tds_base(d, payment.live_allocations)  # type: ignore[attr-defined]
        rows.append(
            {
                "date": payment.date,
                "payment_id": payment.pk,
                "payment_number": payment.number,
                "partner_id": payment.partner_id,
                "partner_name": payment.partner.name,
                "partner_pan": payment.partner.pan,
                "section": section,
                "section_label": labels[section],
                "quarter": f"{fy} Q{quarter}",
                "documents": [
                    {"id": a.document_id, "number": a.document.number}
                    for a in payment.live_allocations  # type: ignore[attr-defined]
                ],
                "description": d.description,
                "settled_base": payment.settled_base,
                "tds_base": base,
                "rate": tds_rate(d.amount_base, base),
                "amount": d.amount_base,
                "deduction_id": d.pk,
                "status": _tds_status(side, d),
                "challan": None
                if d.challan is None
                else {
                    "id": d.challan.pk,
                    "number": d.challan.number,
                    "date": d.challan.date,
                    "bsr_code": d.challan.bsr_code,
                    "serial_number": d.challan.serial_number,
                },
                "certificate_number": d.certificate_number,
                "certificate_date": d.certificate_date,
            }
        )
        by_section = sections.setdefault(
            section,
            {"section": section, "name": labels[section], "count": 0, "base": ZERO, "amount": ZERO},
        )
        by_quarter = quarters.setdefault(
            (fy, quarter),
            {
                "quarter": f"{fy} Q{quarter}",
                "name": f"Q{quarter} {QUARTER_MONTHS[quarter]} {fy}",
                "count": 0,
                "base": ZERO,
                "amount": ZERO,
            },
        )
        for total in (by_section, by_quarter):
            total["count"] += 1
            total["base"] += base
            total["amount"] += d.amount_base
    order = list(labels)
    return {
        "side": side,
        "date_from": date_from,
        "date_to": date_to,
        "status": status,
        "pending_total": sum((r["amount"] for r in rows if r["status"] == "pending"), ZERO),
        "rows": rows,
        "by_section": sorted(sections.values(), key=lambda s: order.index(s["section"])),
        "by_quarter": [quarters[k] for k in sorted(quarters)],
        "total": sum((r["amount"] for r in rows), ZERO),
        "base_total": sum((r["tds_base"] for r in rows), ZERO),
    }
