"""Several bank ledgers (ADR 0055): they coexist while every other role stays on one account,
the dashboard sums them, statements and the reconciliation are per bank account; the
reconciliation statement as Excel and PDF; a matched entry is not reversed (the database
refuses it) until its match is undone."""

from __future__ import annotations

import io
import re
import zlib
from decimal import Decimal as D
from typing import Any

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tenant_apps.banking import selectors, services
from tenant_apps.banking.models import BankMatch, BankStatement
from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.finance.models import Account, AccountRole, JournalEntry, JournalStatus
from tenant_apps.invoicing.models import Payment, PaymentStatus
from tests.tenant_apps.banking.conftest import (
    bank_line_of,
    csv_file,
    d,
    payment,
    receipt,
    statement,
)

API = "/api/v1/banking"


def _client(api_client: Any, users: Any) -> Any:
    return api_client("alpha", users["owner_alpha"])


def _second_bank(books: Any, code: str = "1122") -> Account:
    from tenant_apps.finance.services import account_create

    return account_create(
        user=books.user,
        code=code,
        name="Bank - Cash Credit Account",
        parent_id=books.bank.parent_id,
        role="bank",
    )


def _post(books: Any, day: int, debit: Account, credit: Account, amount: str) -> JournalEntry:
    from tenant_apps.finance.services import LineSpec, journal_entry_post_lines

    return journal_entry_post_lines(
        date=d(day),
        narration="Transfer",
        lines=[
            LineSpec(account=debit, debit=D(amount)),
            LineSpec(account=credit, credit=D(amount)),
        ],
        user=books.user,
    )


# --- several bank and cash ledgers ---------------------------------------------------------


def test_two_bank_and_two_cash_ledgers_coexist(books):
    from tenant_apps.finance.services import account_create

    # when a second bank ledger and a second cash box are opened
    cc = _second_bank(books)
    petty = account_create(
        user=books.user,
        code="1111",
        name="Petty cash - site",
        parent_id=books.cash.parent_id,
        role="cash",
    )
    # then both roles have two ledgers; the default bank is the lowest code
    assert set(Account.objects.filter(role="bank").values_list("code", flat=True)) == {
        books.bank.code,
        cc.code,
    }
    assert Account.objects.filter(role="cash").count() == 2 and petty.role == "cash"
    from tenant_apps.finance.selectors import account_by_role

    assert account_by_role("bank") == books.bank


def test_a_second_gst_output_ledger_is_refused_by_the_service_and_the_database(books):
    from tenant_apps.finance.services import account_create

    output = Account.objects.get(role=AccountRole.TAX_OUTPUT_CGST)
    # the service: a 400 with its code
    with pytest.raises(ApplicationError) as refused:
        account_create(
            user=books.user,
            code="2199",
            name="Output CGST 2",
            parent_id=output.parent_id,
            role="tax_output_cgst",
        )
    assert refused.value.code == "account_role_taken"
    # the database, whatever code writes it
    with pytest.raises(IntegrityError, match="finance_account_role_unique"), transaction.atomic():
        Account.objects.create(
            code="2199",
            name="Output CGST 2",
            type=output.type,
            parent_id=output.parent_id,
            role="tax_output_cgst",
        )
    assert Account.objects.filter(role="tax_output_cgst").count() == 1


def test_the_dashboard_sums_every_bank_ledger_and_every_cash_ledger(api_client, users, books):
    # given 10,000 received into the current account, 3,000 moved to the CC account and
    # 500 drawn into petty cash from the CC account
    cc = _second_bank(books)
    receipt(books, "10000", 10)
    _post(books, 11, cc, books.bank, "3000")
    _post(books, 12, books.cash, cc, "500")
    # when the KPIs are read
    response = _client(api_client, users).get(
        "/api/v1/invoicing/reports/kpis/", {"as_of": "2026-06-30"}
    )
    # then bank = 7,000 + 2,500 and cash = 500
    assert response.status_code == 200, response.json()
    assert D(response.json()["bank_balance"]) == D("9500")
    assert D(response.json()["cash_balance"]) == D("500")


def test_statements_and_the_reconciliation_are_per_bank_account(api_client, users, books):
    # given a receipt into each bank account and one statement for each
    cc = _second_bank(books)
    receipt(books, "1000", 10)
    into_cc = _post(books, 11, cc, books.bank, "400")
    current = statement(books, ["10/06/2026,NEFT,,,1000.00,1000.00"])
    client = _client(api_client, users)
    imported = client.post(
        f"{API}/statements/",
        {"account": cc.pk, "file": csv_file(["11/06/2026,Transfer in,,,400.00,400.00"])},
        format="multipart",
    )
    assert imported.status_code == 201, imported.json()
    cc_statement = BankStatement.objects.get(pk=imported.json()["id"])
    # then each list holds its own statement
    listed = client.get(f"{API}/statements/", {"account": cc.pk}).json()
    assert [s["id"] for s in listed] == [cc_statement.pk]
    # a CC statement line cannot take a line of the current account's books
    with pytest.raises(ApplicationError) as refused:
        services.line_match(
            user=books.user,
            line=cc_statement.lines.get(),
            journal_line_ids=[into_cc.lines.get(account=books.bank).pk],
        )
    assert refused.value.code == "invalid_lines"
    # it auto-matches its own account's line
    assert services.statement_auto_match(user=books.user, statement=cc_statement) == 1
    # and each reconciliation counts its own account only
    cc_report = selectors.reconciliation(cc, d(30))
    assert cc_report.balance_books == D("400") == cc_report.balance_bank_statement
    assert cc_report.uncleared_receipts == [] and cc_report.bank_only == []
    books_report = selectors.reconciliation(books.bank, d(30))
    assert books_report.balance_books == D("600")
    assert [j.entry_id for j in books_report.uncleared_payments] == [into_cc.pk]
    assert books_report.statement_id == current.pk


# --- the reconciliation statement as Excel and PDF -----------------------------------------


def _pdf_strings(pdf: bytes) -> bytes:
    out = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(out)


@pytest.fixture
def worked_example(books: Any) -> Any:
    """ADR 0053's example: books 8,382 + 4,000 - 2,500 + 50 = 9,932 = the bank."""
    from tests.tenant_apps.banking.conftest import expense_ledger

    receipt(books, "10000", 10, reference="UTR111")
    payment(books, "4000", 12, reference="222")
    receipt(books, "2500", 14)
    s = statement(
        books,
        [
            "12/06/2026,NEFT UTR111,,,10000.00,10000.00",
            "13/06/2026,Bank charges,,118.00,,9882.00",
            "14/06/2026,Interest,,,50.00,9932.00",
        ],
    )
    services.statement_auto_match(user=books.user, statement=s)
    services.line_entry_create(
        user=books.user, line=s.lines.get(line_no=2), ledger=expense_ledger()
    )
    return books


def test_the_reconciliation_statement_exports_to_excel_with_its_figures(
    api_client, users, worked_example
):
    books = worked_example
    client = _client(api_client, users)
    query = {"account": books.bank.pk, "date": "2026-06-15", "format": "xlsx"}
    with CaptureQueriesContext(connection) as few:
        client.get(f"{API}/reconciliation/export/", query)
    for day in (3, 4, 5):  # three more uncleared payments: no more queries
        payment(books, "100", day)
    with CaptureQueriesContext(connection) as more:
        response = client.get(f"{API}/reconciliation/export/", query)
    assert len(more.captured_queries) == len(few.captured_queries)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "bank-reconciliation-1121-2026-06-15.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content))["Reconciliation"]
    values = {
        row[2].value: D(str(row[3].value))
        for row in sheet.iter_rows(min_row=6)
        if row[2].value and row[3].value is not None
    }
    assert values["Balance per books"] == D("8082")
    assert values["Add: payments not yet debited by the bank"] == D("4300")
    assert values["Less: receipts not yet credited by the bank"] == D("-2500")
    assert values["Add/less: statement lines not in the books"] == D("50")
    assert values["Interest"] == D("50")
    assert values["Balance per bank (computed)"] == D("9932")
    assert values["Balance per bank statement"] == D("9932")
    assert values["Difference"] == D("0")


def test_the_reconciliation_statement_exports_to_pdf(api_client, users, worked_example):
    books = worked_example
    response = _client(api_client, users).get(
        f"{API}/reconciliation/export/",
        {"account": books.bank.pk, "date": "2026-06-15", "format": "pdf"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert b"Bank reconciliation statement" in _pdf_strings(response.content)


def test_the_reconciliation_html_holds_the_figures(worked_example):
    from tenant_apps.banking.report_tables import reconciliation_report
    from tenant_apps.core.exports.company import company_header
    from tenant_apps.core.exports.pdf import report_html

    report = selectors.reconciliation(worked_example.bank, d(15))
    html = report_html(reconciliation_report(report), company=company_header(logo=False))
    for text in ("8,382.00", "4,000.00", "-2,500.00", "9,932.00", "Interest", "Difference"):
        assert text in html


def test_an_export_without_a_format_or_bank_account_is_a_400(api_client, users, books):
    client = _client(api_client, users)
    no_format = client.get(
        f"{API}/reconciliation/export/", {"account": books.bank.pk, "date": "2026-06-15"}
    )
    not_bank = client.get(
        f"{API}/reconciliation/export/",
        {"account": books.cash.pk, "date": "2026-06-15", "format": "xlsx"},
    )
    assert no_format.status_code == 400 and no_format.json()["fields"].keys() == {"format"}
    assert not_bank.status_code == 400 and not_bank.json()["fields"].keys() == {"account"}


# --- a matched entry is not reversed -------------------------------------------------------


def _matched_receipt(books: Any) -> tuple[Payment, Any]:
    paid = receipt(books, "1000", 10)
    s = statement(books, ["10/06/2026,NEFT,,,1000.00,1000.00"])
    line = s.lines.get()
    services.line_match(
        user=books.user,
        line=line,
        journal_line_ids=[bank_line_of(paid.journal_entry, books).pk],
    )
    return paid, line


def test_cancelling_a_payment_whose_entry_is_matched_is_a_400_and_writes_nothing(
    api_client, users, books
):
    paid, line = _matched_receipt(books)
    entries = JournalEntry.objects.count()
    client = _client(api_client, users)
    # when the receipt is cancelled
    response = client.post(
        f"/api/v1/invoicing/payments/{paid.pk}/cancel/", {"date": "2026-06-20"}, format="json"
    )
    # then a 400 with its own code; nothing changed
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "entry_bank_matched"
    assert "unmatch" in response.json()["detail"]
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.POSTED
    assert paid.journal_entry.status == JournalStatus.POSTED
    assert JournalEntry.objects.count() == entries
    # once unmatched, it cancels
    services.line_unmatch(line=line)
    again = client.post(
        f"/api/v1/invoicing/payments/{paid.pk}/cancel/", {"date": "2026-06-20"}, format="json"
    )
    assert again.status_code == 200, again.json()
    assert JournalEntry.objects.get(pk=paid.journal_entry_id).status == JournalStatus.REVERSED


def test_reversing_a_matched_journal_entry_is_a_400(api_client, users, books):
    from tenant_apps.finance.models import Account as Ledger

    capital = Ledger.objects.get(role="capital")
    entry = _post(books, 10, books.bank, capital, "5000")
    s = statement(books, ["10/06/2026,Capital,,,5000.00,5000.00"])
    services.line_match(
        user=books.user, line=s.lines.get(), journal_line_ids=[bank_line_of(entry, books).pk]
    )
    entries = JournalEntry.objects.count()
    response = _client(api_client, users).post(
        f"/api/v1/finance/journal-entries/{entry.pk}/reverse/",
        {"date": "2026-06-20", "reason": "typo"},
        format="json",
    )
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "entry_bank_matched"
    assert JournalEntry.objects.count() == entries
    assert JournalEntry.objects.get(pk=entry.pk).status == JournalStatus.POSTED


def test_the_database_refuses_to_mark_a_matched_entry_reversed(books):
    paid, _line = _matched_receipt(books)
    # whatever code writes it: raw SQL
    with (
        pytest.raises(DatabaseError, match="matched to a bank statement line") as refused,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE finance_journalentry SET status = 'reversed' WHERE id = %s",
            [paid.journal_entry_id],
        )
    assert getattr(refused.value.__cause__, "sqlstate", None) == "LG006"
    assert JournalEntry.objects.get(pk=paid.journal_entry_id).status == JournalStatus.POSTED
    assert BankMatch.objects.count() == 1
    # an unmatched entry is marked reversed as before (the guard is only about matches)
    other = receipt(books, "200", 11)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE finance_journalentry SET status = 'reversed' WHERE id = %s",
            [other.journal_entry_id],
        )
    assert Payment.objects.get(pk=other.pk).journal_entry.status == JournalStatus.REVERSED


def test_a_match_racing_a_reversal_waits_for_it_and_is_refused(world, committed_bank_books):
    """A reversal posted but not yet committed; a match of its bank line meanwhile waits for it
    (the entries are locked) and is then refused: never a match on a reversed entry."""
    import threading
    import time

    from django.db import connections

    from tenant_apps.banking.models import BankStatementLine
    from tenant_apps.finance.models import Account as Ledger
    from tenant_apps.finance.services import journal_entry_reverse
    from tests.conftest import in_schema

    books = committed_bank_books
    with in_schema(world.alpha_schema):
        entry = _post(books, 10, books.bank, Ledger.objects.get(role="capital"), "700")
        target = bank_line_of(entry, books).pk
        line_id = statement(books, ["10/06/2026,Capital,,,700.00,700.00"]).lines.get().pk
    reversed_uncommitted = threading.Event()
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def reverser() -> None:
        try:
            with in_schema(world.alpha_schema), transaction.atomic():
                journal_entry_reverse(entry=entry, date=d(20), user=books.user)
                reversed_uncommitted.set()
                # commit once the matcher waits on a lock (at most 10 s: without the lock it
                # never waits, matches at once, and the assertions below fail)
                deadline = time.monotonic() + 10
                with connection.cursor() as cursor:
                    while time.monotonic() < deadline:
                        cursor.execute("SELECT pg_stat_clear_snapshot()")
                        cursor.execute(
                            "SELECT count(*) FROM pg_stat_activity "
                            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
                        )
                        if cursor.fetchone()[0]:
                            break
                        time.sleep(0.05)
        except BaseException as exc:  # noqa: BLE001 - surfaced in the main thread
            errors.append(exc)
            reversed_uncommitted.set()
        finally:
            connections.close_all()

    def matcher() -> None:
        try:
            reversed_uncommitted.wait(30)
            with in_schema(world.alpha_schema):
                line = BankStatementLine.objects.get(pk=line_id)
                try:
                    services.line_match(user=books.user, line=line, journal_line_ids=[target])
                    outcomes.append("matched")
                except ApplicationError as exc:
                    outcomes.append(exc.code)
        except BaseException as exc:  # noqa: BLE001 - surfaced in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=reverser), threading.Thread(target=matcher)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert outcomes == ["invalid_lines"]
    with in_schema(world.alpha_schema):
        assert JournalEntry.objects.get(pk=entry.pk).status == JournalStatus.REVERSED
        assert not BankMatch.objects.filter(journal_line_id=target).exists()


def _documents_state() -> tuple[Any, ...]:
    from tenant_apps.core.models import DocumentSequence
    from tenant_apps.invoicing.models import Allocation, Document

    return (
        JournalEntry.objects.count(),
        sorted(Document.objects.values_list("pk", "status", "number", "amount_settled")),
        Allocation.objects.count(),
        sorted(DocumentSequence.objects.values_list("series", "fiscal_year", "last_value")),
    )


def test_an_invoices_entry_cannot_be_matched_so_its_cancel_never_meets_the_guard(books):
    """An invoice's entry has no bank line (receivable against sales and tax): the matcher
    refuses its lines, and cancelling an invoice posts a credit note without reversing the
    invoice's entry, so the guard has nothing to stop there."""
    from tenant_apps.invoicing.services.documents import document_cancel
    from tests.tenant_apps.invoicing.conftest import line as doc_line
    from tests.tenant_apps.invoicing.conftest import make_raiser

    invoice = make_raiser(books)("invoice", books.mh, [doc_line(books.rate("GST18"))])
    s = statement(books, ["10/06/2026,NEFT,,,118.00,118.00"])
    receivable = invoice.journal_entry.lines.order_by("line_no").first()
    with pytest.raises(ApplicationError) as refused:
        services.line_match(user=books.user, line=s.lines.get(), journal_line_ids=[receivable.pk])
    assert refused.value.code == "invalid_lines"
    assert BankMatch.objects.count() == 0
    note = document_cancel(user=books.user, document=invoice, date=d(20))
    assert note.journal_entry.reversal_of_id is None
    assert JournalEntry.objects.get(pk=invoice.journal_entry_id).status == JournalStatus.POSTED


def test_cancelling_a_note_whose_entry_is_matched_is_a_400_and_writes_nothing(
    api_client, users, books
):
    """A document cancelled by reversing its own entry (a credit note) goes through the same
    guard: a line of its entry matched (written outside the matcher, which only takes bank
    lines) refuses the cancel with `entry_bank_matched`, nothing written."""
    from tenant_apps.banking.models import BankMatch as Match
    from tenant_apps.invoicing.models import Document, DocumentStatus
    from tests.tenant_apps.invoicing.conftest import line as doc_line
    from tests.tenant_apps.invoicing.conftest import make_raiser

    make = make_raiser(books)
    invoice = make("invoice", books.mh, [doc_line(books.rate("GST18"), price="1000")])
    note = make(
        "credit_note", books.mh, [doc_line(books.rate("GST18"))], original=invoice, day=d(12)
    )
    s = statement(books, ["12/06/2026,Adjustment,,,118.00,118.00"])
    Match.objects.create(
        statement_line=s.lines.get(), journal_line=note.journal_entry.lines.first()
    )
    before = _documents_state()
    # when the note is cancelled
    response = _client(api_client, users).post(
        f"/api/v1/invoicing/notes/{note.pk}/cancel/", {"date": "2026-06-20"}, format="json"
    )
    # then a 400 with the guard's code; the note is still applied, nothing was written
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "entry_bank_matched"
    assert Document.objects.get(pk=note.pk).status == DocumentStatus.PAID
    assert JournalEntry.objects.get(pk=note.journal_entry_id).status == JournalStatus.POSTED
    assert _documents_state() == before


def test_cancelling_a_tds_challan_whose_entry_is_matched_is_a_400_and_writes_nothing(
    api_client, users, books
):
    import datetime as dt

    from tenant_apps.finance.selectors import account_by_role
    from tenant_apps.invoicing.models import ChallanStatus, PaymentDeduction, TdsChallan
    from tenant_apps.invoicing.services.payments import payment_create
    from tenant_apps.invoicing.services.tds import tds_challan_create

    paid = payment_create(
        user=books.user,
        kind="payment",
        data={
            "partner": books.vendor,
            "date": d(5),
            "account": books.bank,
            "amount": D("49000"),
            "deductions": [
                {
                    "account": account_by_role("tds_payable"),
                    "amount": D("1000"),
                    "tds_section": "194C",
                }
            ],
        },
    )
    deduction = paid.deductions.get()
    challan = tds_challan_create(
        user=books.user,
        data={
            "section": "194C",
            "date": dt.date(2026, 7, 6),
            "bsr_code": "0510308",
            "serial_number": "00042",
            "account": books.bank,
            "deductions": [deduction.pk],
        },
    )
    # the deposit cleared the bank and is matched
    s = statement(books, ["06/07/2026,TDS 194C,,1000.00,,-1000.00"])
    services.line_match(
        user=books.user,
        line=s.lines.get(),
        journal_line_ids=[bank_line_of(challan.journal_entry, books).pk],
    )
    before = _documents_state()
    # when the challan is cancelled
    response = _client(api_client, users).post(
        f"/api/v1/invoicing/tds/challans/{challan.pk}/cancel/",
        {"date": "2026-07-20"},
        format="json",
    )
    # then a 400 with the guard's code; the challan is posted and keeps its deduction
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "entry_bank_matched"
    assert TdsChallan.objects.get(pk=challan.pk).status == ChallanStatus.POSTED
    assert PaymentDeduction.objects.get(pk=deduction.pk).challan_id == challan.pk
    assert JournalEntry.objects.get(pk=challan.journal_entry_id).status == JournalStatus.POSTED
    assert _documents_state() == before
