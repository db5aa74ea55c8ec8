"""Fixtures for the invoicing tests: alpha (a Maharashtra company) with fiscal year 2026-27,
customers in Maharashtra and Karnataka, a Gujarat vendor, GST rates by code, a bank account,
and helpers to raise, post and pay documents through the services."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from tests.conftest import in_schema

FY_DAY = dt.date(2026, 6, 15)  # in fiscal year 2026-27 (April-March)
GSTIN_MH = "27AABCT1332L1ZE"
GSTIN_KA = "29AABCT1332L1ZA"
GSTIN_GJ = "24AABCT1332L1ZK"
COMPANY_GSTIN = "27AAPFU0939F1ZV"  # alpha, when a test gives it a GSTIN
INVOICING_SERIES = (
    "inv",
    "bill",
    "cn",
    "dn",
    "rcpt",
    "pay",
    "SALES",
    "PURCHASE",
    "RECEIPT",
    "PAYMENT",
    "RV",
    "FX",
    "FXR",
    "ob",
    "OPENING",
    "chl",
    "CHALLAN",
    "GSTPAY",
)


@dataclass
class Books:
    user: Any
    mh: Any  # customer in Maharashtra, registered
    ka: Any  # customer in Karnataka, registered
    retail: Any  # unregistered customer in Maharashtra
    vendor: Any  # vendor in Gujarat, registered
    bank: Any
    cash: Any

    def rate(self, code: str) -> Any:
        from tenant_apps.invoicing.models import TaxRate

        return TaxRate.objects.get(code=code)


def _books(user: Any) -> Books:
    from tenant_apps.finance.selectors import account_by_role
    from tenant_apps.finance.services import fiscal_year_ensure
    from tenant_apps.partners.services import partner_create

    fiscal_year_ensure(on=FY_DAY)

    def partner(name: str, **extra: Any) -> Any:
        return partner_create(user=user, data={"name": name, **extra})

    return Books(
        user=user,
        mh=partner("Pune Fabricators", is_customer=True, gstin=GSTIN_MH, payment_terms_days=30),
        ka=partner("Bengaluru Kitchens", is_customer=True, gstin=GSTIN_KA),
        retail=partner("Walk-in Customer", is_customer=True, billing_state="27"),
        vendor=partner("Surat Steels", is_vendor=True, gstin=GSTIN_GJ),
        bank=account_by_role("bank"),
        cash=account_by_role("cash"),
    )


@pytest.fixture
def books(world: Any, users: dict[str, Any], db: None) -> Iterator[Books]:
    """In alpha's schema (rolled back after the test)."""
    with in_schema(world.alpha_schema):
        yield _books(users["owner_alpha"])


def invoicing_wipe(schema: str) -> None:
    """Remove every document, payment, partner and ledger row of `schema` (committed tests)."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            for table in (
                "invoicing_gstr2bline",
                "invoicing_gstr2breturn",
                "invoicing_invoicereminder",
                "invoicing_recurringrun",
                "invoicing_recurringinvoice",
                "invoicing_einvoice",
                "invoicing_ewaybill",
                "invoicing_sentemail",
                "invoicing_gstpayment",
                "invoicing_itcreversalline",
                "invoicing_itcreversal",
                "invoicing_revaluationline",
                "invoicing_revaluation",
                "invoicing_allocation",
                "invoicing_paymentdeduction",
                "invoicing_tdschallan",
                "invoicing_documentline",
                "invoicing_document",
                "invoicing_payment",
                "finance_accountdaybalance",
                "finance_accountperiodbalance",
                "finance_journalline",
            ):
                cursor.execute(f'DELETE FROM "{schema}".{table}')
            cursor.execute(f'UPDATE "{schema}".finance_fiscalyear SET closing_entry_id = NULL')
            for table in (
                "finance_journalentry",
                "finance_period",
                "finance_fiscalyear",
                "partners_partnercontact",
                "partners_partner",
            ):
                cursor.execute(f'DELETE FROM "{schema}".{table}')
            cursor.execute(
                f'DELETE FROM "{schema}".core_documentsequence WHERE series = ANY(%s)',
                [[*INVOICING_SERIES, "partner", "JV"]],
            )
        finally:
            cursor.execute("SET session_replication_role = origin")


@pytest.fixture
def committed_books(world: Any, committed_db: None) -> Iterator[Books]:
    """Alpha's books committed (threads see them); everything wiped afterwards."""
    from shared_apps.accounts.models import User

    user = User.objects.get(pk=world.owner_alpha_id)
    with in_schema(world.alpha_schema):
        invoicing_wipe(world.alpha_schema)
        books = _books(user)
    try:
        yield books
    finally:
        connection.set_schema_to_public()
        with in_schema(world.alpha_schema):
            invoicing_wipe(world.alpha_schema)


def line(
    rate: Any, *, qty: str = "1", price: str = "100", hsn: str = "8419", **extra: Any
) -> dict[str, Any]:
    return {
        "description": extra.pop("description", "Stainless steel tank"),
        "hsn_sac": hsn,
        "quantity": Decimal(qty),
        "unit_price": Decimal(price),
        "tax_rate": rate,
        **extra,
    }


@pytest.fixture
def raise_document(books: Books) -> Callable[..., Any]:
    """`raise_document("invoice", partner, [line(...)], post=True)`: a draft or posted document."""
    return make_raiser(books)


def make_raiser(books: Books) -> Callable[..., Any]:
    from tenant_apps.invoicing.services.documents import document_create, document_post

    def make(
        kind: str,
        partner: Any,
        lines: list[dict[str, Any]],
        *,
        post: bool = True,
        day: dt.date = FY_DAY,
        **data: Any,
    ) -> Any:
        document = document_create(
            user=books.user,
            kind=kind,
            data={"partner": partner, "date": day, "lines": lines, **data},
        )
        return document_post(user=books.user, document=document) if post else document

    return make


def journal_of(document: Any) -> list[tuple[str, Decimal, Decimal, int | None]]:
    """(account role, debit, credit, partner id) of the document's entry, in line order."""
    from tenant_apps.finance.models import JournalLine

    return [
        (x.account.role, x.debit, x.credit, x.partner_id)
        for x in JournalLine.objects.filter(entry_id=document.journal_entry_id)
        .select_related("account")
        .order_by("line_no")
    ]


def entry_of(source: Any) -> list[tuple[str, Decimal, Decimal]]:
    """(account code, debit, credit) of the entry of a document or payment, in line order."""
    from tenant_apps.finance.models import JournalLine

    return [
        (x.account.code, x.debit, x.credit)
        for x in JournalLine.objects.filter(entry_id=source.journal_entry_id)
        .select_related("account")
        .order_by("line_no")
    ]


# GSTR-2B files (ADR 0065) -----------------------------------------------------------------
def b2b(number: str, day: str, taxable: float, igst: float, **extra: Any) -> dict[str, Any]:
    return {
        "inum": number,
        "typ": "R",
        "dt": day,
        "val": round(taxable + igst, 2),
        "pos": "27",
        "rev": "N",
        "itcavl": "Y",
        "rsn": "",
        "diffprcnt": 1,
        "srctyp": "e-Invoice",
        "txval": taxable,
        "igst": igst,
        "cgst": 0,
        "sgst": 0,
        "cess": 0,
        **extra,
    }


def portal_file(
    invoices: list[dict[str, Any]],
    notes: list[dict[str, Any]] = (),  # type: ignore[assignment]
    *,
    gstin: str = COMPANY_GSTIN,
    period: str = "062026",
    ctin: str = GSTIN_GJ,
    envelope: bool = True,
) -> bytes:
    """A GSTR-2B file as the portal's "Download GSTR-2B details (JSON)" gives it."""
    data: dict[str, Any] = {
        "gstin": gstin,
        "rtnprd": period,
        "version": "1.0",
        "gendt": "14-07-2026",
        "docdata": {
            "b2b": [
                {
                    "ctin": ctin,
                    "trdnm": "SURAT STEELS",
                    "supfildt": "11-07-2026",
                    "supprd": period,
                    "inv": invoices,
                }
            ],
            "impg": [{"refdt": "01-06-2026", "portcode": "INNSA1", "boenum": "1234567"}],
        },
    }
    if notes:
        data["docdata"]["cdnr"] = [{"ctin": ctin, "trdnm": "SURAT STEELS", "nt": list(notes)}]
    return json.dumps({"chksum": "x", "data": data} if envelope else data).encode()


def at_once(schema: str, count: int, action: Callable[[], Any]) -> list[str]:
    """Run `action` in `count` threads released together, each in `schema` on its own
    connection (real commits): the sorted outcomes, "ok" or the ApplicationError's code. Any
    other exception fails the test."""
    import threading

    from django.db import connections

    from tenant_apps.core.exceptions import ApplicationError

    barrier = threading.Barrier(count)
    outcomes: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker() -> None:
        try:
            with in_schema(schema):
                barrier.wait()
                try:
                    action()
                    outcome = "ok"
                except ApplicationError as exc:
                    outcome = exc.code
                with lock:
                    outcomes.append(outcome)
        except BaseException as exc:  # noqa: BLE001 - surfaced in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return sorted(outcomes)
