"""Bank statements: import (all or nothing), suggestions and auto-match, match rules, the race
for one journal line, posting the entries the books lack, and the reconciliation statement."""

from __future__ import annotations

import threading
from decimal import Decimal as D

import pytest
from django.db import connections
from openpyxl import Workbook

from tenant_apps.banking import selectors, services
from tenant_apps.banking.models import BankMatch, BankStatement, BankStatementLine
from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.finance.models import JournalEntry, JournalLine
from tests.conftest import in_schema
from tests.tenant_apps.banking.conftest import (
    bank_line_of,
    csv_file,
    d,
    expense_ledger,
    payment,
    receipt,
    statement,
)

API = "/api/v1/banking"


def _client(api_client, users):
    return api_client("alpha", users["owner_alpha"])


# --- import -------------------------------------------------------------------------------


def test_a_good_csv_imports_its_lines_with_signed_amounts(api_client, users, books):
    # given a statement: a deposit and a withdrawal, balances given
    upload = csv_file(
        [
            "10/06/2026,NEFT Pune Fabricators,UTR111,,10000.00,60000.00",
            "2026-06-13,Bank charges,,118.00,,59882.00",
        ]
    )
    # when
    response = _client(api_client, users).post(
        f"{API}/statements/", {"account": books.bank.pk, "file": upload}, format="multipart"
    )
    # then
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["opening_balance"], body["closing_balance"]) == ("50000.0000", "59882.0000")
    assert (body["date_from"], body["date_to"]) == ("2026-06-10", "2026-06-13")
    assert [(line["amount"], line["matched"]) for line in body["lines"]] == [
        ("10000.0000", False),
        ("-118.0000", False),
    ]


def test_an_xlsx_with_one_signed_amount_column_imports_too(api_client, users, books):
    book = Workbook()
    sheet = book.active
    sheet.append(["Date", "Description", "Amount"])
    sheet.append(["01/06/2026", "Interest", 50])
    sheet.append(["02/06/2026", "Cheque 222", -4000])
    data = __import__("io").BytesIO()
    book.save(data)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("s.xlsx", data.getvalue())
    response = _client(api_client, users).post(
        f"{API}/statements/",
        {"account": books.bank.pk, "file": upload, "opening_balance": "5000"},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["closing_balance"] == "1050.0000"


def test_bad_rows_are_a_400_naming_each_row_and_nothing_is_written(api_client, users, books):
    upload = csv_file(
        [
            "31/02/2026,Bad date,,,100.00,",
            "10/06/2026,Both sides,,5.00,5.00,",
            "11/06/2026,Not a number,,abc,,",
            "12/06/2026,Fine,,,1.00,",
        ]
    )
    response = _client(api_client, users).post(
        f"{API}/statements/", {"account": books.bank.pk, "file": upload}, format="multipart"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "import_invalid"
    assert set(body["fields"]) == {"rows.2.date", "rows.3.debit", "rows.4.debit"}
    assert BankStatement.objects.count() == 0
    assert BankStatementLine.objects.count() == 0


def test_a_closing_that_is_not_opening_plus_lines_is_a_400(api_client, users, books):
    upload = csv_file(["10/06/2026,Deposit,,,100.00,"])
    response = _client(api_client, users).post(
        f"{API}/statements/",
        {"account": books.bank.pk, "file": upload, "opening_balance": "0", "closing_balance": "99"},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "unbalanced"
    assert BankStatement.objects.count() == 0


def test_running_balances_that_do_not_follow_the_lines_are_a_400(books):
    with pytest.raises(ApplicationError) as caught:
        statement(books, ["10/06/2026,A,,,100.00,1100.00", "11/06/2026,B,,,100.00,1300.00"])
    assert caught.value.code == "balance_mismatch"
    assert list(caught.value.fields) == ["lines.2.balance"]


def test_the_template_downloads_as_csv(api_client, users, books):
    response = _client(api_client, users).get(f"{API}/statements/template/")
    assert response.status_code == 200
    assert response.content.startswith(b"Date,Description,Reference,Debit,Credit,Balance")


# --- suggestions and matching -------------------------------------------------------------


def test_suggestions_put_the_same_reference_first_then_the_nearest_date_and_auto_match(books):
    # given two receipts of 10,000 (one naming UTR111, further away) and one of 700
    near = receipt(books, "10000", 11)
    named = receipt(books, "10000", 6, reference="UTR111")
    single = receipt(books, "700", 12)
    far = receipt(books, "700", 25)  # outside +-7 days of the 12th... 13 days: not suggested
    s = statement(
        books,
        [
            "12/06/2026,NEFT UTR111 Pune Fabricators,,,10000.00,10000.00",
            "13/06/2026,IMPS,,,700.00,10700.00",
        ],
    )
    lines = list(s.lines.order_by("line_no"))
    # when
    suggestions = selectors.statement_suggestions(s)
    # then the named receipt comes first though further away; the far 700 is not suggested
    assert [j.pk for j in suggestions[lines[0].pk]] == [
        bank_line_of(named.journal_entry, books).pk,
        bank_line_of(near.journal_entry, books).pk,
    ]
    assert [j.pk for j in suggestions[lines[1].pk]] == [
        bank_line_of(single.journal_entry, books).pk
    ]
    assert far.journal_entry_id
    # when auto-matching: only the line with exactly one suggestion is matched
    assert services.statement_auto_match(user=books.user, statement=s) == 1
    assert list(BankMatch.objects.values_list("statement_line_id", "journal_line_id")) == [
        (lines[1].pk, bank_line_of(single.journal_entry, books).pk)
    ]


def test_auto_match_leaves_one_journal_line_wanted_by_two_statement_lines(books):
    receipt(books, "500", 10)
    s = statement(books, ["10/06/2026,A,,,500.00,500.00", "11/06/2026,B,,,500.00,1000.00"])
    assert services.statement_auto_match(user=books.user, statement=s) == 0
    assert BankMatch.objects.count() == 0


def test_matching_refuses_another_account_a_wrong_sum_and_a_matched_line(books):
    from tenant_apps.invoicing.services.payments import payment_create

    first = receipt(books, "300", 10)
    second = receipt(books, "200", 10)
    in_cash = payment_create(
        user=books.user,
        kind="receipt",
        data={"partner": books.mh, "date": d(10), "account": books.cash, "amount": D("500")},
    )
    s = statement(books, ["10/06/2026,A,,,500.00,500.00", "11/06/2026,B,,,300.00,800.00"])
    one, two = s.lines.order_by("line_no")
    a, b = bank_line_of(first.journal_entry, books), bank_line_of(second.journal_entry, books)
    cash_line = in_cash.journal_entry.lines.get(account=books.cash)

    def refused(line, ids):
        with pytest.raises(ApplicationError) as caught:
            services.line_match(user=books.user, line=line, journal_line_ids=ids)
        return caught.value.code

    assert refused(one, [cash_line.pk]) == "invalid_lines"
    assert refused(one, [a.pk]) == "amount_mismatch"
    # two journal lines adding up to the statement line are one match
    services.line_match(user=books.user, line=one, journal_line_ids=[a.pk, b.pk])
    assert refused(two, [a.pk]) == "journal_line_matched"
    assert refused(one, [a.pk, b.pk]) == "already_matched"
    assert BankMatch.objects.count() == 2
    # unmatch frees them
    assert services.line_unmatch(line=one) == 2
    services.line_match(user=books.user, line=two, journal_line_ids=[a.pk])


def test_a_match_over_http_is_a_400_in_the_error_shape(api_client, users, books):
    s = statement(books, ["10/06/2026,A,,,500.00,500.00"])
    line = s.lines.get()
    response = _client(api_client, users).post(
        f"{API}/statements/{s.pk}/lines/{line.pk}/match/",
        {"journal_lines": [999999]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_lines"


def test_two_users_matching_one_journal_line_to_two_statement_lines_one_wins(
    world, committed_bank_books
):
    books = committed_bank_books
    with in_schema(world.alpha_schema):
        paid = receipt(books, "900", 10)
        target = bank_line_of(paid.journal_entry, books).pk
        s = statement(books, ["10/06/2026,A,,,900.00,900.00", "11/06/2026,B,,,900.00,1800.00"])
        line_ids = list(s.lines.order_by("line_no").values_list("pk", flat=True))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(line_id: int) -> None:
        try:
            with in_schema(world.alpha_schema):
                line = BankStatementLine.objects.get(pk=line_id)
                barrier.wait()
                try:
                    services.line_match(user=books.user, line=line, journal_line_ids=[target])
                    outcome = "matched"
                except ApplicationError as exc:
                    outcome = exc.code
                with lock:
                    outcomes.append(outcome)
        except BaseException as exc:  # noqa: BLE001 - surfaced in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(pk,)) for pk in line_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(outcomes) == ["journal_line_matched", "matched"]
    with in_schema(world.alpha_schema):
        assert BankMatch.objects.filter(journal_line_id=target).count() == 1


def test_create_entry_posts_the_bank_charge_and_matches_it(books):
    s = statement(books, ["13/06/2026,Bank charges,,118.00,,-118.00"], opening_balance=D(0))
    line = s.lines.get()
    ledger = expense_ledger()
    entry = services.line_entry_create(user=books.user, line=line, ledger=ledger)
    assert entry.status == "posted"
    assert [(j.account_id, j.debit, j.credit) for j in entry.lines.order_by("line_no")] == [
        (ledger.pk, D("118.00"), D("0")),
        (books.bank.pk, D("0"), D("118.00")),
    ]
    assert BankMatch.objects.get().journal_line.entry_id == entry.pk
    # the entry's source link opens the statement
    from tenant_apps.finance.registry import source_url

    assert source_url(entry.source_type, entry.source_id) == f"/finance/banking/{s.pk}"


def test_create_entry_books_a_charge_to_its_cost_centre_and_refuses_one_on_a_balance(books):
    from tenant_apps.finance.services import cost_centre_create

    # given a job and a statement with two charges
    shops = cost_centre_create(user=books.user, code="SHOPS", name="Shops", is_group=True)
    job = cost_centre_create(user=books.user, code="J-7", name="Job 7", parent_id=shops.pk)
    s = statement(
        books,
        ["13/06/2026,LC charges,,590.00,,-590.00", "14/06/2026,Charges,,10.00,,-600.00"],
        opening_balance=D(0),
    )
    first, second = s.lines.order_by("line_no")
    # when the first is booked to the job's expense ledger
    entry = services.line_entry_create(
        user=books.user, line=first, ledger=expense_ledger(), cost_centre=job
    )
    # then the expense line carries it, the bank's does not
    assert [(j.debit, j.cost_centre_id) for j in entry.lines.order_by("line_no")] == [
        (D("590.00"), job.pk),
        (D("0"), None),
    ]
    # a group, or a balance-sheet ledger, takes none: nothing is written
    entries = JournalEntry.objects.count()
    for ledger, centre in ((expense_ledger(), shops), (books.cash, job)):
        with pytest.raises(ApplicationError) as caught:
            services.line_entry_create(
                user=books.user, line=second, ledger=ledger, cost_centre=centre
            )
        assert list(caught.value.fields) == ["cost_centre"]
    assert JournalEntry.objects.count() == entries
    assert not BankMatch.objects.filter(statement_line=second).exists()


def test_create_entry_refused_writes_no_entry(books):
    s = statement(books, ["13/06/2026,Bank charges,,118.00,,-118.00"], opening_balance=D(0))
    line = s.lines.get()
    services.line_entry_create(user=books.user, line=line, ledger=expense_ledger())
    entries = JournalEntry.objects.count()
    with pytest.raises(ApplicationError) as caught:
        services.line_entry_create(user=books.user, line=line, ledger=expense_ledger())
    assert caught.value.code == "already_matched"
    assert JournalEntry.objects.count() == entries


# --- the reconciliation statement ---------------------------------------------------------


def test_the_reconciliation_statement_worked_example(api_client, users, books):
    # given the books: receipt 10,000 (10th), cheque paid 4,000 (12th, not yet presented),
    # receipt 2,500 (14th, not yet credited)
    receipt(books, "10000", 10, reference="UTR111")
    cheque = payment(books, "4000", 12, reference="222")
    late = receipt(books, "2500", 14)
    # and the bank: 10,000 in, 118 charges, 50 interest; opening 0, closing 9,932
    s = statement(
        books,
        [
            "12/06/2026,NEFT UTR111,,,10000.00,10000.00",
            "13/06/2026,Bank charges,,118.00,,9882.00",
            "14/06/2026,Interest,,,50.00,9932.00",
        ],
    )
    one, two, _three = s.lines.order_by("line_no")
    # when the receipt is auto-matched, the charge posted and matched; interest left open
    assert services.statement_auto_match(user=books.user, statement=s) == 1
    assert BankMatch.objects.get().statement_line_id == one.pk
    services.line_entry_create(user=books.user, line=two, ledger=expense_ledger())
    response = _client(api_client, users).get(
        f"{API}/reconciliation/", {"account": books.bank.pk, "date": "2026-06-15"}
    )
    # then books 10,000 - 4,000 + 2,500 - 118 = 8,382; + 4,000 - 2,500 + 50 = 9,932 = the bank
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["balance_books"] == "8382.0000"
    assert [j["id"] for j in body["uncleared_payments"]] == [
        bank_line_of(cheque.journal_entry, books).pk
    ]
    assert body["uncleared_payments_total"] == "4000.0000"
    assert [j["id"] for j in body["uncleared_receipts"]] == [
        bank_line_of(late.journal_entry, books).pk
    ]
    assert body["uncleared_receipts_total"] == "2500.0000"
    assert [line["description"] for line in body["bank_only"]] == ["Interest"]
    assert body["balance_bank_computed"] == "9932.0000"
    assert body["balance_bank_statement"] == "9932.0000"
    assert body["difference"] == "0.0000"
    # on the 12th: the bank had 10,000; the books 6,000 with the cheque uncleared
    report = selectors.reconciliation(books.bank, d(12))
    assert report.balance_books == D("6000")
    assert report.balance_bank_computed == D("10000") == report.balance_bank_statement
    assert JournalLine.objects.filter(account=books.bank).count() == 4


def test_the_statement_detail_runs_a_fixed_number_of_queries(
    api_client, users, books, django_assert_max_num_queries
):
    for day in (10, 11, 12):
        receipt(books, "100", day)
    s = statement(
        books,
        [f"{day}/06/2026,R,,,100.00,{100 * (i + 1)}.00" for i, day in enumerate((10, 11, 12))],
    )
    client = _client(api_client, users)
    with django_assert_max_num_queries(20):
        response = client.get(f"{API}/statements/{s.pk}/")
    assert response.status_code == 200
    assert len(response.json()["lines"]) == 3
