"""Sample books for the demo company: customers and vendors, posted invoices and bills over the
last months (so the aged report and the revenue chart have something to show), a part payment
received, a receipt net of the TDS the customer deducted, a vendor paid net of TDS and that TDS
deposited through a challan, an export in US dollars paid at a better rate than it was invoiced
at (a realised exchange gain), two jobs as cost centres with their invoices and a bill booked to
them, and the invoice print settings."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tenant_apps.invoicing.models import InvoiceSettings, TaxRate
from tenant_apps.invoicing.services.documents import document_create, document_post
from tenant_apps.invoicing.services.gst_payment import gst_payment_create
from tenant_apps.invoicing.services.payments import payment_create
from tenant_apps.invoicing.services.tds import tds_challan_create
from tenant_apps.partners.services import partner_create

CUSTOMERS = [
    # name, GSTIN (valid check digits), billing city, state, address, PIN code
    (
        "Hotel Sahyadri Pvt Ltd",
        "27AABCT1332L1ZE",
        "Pune",
        "27",
        "14 FC Road, Shivajinagar",
        "411004",
    ),
    (
        "Bengaluru Kitchens LLP",
        "29AABCT1332L1ZA",
        "Bengaluru",
        "29",
        "88 Residency Road",
        "560025",
    ),
    ("Annapurna Caterers", "", "Nashik", "27", "5 College Road", "422005"),
]
VENDORS = [  # name, GSTIN, city, state, bills under reverse charge (ADR 0071)
    ("Surat Stainless Steels", "24AABCT1332L1ZK", "Surat", "24", False),
    ("Delhi Burner Works", "07AABCT1332L1ZG", "New Delhi", "07", False),
    ("Deccan Roadlines", "", "Pune", "27", True),  # an unregistered transporter (GTA)
]
# An export customer billed in US dollars: (name, city), and its invoice and receipt rates
EXPORT_CUSTOMER = ("Gulf Hospitality Supplies LLC", "Dubai")
EXPORT_RATE, RECEIPT_RATE = Decimal("83.40"), Decimal("84.10")
# (customer index, days ago, [(description, HSN, qty, price, rate code)])
INVOICES = [
    (0, 95, [("Commercial gas range, 4 burner", "7321", 2, "48500", "GST18")]),
    (
        1,
        70,
        [
            ("SS work table 6 ft", "7323", 6, "14250", "GST18"),
            ("Installation", "998719", 1, "6000", "GST18"),
        ],
    ),
    (0, 45, [("Bain-marie 6 pan", "8419", 1, "62000", "GST18")]),
    (2, 30, [("Dishwash sink 3 bowl", "7324", 3, "21800", "GST18")]),
    (1, 12, [("Exhaust hood 8 ft", "8414", 1, "185000", "GST18")]),
    (0, 3, [("Tandoor, clay-lined", "8419", 2, "38900", "GST12")]),
]
BILLS = [  # vendor, days ago, lines, the vendor's invoice number, ledger code (or the default)
    (0, 60, [("SS sheet 304, 1.2 mm", "7219", 850, "212.50", "GST18")], "SSS/26-27/0412", ""),
    (1, 20, [("Cast iron burners", "7321", 40, "1450", "GST18")], "DBW-318", ""),
    # the transporter's freight, under reverse charge at 5%, to Freight Inward
    (
        2,
        12,
        [("Freight, exhaust hood Pune to Bengaluru", "996791", 1, "14500", "GST5")],
        "DR-1188",
        "5130",
    ),
    # valves held back over a quality dispute: still unpaid after 180 days, so last month's
    # return reverses its input credit (Rule 37, ADR 0074) on the ITC reversal page
    (1, 250, [("Gas valves, brass, 1/2 in", "8481", 60, "850", "GST18")], "DBW-207", ""),
]
# The jobs the books follow as cost centres (ADR 0069), under one group: code, name, and the
# invoices and bills (by their index above) booked to each
PROJECTS = [
    ("P-SAHYADRI", "Hotel Sahyadri kitchen", [0, 2], []),
    ("P-BLR", "Bengaluru Kitchens fit-out", [1, 4], [1, 2]),
]
# The Bengaluru fit-out's budget for the year: sales, and its direct expenses as one figure
BUDGETED = ("P-BLR", [("4110", Decimal("350000")), ("51", Decimal("150000"))])
# the fit-out buys its steel and burners early: its direct expenses phased by month (ADR 0078),
# ₹20,000 a month in the first half of a twelve-month year and ₹5,000 in the second
FRONT_LOADED = [Decimal("20000")] * 6 + [Decimal("5000")] * 6
# A supplier invoice in the first bill's month of GSTR-2B that was never booked (number,
# taxable value)
UNBOOKED_2B = ("SSS/26-27/0433", Decimal("42500.00"))


def _demo_email(name: str) -> str:
    """A made-up accounts address for a demo party ("Hotel Sahyadri Pvt Ltd" ->
    accounts@hotel-sahyadri.example), so its documents can be e-mailed from the demo."""
    return f"accounts@{'-'.join(re.findall(r'[a-z]+', name.lower())[:2])}.example"


def demo_seed(*, user: Any) -> None:
    """Run inside the demo tenant's schema, once, after the admin exists."""
    from tenant_apps.finance.models import Account
    from tenant_apps.finance.selectors import account_by_role, year_months
    from tenant_apps.finance.services import (
        BudgetLine,
        LineSpec,
        budget_set,
        cost_centre_create,
        fiscal_year_ensure,
        journal_entry_post_lines,
    )

    today = timezone.localdate()
    years = [
        fiscal_year_ensure(on=today - dt.timedelta(days=back), user=user) for back in (0, 200, 250)
    ]
    InvoiceSettings.objects.update_or_create(
        singleton=True,
        defaults={
            "address": "Plot 42, MIDC Bhosari\nPune 411026, Maharashtra",
            "city": "Pune",
            "pincode": "411026",
            "einvoicing_enabled": True,
            "phone": "+91 20 2712 3456",
            "email": "accounts@demo-kitchen.example",
            "bank_name": "HDFC Bank",
            "bank_account_name": "Demo Kitchen Equipment Pvt Ltd",
            "bank_account_number": "50200012345678",
            "bank_ifsc": "HDFC0000123",
            "bank_branch": "Bhosari, Pune",
            "terms": "Payment within 30 days. Goods once sold are taken back only as per warranty.",
        },
    )
    customers = [
        partner_create(
            user=user,
            data={
                "name": name,
                "email": _demo_email(name),
                "is_customer": True,
                "gstin": gstin,
                "billing_address": address,
                "billing_city": city,
                "billing_state": state,
                "billing_pincode": pincode,
                "payment_terms_days": 30,
                "credit_limit": Decimal("500000"),
            },
        )
        for name, gstin, city, state, address, pincode in CUSTOMERS
    ]
    vendors = [
        partner_create(
            user=user,
            data={
                "name": name,
                "email": _demo_email(name),
                "is_vendor": True,
                "gstin": gstin,
                "billing_city": city,
                "billing_state": state,
                "payment_terms_days": 45,
                "reverse_charge": reverse_charge,
            },
        )
        for name, gstin, city, state, reverse_charge in VENDORS
    ]
    rates = {r.code: r for r in TaxRate.objects.all()}

    group = cost_centre_create(user=user, code="PROJECTS", name="Projects", is_group=True)
    twelve_months = len(year_months(years[0].start_date, years[0].end_date)) == 12
    centre_of: dict[tuple[str, int], Any] = {}
    for code, name, invoice_indexes, bill_indexes in PROJECTS:
        centre = cost_centre_create(user=user, code=code, name=name, parent_id=group.pk)
        centre_of |= {("invoice", i): centre for i in invoice_indexes}
        centre_of |= {("bill", i): centre for i in bill_indexes}
        if code == BUDGETED[0]:  # the fit-out's estimate for this year (ADR 0070)
            budget_set(
                user=user,
                cost_centre_id=centre.pk,
                fiscal_year_id=years[0].pk,
                lines=[
                    BudgetLine(
                        account_id=Account.objects.get(code=account).pk,
                        amount=amount,
                        months=tuple(FRONT_LOADED) if account == "51" and twelve_months else (),
                    )
                    for account, amount in BUDGETED[1]
                ],
            )

    def post(
        kind: str,
        partner: Any,
        days_ago: int,
        lines: list[tuple[Any, ...]],
        centre: Any = None,
        account: Any = None,
        **terms: Any,
    ) -> Any:
        document = document_create(
            user=user,
            kind=kind,
            data={
                **terms,
                "partner": partner,
                "date": today - dt.timedelta(days=days_ago),
                "lines": [
                    {
                        "description": text,
                        "hsn_sac": hsn,
                        "quantity": Decimal(qty),
                        "unit_price": Decimal(price),
                        "tax_rate": rates[code],
                        "cost_centre": centre,
                        "account": account,
                    }
                    for text, hsn, qty, price, code in lines
                ],
            },
        )
        return document_post(user=user, document=document)

    bank = account_by_role("bank")
    capital = Decimal("1000000")
    journal_entry_post_lines(
        date=today - dt.timedelta(days=200),
        narration="Share capital brought in by the promoters",
        lines=[
            LineSpec(account=bank, debit=capital),
            LineSpec(account=account_by_role("capital"), credit=capital),
        ],
        user=user,
    )
    invoices = [
        post("invoice", customers[c], days, lines, centre_of.get(("invoice", index)))
        for index, (c, days, lines) in enumerate(INVOICES)
    ]
    bills = [
        post(
            "bill",
            vendors[v],
            days,
            lines,
            centre_of.get(("bill", index)),
            Account.objects.get(code=ledger) if ledger else None,
            reference=ref,
        )
        for index, (v, days, lines, ref, ledger) in enumerate(BILLS)
    ]
    payment_create(
        user=user,
        kind="receipt",
        data={
            "partner": customers[0],
            "date": today - dt.timedelta(days=40),
            "account": bank,
            "amount": Decimal("150000"),
            "reference": "UTR HDFCN52026112700123",
            "allocations": [
                (invoices[0], invoices[0].total),
                (invoices[2], Decimal("150000") - invoices[0].total),
            ],
        },
    )
    # Bengaluru Kitchens pays the work tables and installation net of 2% TDS (section 194C) on
    # the taxable value; the receipt settles the whole invoice and TDS receivable holds the rest
    # until the certificate (Form 16A) arrives.
    tds = (invoices[1].taxable_total * Decimal("0.02")).quantize(Decimal("1"))
    payment_create(
        user=user,
        kind="receipt",
        data={
            "partner": customers[1],
            "date": today - dt.timedelta(days=35),
            "account": bank,
            "amount": invoices[1].total - tds,
            "reference": "UTR ICICN52026112700456",
            "deductions": [
                {
                    "account": account_by_role("tds_receivable"),
                    "amount": tds,
                    "description": "TDS u/s 194C @ 2%",
                    "tds_section": "194C",
                }
            ],
            "allocations": [(invoices[1], invoices[1].total)],
        },
    )
    # an export to Dubai under LUT (place of supply 96, no IGST) in US dollars, received at a
    # better rate: the receipt posts the realised exchange gain
    gulf = partner_create(
        user=user,
        data={
            "name": EXPORT_CUSTOMER[0],
            "email": _demo_email(EXPORT_CUSTOMER[0]),
            "is_customer": True,
            "billing_city": EXPORT_CUSTOMER[1],
            "currency": "USD",
            "payment_terms_days": 30,
        },
    )
    export = post(
        "invoice",
        gulf,
        50,
        [("Combi oven, 10 tray", "8419", 1, "4800", "GST0")],
        currency="USD",
        exchange_rate=EXPORT_RATE,
        place_of_supply="96",
    )
    payment_create(
        user=user,
        kind="receipt",
        data={
            "partner": gulf,
            "date": today - dt.timedelta(days=20),
            "account": bank,
            "amount": export.total,
            "currency": "USD",
            "exchange_rate": RECEIPT_RATE,
            "reference": "SWIFT EBILAEAD 2026112700456",
            "allocations": [(export, export.total)],
        },
    )
    # We pay the first vendor's bill less 2% TDS under 194C on the taxable value, and deposit
    # that TDS a week later through a challan (ADR 0048): TDS payable is back to zero
    withheld = (bills[0].taxable_total * Decimal("0.02")).quantize(Decimal("1"))
    vendor_payment = payment_create(
        user=user,
        kind="payment",
        data={
            "partner": vendors[0],
            "date": today - dt.timedelta(days=15),
            "account": bank,
            "amount": bills[0].total - withheld,
            "deductions": [
                {
                    "account": account_by_role("tds_payable"),
                    "amount": withheld,
                    "description": "TDS u/s 194C @ 2%",
                    "tds_section": "194C",
                }
            ],
            "allocations": [(bills[0], bills[0].total)],
        },
    )
    tds_challan_create(
        user=user,
        data={
            "section": "194C",
            "date": today - dt.timedelta(days=8),
            "bsr_code": "0510308",
            "serial_number": "00017",
            "account": bank,
            "deductions": [d.pk for d in vendor_payment.deductions.all()],
        },
    )
    # The month before last has its GST set off and paid on the 20th of last month (ADR 0073);
    # last month's is left for the GST payment page to show
    this_month = today.replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    gst_payment_create(
        user=user,
        data={
            "month": (last_month - dt.timedelta(days=1)).replace(day=1),
            "date": last_month.replace(day=20),
            "account": bank,
            "reference": "CPIN 26112700012345",
        },
    )
    _demo_gstr2b(user=user, bill=bills[0])


def _demo_gstr2b(*, user: Any, bill: Any) -> None:
    """The GSTR-2B of the first bill's month (two months back, so the portal has made it), as
    the portal would give it: that bill (matched) and a later invoice of the same supplier
    that was never booked (ADR 0065). Skipped when the company has no GSTIN."""
    import json

    from tenant_apps.core.models import CompanySettings
    from tenant_apps.invoicing.services.gstr2b import gstr2b_import

    gstin = CompanySettings.objects.get(singleton=True).gstin
    if not gstin:
        return
    unbooked, taxable = UNBOOKED_2B
    day = min(bill.date + dt.timedelta(days=6), bill.date.replace(day=28))

    def row(number: str, on: dt.date, amount: Decimal, igst: Decimal) -> dict[str, Any]:
        return {
            "inum": number,
            "typ": "R",
            "dt": on.strftime("%d-%m-%Y"),
            "val": str(amount + igst),
            "pos": "27",
            "rev": "N",
            "itcavl": "Y",
            "txval": str(amount),
            "igst": str(igst),
            "cgst": "0",
            "sgst": "0",
            "cess": "0",
        }

    content = {
        "data": {
            "gstin": gstin,
            "rtnprd": bill.date.strftime("%m%Y"),
            # the portal makes a month's 2B on the 14th of the next
            "gendt": (bill.date.replace(day=28) + dt.timedelta(days=4)).strftime("14-%m-%Y"),
            "docdata": {
                "b2b": [
                    {
                        "ctin": bill.party_gstin,
                        "trdnm": bill.party_name.upper(),
                        "inv": [
                            row(bill.reference, bill.date, bill.taxable_total, bill.igst_total),
                            row(unbooked, day, taxable, taxable * Decimal("0.18")),
                        ],
                    }
                ]
            },
        }
    }
    gstr2b_import(
        user=user,
        content=json.dumps(content).encode(),
        file_name=f"GSTR2B_{gstin}_{bill.date:%m%Y}.json",
    )
