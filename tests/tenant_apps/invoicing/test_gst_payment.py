"""A month's GST set off against input credit and paid (ADR 0073): the law's order of set-off
in worked examples, the entry that clears the month, months in order, an earlier month paid
late, cancelling the latest first, the refusals, and the four-actor matrix."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.invoicing.gst_payment import set_off
from tests.conftest import in_schema
from tests.permission_matrix import assert_permission_matrix
from tests.tenant_apps.invoicing.conftest import _books, at_once, entry_of, line, make_raiser

API = "/api/v1/invoicing"
JUNE, JULY = dt.date(2026, 6, 1), dt.date(2026, 7, 1)


def heads(igst: str = "0", cgst: str = "0", sgst: str = "0", cess: str = "0") -> dict[str, D]:
    return {"igst": D(igst), "cgst": D(cgst), "sgst": D(sgst), "cess": D(cess)}


def test_igst_credit_goes_first_to_igst_then_where_cgst_or_sgst_credit_falls_short():
    """Tax IGST 1,000, CGST 500, SGST 500; credit IGST 1,200, CGST 100. IGST credit pays IGST
    (1,000), its 200 left goes to CGST; CGST credit 100 pays CGST; cash: CGST 200, SGST 500."""
    r = set_off(
        liability=heads("1000", "500", "500"),
        credit=heads("1200", "100"),
        reverse_charge=heads(),
    )

    assert r.used["igst"] == heads("1000", "200")
    assert r.used["cgst"] == heads(cgst="100")
    assert (r.cash, r.carried) == (heads(cgst="200", sgst="500"), heads())


def test_no_credit_is_stranded_by_spending_igst_credit_on_the_wrong_head():
    """Tax CGST 300, SGST 300; credit IGST 300, CGST 300. Spent on CGST first, the IGST credit
    would leave the CGST credit stranded (it never pays SGST) and SGST 300 to pay in cash; it
    goes to SGST instead, and nothing is paid in cash."""
    r = set_off(
        liability=heads(cgst="300", sgst="300"), credit=heads("300", "300"), reverse_charge=heads()
    )

    assert r.used["igst"] == heads(sgst="300")
    assert r.used["cgst"] == heads(cgst="300")
    assert (r.cash, r.carried) == (heads(), heads())


def test_cgst_and_sgst_credit_pay_igst_but_never_each_other_and_cess_pays_cess_alone():
    r = set_off(
        liability=heads("500", sgst="100", cess="40"),
        credit=heads(cgst="300", sgst="100", cess="10"),
        reverse_charge=heads("50"),
    )

    assert r.used["cgst"] == heads("300")  # to IGST: it has no CGST to pay
    assert r.used["sgst"] == heads(sgst="100")  # its own head first
    assert r.cash == heads("200", cess="30")
    assert r.carried == heads()
    assert r.cash_total == D("280")  # and the reverse-charge IGST, in cash
    # a month of more credit notes than invoices owes nothing, and negative credit is none
    nothing = set_off(liability=heads(cgst="-50"), credit=heads("-5"), reverse_charge=heads())
    assert (nothing.cash, nothing.carried) == (heads(), heads())


def _june(books: Any) -> None:
    """An invoice within the state (CGST/SGST 90 each), a bill from Gujarat (IGST credit 90),
    freight from Gujarat under reverse charge (IGST 50 owed, and credit)."""
    make = make_raiser(books)
    make("invoice", books.mh, [line(books.rate("GST18"), price="1000")])
    make("bill", books.vendor, [line(books.rate("GST18"), price="500")])
    make(
        "bill",
        books.vendor,
        [line(books.rate("GST5"), price="1000", hsn="996791")],
        reverse_charge=True,
    )


def test_paying_june_clears_its_tax_ledgers_and_pays_the_rest_and_the_reverse_charge(books):
    from tenant_apps.finance.selectors import role_balance
    from tenant_apps.invoicing.gst_payment import gst_payment_preview
    from tenant_apps.invoicing.services.gst_payment import gst_payment_create

    _june(books)
    preview = gst_payment_preview(JUNE)
    assert (preview.liability, preview.credit, preview.reverse_charge) == (
        heads(cgst="90", sgst="90"),
        heads("140"),
        heads("50"),
    )
    # IGST credit 140: CGST 90, then 50 of SGST; SGST 40 and the reverse-charge 50 in cash
    assert preview.used["igst"] == heads(cgst="90", sgst="50")
    assert (preview.cash, preview.cash_total) == (heads(sgst="40"), D("90"))

    payment = gst_payment_create(
        user=books.user,
        data={
            "month": JUNE,
            "date": dt.date(2026, 7, 20),
            "account": books.bank,
            "reference": "CPIN1",
        },
    )

    assert (payment.cash_total, payment.journal_entry.number[:6]) == (D("90"), "GSTPAY")
    assert entry_of(payment) == [
        ("2121", D("90.00"), D("0")),  # output CGST settled
        ("2122", D("90.00"), D("0")),  # output SGST settled
        ("1153", D("0"), D("140.00")),  # input IGST set off
        ("2128", D("50.00"), D("0")),  # IGST on reverse charge paid
        (books.bank.code, D("0"), D("90.00")),  # the challan
    ]
    after = dt.date(2026, 7, 20)
    roles = ("tax_output_cgst", "tax_output_sgst", "tax_input_igst", "tax_rcm_igst")
    assert [role_balance(role, as_of=after) for role in roles] == [0, 0, 0, 0]


def test_months_are_settled_in_order_once_after_their_end_and_an_earlier_one_paid_late_counts(
    books,
):
    from tenant_apps.invoicing.gst_payment import gst_payment_preview
    from tenant_apps.invoicing.models import GstPayment
    from tenant_apps.invoicing.services.gst_payment import gst_payment_cancel, gst_payment_create

    _june(books)
    make_raiser(books)(
        "invoice", books.mh, [line(books.rate("GST18"), price="100")], day=dt.date(2026, 7, 10)
    )

    def pay(month: dt.date, day: dt.date) -> Any:
        return gst_payment_create(
            user=books.user, data={"month": month, "date": day, "account": books.bank}
        )

    with pytest.raises(ApplicationError) as early:
        pay(JUNE, dt.date(2026, 6, 30))
    assert early.value.fields == {"date": ["Within the month."]}
    with pytest.raises(ApplicationError) as empty:
        pay(dt.date(2026, 5, 1), dt.date(2026, 6, 5))
    assert empty.value.fields == {"month": ["Nothing to pay."]}
    june = pay(JUNE, dt.date(2026, 8, 5))  # paid late: after July's end
    # July's balances at its end still hold June's tax; June's payment is taken out of them
    assert gst_payment_preview(JULY).liability == heads(cgst="9", sgst="9")
    with pytest.raises(ApplicationError) as twice:
        pay(JUNE, dt.date(2026, 8, 6))
    assert twice.value.code == "already_settled"
    july = pay(JULY, dt.date(2026, 8, 10))
    assert july.cash_total == D("18")
    with pytest.raises(ApplicationError) as earlier:
        pay(dt.date(2026, 5, 1), dt.date(2026, 8, 10))
    assert "months are settled in order" in earlier.value.detail
    # the latest month is cancelled first
    with pytest.raises(ApplicationError) as order:
        gst_payment_cancel(user=books.user, payment=june, date=dt.date(2026, 8, 11))
    assert order.value.code == "later_settled"
    gst_payment_cancel(user=books.user, payment=july, date=dt.date(2026, 8, 11))
    assert gst_payment_preview(JULY).liability == heads(cgst="9", sgst="9")
    # the database holds one posted payment per month, whoever writes
    with pytest.raises(IntegrityError), transaction.atomic():
        GstPayment.objects.create(
            month=JUNE,
            date=dt.date(2026, 8, 12),
            account=books.bank,
            figures=june.figures,
            journal_entry=june.journal_entry,
        )


def test_the_preview_and_the_payment_over_http(api_client, users, tenant_alpha, books):
    _june(books)
    bank = books.bank.pk
    client = api_client("alpha", users["owner_alpha"])

    preview = client.get(f"{API}/gst-payments/preview/", {"month": "2026-06"}).json()
    assert (preview["month_end"], preview["cash_total"], preview["settled"]) == (
        "2026-06-30",
        "90.0000",
        None,
    )
    assert preview["used"]["igst"]["sgst"] == "50.0000"
    assert preview["paid_from"][0]["id"] == bank
    bad = client.post(
        f"{API}/gst-payments/",
        {"month": "2026-06", "date": "2026-06-30", "account": bank},
        format="json",
    )
    assert (bad.status_code, bad.json()["fields"]) == (400, {"date": ["Within the month."]})
    made = client.post(
        f"{API}/gst-payments/",
        {"month": "2026-06", "date": "2026-07-18", "account": bank, "reference": "CIN-77"},
        format="json",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["status"], body["cash_total"], body["set_off"]["cash"]["sgst"]) == (
        "posted",
        "90.0000",
        "40.0000",
    )
    again = client.get(f"{API}/gst-payments/preview/", {"month": "2026-06"}).json()
    assert again["settled"] == body["id"]
    cancelled = client.post(
        f"{API}/gst-payments/{body['id']}/cancel/", {"date": "2026-07-19"}, format="json"
    )
    assert cancelled.json()["status"] == "cancelled"
    for month in ("June", "9999-12", "2017-06"):
        bad_month = client.get(f"{API}/gst-payments/preview/", {"month": month})
        assert bad_month.status_code == 400, (month, bad_month.content)
        assert list(bad_month.json()["fields"]) == ["month"]


@pytest.fixture
def gst(tenant_alpha, users) -> dict[str, Any]:
    from tenant_apps.invoicing.services.gst_payment import gst_payment_create

    with in_schema(tenant_alpha.schema_name):
        books = _books(users["owner_alpha"])
        _june(books)
        make_raiser(books)(
            "invoice", books.mh, [line(books.rate("GST18"), price="100")], day=dt.date(2026, 7, 3)
        )
        june = gst_payment_create(
            user=books.user,
            data={"month": JUNE, "date": dt.date(2026, 7, 20), "account": books.bank},
        )
        return {"june": june.pk, "bank": books.bank.pk}


def _state(tenant: Any) -> Any:
    from tenant_apps.finance.models import JournalEntry
    from tenant_apps.invoicing.models import GstPayment

    with in_schema(tenant.schema_name):
        return (
            list(GstPayment.objects.order_by("pk").values_list("pk", "status")),
            JournalEntry.objects.count(),
        )


@pytest.mark.parametrize(
    ("method", "path", "permission", "body", "expected"),
    [
        ("get", "/gst-payments/", "invoicing.gst_payment.view", None, 200),
        ("get", "/gst-payments/preview/?month=2026-07", "invoicing.gst_payment.view", None, 200),
        ("get", "/gst-payments/{june}/", "invoicing.gst_payment.view", None, 200),
        ("post", "/gst-payments/", "invoicing.gst_payment.create", "JULY", 201),
        (
            "post",
            "/gst-payments/{june}/cancel/",
            "invoicing.gst_payment.delete",
            {"date": "2026-07-21"},
            200,
        ),
    ],
    ids=lambda v: str(v)[:40],
)
def test_every_gst_payment_endpoint_is_in_the_permission_matrix(
    tenant_alpha, gst, method, path, permission, body, expected
):
    if body == "JULY":
        body = {"month": "2026-07", "date": "2026-08-10", "account": gst["bank"]}
    assert_permission_matrix(
        method=method,
        path=API + path.format(**gst),
        tenant=tenant_alpha,
        permission=permission,
        body=body,
        expect_ok=expected,
        snapshot=lambda: _state(tenant_alpha),
    )


def test_four_threads_paying_the_same_month_at_once_pay_it_once(world, committed_books):
    """Real commits: four clerks press "Post" on June at the same moment. One payment and one
    entry are written; the others are told June is settled already."""
    from tenant_apps.finance.models import JournalEntry
    from tenant_apps.invoicing.models import GstPayment
    from tenant_apps.invoicing.services.gst_payment import gst_payment_create

    books = committed_books
    with in_schema(world.alpha_schema):
        _june(books)

    def pay() -> None:
        gst_payment_create(
            user=books.user,
            data={"month": JUNE, "date": dt.date(2026, 7, 20), "account": books.bank},
        )

    assert at_once(world.alpha_schema, 4, pay) == ["already_settled"] * 3 + ["ok"]
    with in_schema(world.alpha_schema):
        assert GstPayment.objects.count() == 1
        assert JournalEntry.objects.filter(series="GSTPAY").count() == 1


def test_paid_after_the_20th_it_owes_interest_at_18_percent_a_year_by_the_day():
    from tenant_apps.invoicing.gst_payment import due_date, late_interest

    assert due_date(JUNE) == dt.date(2026, 7, 20)
    # ₹10,000 in cash, ten days late: 10,000 x 18% x 10 / 365 = 49.32, to the rupee 49
    assert late_interest(cash=D("10000"), month=JUNE, paid_on=dt.date(2026, 7, 30)) == (10, D("49"))
    assert late_interest(cash=D("10000"), month=JUNE, paid_on=dt.date(2026, 7, 20)) == (0, D("0"))


def test_the_interest_paid_with_it_goes_to_its_expense_ledger_and_out_of_the_bank(
    api_client, users, tenant_alpha, books
):
    from tenant_apps.finance.models import Account

    _june(books)
    bank, interest_ledger = books.bank.pk, Account.objects.get(code="5240").pk
    client = api_client("alpha", users["owner_alpha"])
    preview = client.get(
        f"{API}/gst-payments/preview/", {"month": "2026-06", "date": "2026-08-19"}
    ).json()
    # ₹90 in cash, 30 days late: 90 x 18% x 30 / 365 = 1.33, to the rupee 1
    assert (preview["due_date"], preview["days_late"], preview["interest"]) == (
        "2026-07-20",
        30,
        "1.0000",
    )
    body = {"month": "2026-06", "date": "2026-08-19", "account": bank, "interest": "1.00"}
    refused = client.post(f"{API}/gst-payments/", body, format="json")
    assert refused.json()["fields"] == {
        "interest_account": ["Choose the expense ledger it is posted to."]
    }
    made = client.post(
        f"{API}/gst-payments/", {**body, "interest_account": interest_ledger}, format="json"
    )
    assert made.status_code == 201, made.content
    from tenant_apps.invoicing.models import GstPayment

    with in_schema(tenant_alpha.schema_name):
        lines = entry_of(GstPayment.objects.get())
    assert lines[-2:] == [("5240", D("1.00"), D("0")), (books.bank.code, D("0"), D("91.00"))]


def test_a_return_filed_late_owes_25_plus_25_rupees_a_day_capped_by_last_years_turnover():
    from tenant_apps.invoicing.gst_payment import late_fee

    crore = D("10000000")
    assert late_fee(days=0, turnover=crore) == D("0")
    assert late_fee(days=8, turnover=crore) == D("400")  # CGST 200 + SGST 200
    # up to ₹1.5 crore: ₹1,000 each at most; up to ₹5 crore ₹2,500; above, ₹5,000
    assert late_fee(days=100, turnover=D("1.5") * crore) == D("2000")
    assert late_fee(days=100, turnover=D("1.5") * crore + 1) == D("5000")
    assert late_fee(days=150, turnover=5 * crore) == D("5000")
    assert late_fee(days=300, turnover=5 * crore + 1) == D("10000")


def test_last_years_turnover_is_its_sales_less_credit_notes_without_balances_brought_forward(
    books,
):
    from tenant_apps.finance.services import fiscal_year_ensure
    from tenant_apps.invoicing.gst_payment import turnover_before

    fiscal_year_ensure(on=dt.date(2025, 6, 1))
    make = make_raiser(books)
    rate = books.rate("GST18")
    make("invoice", books.mh, [line(rate, price="100000")], day=dt.date(2025, 4, 1))
    make("invoice", books.mh, [line(rate, price="50000")], day=dt.date(2026, 3, 31))
    make("credit_note", books.mh, [line(rate, price="20000")], day=dt.date(2025, 9, 1))
    make(
        "invoice",
        books.mh,
        [line(books.rate("GST0"), price="70000")],
        day=dt.date(2025, 4, 1),
        is_opening=True,
    )
    make("invoice", books.mh, [line(rate, price="999")], day=dt.date(2026, 4, 1))  # this year

    # the return months of 2026-27 look at 2025-26; those of 2025-26 at 2024-25
    assert turnover_before(JUNE) == turnover_before(dt.date(2027, 3, 1)) == D("130000")
    assert turnover_before(dt.date(2026, 3, 1)) == D("0")


def test_the_late_fee_paid_with_it_goes_to_its_expense_ledger_and_out_of_the_bank(
    api_client, users, tenant_alpha, books
):
    from tenant_apps.finance.models import Account
    from tenant_apps.invoicing.models import GstPayment

    _june(books)
    bank, fee_ledger = books.bank.pk, Account.objects.get(code="5230").pk
    client = api_client("alpha", users["owner_alpha"])
    # filed and paid on 27 July, seven days late: ₹25 + ₹25 a day (no turnover last year)
    preview = client.get(
        f"{API}/gst-payments/preview/", {"month": "2026-06", "date": "2026-07-27"}
    ).json()
    assert (preview["days_late"], preview["late_fee"], preview["turnover"]) == (
        7,
        "350.0000",
        "0.0000",
    )
    body = {"month": "2026-06", "date": "2026-07-27", "account": bank, "late_fee": "350"}
    refused = client.post(f"{API}/gst-payments/", body, format="json")
    assert refused.json()["fields"] == {
        "late_fee_account": ["Choose the expense ledger it is posted to."]
    }
    made = client.post(
        f"{API}/gst-payments/", {**body, "late_fee_account": fee_ledger}, format="json"
    )
    assert made.status_code == 201, made.content
    assert (made.json()["late_fee"], made.json()["late_fee_account"]["code"]) == (
        "350.0000",
        "5230",
    )
    with in_schema(tenant_alpha.schema_name):
        lines = entry_of(GstPayment.objects.get())
    assert lines[-2:] == [("5230", D("350.00"), D("0")), (books.bank.code, D("0"), D("440.00"))]
    # the database will not hold a late fee without its ledger, whoever writes
    with in_schema(tenant_alpha.schema_name), pytest.raises(IntegrityError), transaction.atomic():
        GstPayment.objects.filter(pk=made.json()["id"]).update(late_fee_account=None)
