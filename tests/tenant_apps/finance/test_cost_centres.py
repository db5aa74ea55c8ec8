"""Cost centres (ADR 0069): the tree and its API, journal lines that carry one (through the
posting function, drafts, reversals), the P&L of a cost centre and profit by cost centre."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from tenant_apps.finance.exceptions import LedgerValidationError
from tenant_apps.finance.models import Account, CostCentre, JournalLine
from tenant_apps.finance.selectors import account_by_role, cost_centre_summary, profit_and_loss
from tenant_apps.finance.services import (
    DraftLine,
    LineSpec,
    cost_centre_create,
    journal_entry_create,
    journal_entry_post_lines,
    journal_entry_reverse,
)
from tests.conftest import in_schema
from tests.tenant_apps.finance.conftest import FY_DAY

BASE = "/api/v1/finance"
START, END = dt.date(2026, 4, 1), dt.date(2026, 6, 30)


@pytest.fixture
def centres(alpha: str) -> dict[str, CostCentre]:
    """Projects (a group) holding two hotel kitchens; a workshop outside it."""
    projects = cost_centre_create(user=None, code="PROJ", name="Projects", is_group=True)
    return {
        "projects": projects,
        "taj": cost_centre_create(user=None, code="P-TAJ", name="Taj", parent_id=projects.pk),
        "oberoi": cost_centre_create(user=None, code="P-OBR", name="Oberoi", parent_id=projects.pk),
        "shop": cost_centre_create(user=None, code="WS", name="Workshop"),
    }


def _ledger(code: str) -> Account:
    return Account.objects.get(code=code)


def _post(
    debit: Account,
    credit: Account,
    amount: str,
    *,
    centre: CostCentre | None = None,
    day: dt.date = FY_DAY,
) -> Any:
    """A two-line entry; the income or expense side carries `centre`."""
    pnl = ("income", "expense")
    return journal_entry_post_lines(
        date=day,
        narration="test",
        lines=[
            LineSpec(
                account=debit,
                debit=D(amount),
                cost_centre=centre if debit.type in pnl else None,
            ),
            LineSpec(
                account=credit,
                credit=D(amount),
                cost_centre=centre if credit.type in pnl else None,
            ),
        ],
        user=None,
    )


def test_a_posted_line_carries_its_cost_centre_and_the_reversal_copies_it(alpha, centres):
    cash, sales = account_by_role("cash"), account_by_role("sales")
    entry = _post(cash, sales, "500", centre=centres["taj"])

    lines = list(JournalLine.objects.filter(entry=entry).order_by("line_no"))
    assert [line.cost_centre_id for line in lines] == [None, centres["taj"].pk]

    with transaction.atomic():
        reversal = journal_entry_reverse(entry=entry, date=FY_DAY, user=None)
    lines = list(JournalLine.objects.filter(entry=reversal).order_by("line_no"))
    assert [(line.cost_centre_id, line.debit) for line in lines] == [
        (None, D("0")),
        (centres["taj"].pk, D("500")),
    ]


@pytest.mark.parametrize("which", ["projects", "inactive"])
def test_a_group_or_inactive_cost_centre_takes_no_postings(alpha, centres, which):
    centre = centres["projects"]
    if which == "inactive":
        centre = centres["shop"]
        CostCentre.objects.filter(pk=centre.pk).update(is_active=False)
        centre.refresh_from_db()
    before = JournalLine.objects.count()

    with pytest.raises(LedgerValidationError) as refused:
        _post(account_by_role("cash"), account_by_role("sales"), "10", centre=centre)

    assert refused.value.code == "invalid_line"
    assert list(refused.value.fields) == ["lines.1.cost_centre"]
    assert JournalLine.objects.count() == before


def test_the_database_refuses_a_line_naming_no_cost_centre(alpha):
    """The posting function called straight from SQL with a cost centre that does not exist:
    the foreign key refuses it (checked here at once instead of at COMMIT)."""
    cash, sales = account_by_role("cash"), account_by_role("sales")
    lines = (
        f'[{{"account": {cash.pk}, "debit": "5", "credit": "0", "amount_currency": "5"}},'
        f' {{"account": {sales.pk}, "debit": "0", "credit": "5", "amount_currency": "-5",'
        ' "cost_centre": 987654}]'
    )
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT * FROM finance_entry_post(current_setting('search_path'), %s, 'raw', 'JV',"
            " 'INR', 1, '', NULL, NULL, %s::jsonb)",
            [FY_DAY, lines],
        )
    assert not JournalLine.objects.filter(cost_centre_id=987654).exists()


def test_a_cost_centres_profit_and_loss_holds_its_lines_and_those_under_it(alpha, centres):
    cash, sales = account_by_role("cash"), account_by_role("sales")
    freight, rent = _ledger("5130"), _ledger("5220")
    _post(cash, sales, "1000", centre=centres["taj"])
    _post(freight, cash, "150", centre=centres["taj"])
    _post(cash, sales, "700", centre=centres["oberoi"])
    _post(rent, cash, "300", centre=centres["shop"])
    _post(cash, sales, "90")  # no cost centre
    # a draft with a cost centre does not count
    journal_entry_create(
        user=None,
        date=FY_DAY,
        lines=[
            DraftLine(account_id=cash.pk, debit=D("9999")),
            DraftLine(account_id=sales.pk, credit=D("9999"), cost_centre_id=centres["taj"].pk),
        ],
    )

    def figures(centre: CostCentre | None) -> dict[str, D]:
        report = profit_and_loss(
            from_date=START, to_date=END, cost_centre=centre.pk if centre else None
        )
        return report.totals["current"]

    assert figures(centres["taj"]) == {
        "income": D("1000"),
        "expense": D("150"),
        "net_profit": D("850"),
    }
    assert figures(centres["projects"]) == {
        "income": D("1700"),
        "expense": D("150"),
        "net_profit": D("1550"),
    }
    assert figures(centres["shop"])["expense"] == D("300")
    assert figures(None) == {"income": D("1790"), "expense": D("450"), "net_profit": D("1340")}
    rows = profit_and_loss(from_date=START, to_date=END, cost_centre=centres["taj"].pk).rows
    ledgers = {row.code: row.values["current"] for row in rows if not row.is_group}
    assert ledgers == {"4110": D("1000"), "5130": D("150")}


def test_profit_by_cost_centre_sums_groups_and_leaves_the_rest_not_allocated(alpha, centres):
    cash, sales = account_by_role("cash"), account_by_role("sales")
    freight = _ledger("5130")
    _post(cash, sales, "1000", centre=centres["taj"])
    _post(freight, cash, "150", centre=centres["taj"])
    _post(cash, sales, "700", centre=centres["oberoi"])
    _post(cash, sales, "90")
    _post(freight, cash, "40")
    _post(cash, sales, "5", centre=centres["taj"], day=dt.date(2026, 7, 2))  # after the range
    CostCentre.objects.filter(pk=centres["shop"].pk).update(is_active=False)  # idle: left out

    with CaptureQueriesContext(connection) as queries:
        report = cost_centre_summary(from_date=START, to_date=END)

    # 6 statements, each after its search_path SET: accounts, the centres' lines, the centres,
    # periods, the totals, closing entries; none depends on how many centres or lines there are
    assert len(queries) == 12
    rows = [(r.code, r.depth, r.income, r.expense, r.profit) for r in report.rows]
    assert rows == [
        ("PROJ", 0, D("1700"), D("150"), D("1550")),
        ("P-OBR", 1, D("700"), D("0"), D("700")),
        ("P-TAJ", 1, D("1000"), D("150"), D("850")),
    ]
    unallocated = report.unallocated
    assert (unallocated.income, unallocated.expense, unallocated.profit) == (
        D("90"),
        D("40"),
        D("50"),
    )
    whole = profit_and_loss(from_date=START, to_date=END).totals["current"]
    assert report.totals == {
        "income": whole["income"],
        "expense": whole["expense"],
        "profit": whole["net_profit"],
    }


def test_the_api_keeps_the_tree_and_refuses_what_would_break_it(
    api_client, users, alpha, tenant_alpha
):
    client = api_client("alpha", users["owner_alpha"])
    group = client.post(
        f"{BASE}/cost-centres/", {"code": "PROJ", "name": "Projects", "is_group": True}
    ).json()
    leaf = client.post(
        f"{BASE}/cost-centres/", {"code": "P-TAJ", "name": "Taj", "parent": group["id"]}
    )
    assert leaf.status_code == 201
    leaf = leaf.json()
    assert (leaf["parent"], leaf["is_group"], leaf["in_use"]) == (group["id"], False, False)

    def refused(response: Any) -> dict[str, Any]:
        assert response.status_code == 400, response.content
        return response.json()  # type: ignore[no-any-return]

    # under a leaf; a taken code; a group moved under its own child
    body = refused(
        client.post(f"{BASE}/cost-centres/", {"code": "X", "name": "X", "parent": leaf["id"]})
    )
    assert body["fields"] == {"parent": ["The parent must be a group."]}
    body = refused(client.post(f"{BASE}/cost-centres/", {"code": "P-TAJ", "name": "Again"}))
    assert body["fields"] == {"code": ["Code is taken."]}
    sub = client.post(
        f"{BASE}/cost-centres/",
        {"code": "SUB", "name": "Sub", "parent": group["id"], "is_group": True},
    ).json()
    body = refused(client.patch(f"{BASE}/cost-centres/{group['id']}/", {"parent": sub["id"]}))
    assert body["fields"] == {"parent": ["A cost centre cannot move under itself."]}

    # a journal line names the leaf: it stays a leaf and is not deleted
    cash, sales = account_by_role("cash"), account_by_role("sales")
    entry = client.post(
        f"{BASE}/journal-entries/",
        {
            "date": FY_DAY.isoformat(),
            "lines": [
                {"account": cash.pk, "debit": "40"},
                {"account": sales.pk, "credit": "40", "cost_centre": leaf["id"]},
            ],
        },
        format="json",
    )
    assert entry.status_code == 201
    assert [line["cost_centre_code"] for line in entry.json()["lines"]] == [None, "P-TAJ"]
    assert client.post(f"{BASE}/journal-entries/{entry.json()['id']}/post/").status_code == 200
    assert client.get(f"{BASE}/cost-centres/{leaf['id']}/").json()["in_use"] is True
    body = refused(client.delete(f"{BASE}/cost-centres/{leaf['id']}/"))
    assert body["code"] == "cost_centre_in_use"
    body = refused(client.patch(f"{BASE}/cost-centres/{leaf['id']}/", {"is_group": True}))
    assert body["code"] == "cost_centre_in_use"
    body = refused(client.delete(f"{BASE}/cost-centres/{group['id']}/"))
    assert body["code"] == "cost_centre_in_use"
    assert CostCentre.objects.count() == 3

    # a journal line on the group is refused in the error shape, nothing written
    lines_before = JournalLine.objects.count()
    body = refused(
        client.post(
            f"{BASE}/journal-entries/",
            {
                "date": FY_DAY.isoformat(),
                "lines": [
                    {"account": cash.pk, "debit": "40"},
                    {"account": sales.pk, "credit": "40", "cost_centre": group["id"]},
                ],
            },
            format="json",
        )
    )
    assert body["fields"] == {"lines.1.cost_centre": ["Cost centre PROJ is a group."]}
    body = refused(
        client.post(
            f"{BASE}/journal-entries/",
            {
                "date": FY_DAY.isoformat(),
                "lines": [
                    {"account": cash.pk, "debit": "40", "cost_centre": 424242},
                    {"account": sales.pk, "credit": "40"},
                ],
            },
            format="json",
        )
    )
    assert body["fields"] == {"lines.0.cost_centre": ["Unknown cost centre."]}
    assert JournalLine.objects.count() == lines_before

    # the reports: the P&L of the leaf and profit by cost centre, and their files
    pnl = client.get(
        f"{BASE}/reports/profit-and-loss/?from_date=2026-04-01&to_date=2026-06-30"
        f"&cost_centre={group['id']}"
    ).json()
    assert pnl["cost_centre"]["code"] == "PROJ"
    assert pnl["totals"]["current"]["income"] == "40.0000"
    assert refused(
        client.get(
            f"{BASE}/reports/profit-and-loss/?from_date=2026-04-01&to_date=2026-06-30"
            "&cost_centre=999999"
        )
    )["fields"] == {"cost_centre": ["Unknown cost centre."]}
    summary = client.get(f"{BASE}/reports/cost-centres/?from_date=2026-04-01&to_date=2026-06-30")
    assert [(r["code"], r["profit"]) for r in summary.json()["rows"]] == [
        ("PROJ", "40.0000"),
        ("P-TAJ", "40.0000"),
        ("SUB", "0.0000"),
    ]
    for query in ("xlsx", "pdf"):
        file = client.get(
            f"{BASE}/reports/cost-centres/export/?from_date=2026-04-01&to_date=2026-06-30"
            f"&format={query}"
        )
        assert file.status_code == 200
        assert file.content[:4] in (b"%PDF", b"PK\x03\x04")
    assert refused(
        client.get(f"{BASE}/reports/cost-centres/?from_date=2026-07-01&to_date=2026-06-30")
    )["fields"] == {"from_date": ["After to_date."]}


def test_an_accounts_ledger_for_one_cost_centre_runs_its_own_balance(
    api_client, users, alpha, tenant_alpha, centres
):
    """The P&L of a job drills down to the ledger of that job: its lines only, its opening
    and closing from its own lines, across pages."""
    cash, freight = account_by_role("cash"), _ledger("5130")
    _post(freight, cash, "100", centre=centres["taj"], day=dt.date(2026, 5, 20))  # opening
    _post(freight, cash, "999", day=dt.date(2026, 5, 21))  # another job's freight: not shown
    for amount, centre in (("10", "taj"), ("20", "oberoi"), ("30", "taj"), ("40", "shop")):
        _post(freight, cash, amount, centre=centres[centre])
    client = api_client("alpha", users["owner_alpha"])
    url = (
        f"{BASE}/reports/general-ledger/?account={freight.pk}&from_date=2026-06-01"
        f"&to_date=2026-06-30&cost_centre={centres['projects'].pk}&limit=2"
    )

    first = client.get(url).json()
    assert first["cost_centre"]["code"] == "PROJ"
    assert (first["opening"], first["closing"]) == ("100.0000", "160.0000")
    assert [(x["debit"], x["balance"]) for x in first["lines"]] == [
        ("10.0000", "110.0000"),
        ("20.0000", "130.0000"),
    ]
    rest = client.get(f"{url}&cursor={first['next_cursor']}").json()
    assert [(x["debit"], x["balance"]) for x in rest["lines"]] == [("30.0000", "160.0000")]
    assert rest["next_cursor"] is None
    whole = client.get(url.replace(f"&cost_centre={centres['projects'].pk}", "")).json()
    assert (whole["opening"], whole["closing"]) == ("1099.0000", "1199.0000")
    file = client.get(f"{url.replace('general-ledger/', 'general-ledger/export/')}&format=pdf")
    assert file.content[:4] == b"%PDF"


# Budgets (ADR 0070) ---------------------------------------------------------------------------
def test_a_budget_is_read_beside_the_actuals_of_its_cost_centre(alpha, centres):
    from tenant_apps.finance.models import FiscalYear
    from tenant_apps.finance.selectors import budget_vs_actual
    from tenant_apps.finance.services import BudgetLine, budget_set

    cash, sales = account_by_role("cash"), account_by_role("sales")
    freight, rent = _ledger("5130"), _ledger("5220")
    year = FiscalYear.objects.get(start_date=START)
    budget_set(
        user=None,
        cost_centre_id=centres["projects"].pk,
        fiscal_year_id=year.pk,
        lines=[
            BudgetLine(account_id=sales.pk, amount=D("100000")),
            BudgetLine(account_id=_ledger("51").pk, amount=D("60000")),  # direct expenses
        ],
    )
    _post(cash, sales, "50000", centre=centres["taj"])
    _post(freight, cash, "12000", centre=centres["oberoi"])
    _post(rent, cash, "3000", centre=centres["taj"])  # indirect: no budget covers it
    _post(freight, cash, "700", centre=centres["shop"])  # another cost centre
    _post(freight, cash, "400", centre=centres["taj"], day=dt.date(2026, 7, 1))  # after to_date

    report = budget_vs_actual(
        cost_centre=centres["projects"], fiscal_year=year, to_date=dt.date(2026, 6, 30)
    )

    assert [(r.code, r.budget, r.actual, r.variance) for r in report.rows] == [
        ("4110", D("100000"), D("50000"), D("-50000")),
        ("51", D("60000"), D("12000"), D("-48000")),
    ]
    assert report.totals == {
        "budget": {"income": D("100000"), "expense": D("60000"), "profit": D("40000")},
        # not phased: a twelfth a month (8,333.33), so April to June is a quarter, less paise
        "budget_to_date": {
            "income": D("24999.99"),
            "expense": D("15000.00"),
            "profit": D("9999.99"),
        },
        "actual": {"income": D("50000"), "expense": D("15000"), "profit": D("35000")},
    }
    assert [(r.budget_to_date, r.variance_to_date, r.phased) for r in report.rows] == [
        (D("24999.99"), D("25000.01"), False),
        (D("15000.00"), D("-3000.00"), False),
    ]
    assert report.not_budgeted == {"income": D("0"), "expense": D("3000")}
    assert (report.from_date, report.to_date) == (START, dt.date(2026, 6, 30))
    whole_year = budget_vs_actual(cost_centre=centres["projects"], fiscal_year=year)
    assert whole_year.rows[1].actual == D("12400")
    # a leaf's own budget is its own: the group's budget is not the leaf's
    assert budget_vs_actual(cost_centre=centres["taj"], fiscal_year=year).rows == []


def test_a_budget_phased_by_month_is_read_to_date_month_by_month(alpha, centres):
    """ADR 0078: the kitchens are sold in the second half; the budget to date is the months
    gone, the one the date falls in by its days."""
    from tenant_apps.finance.models import Budget, FiscalYear
    from tenant_apps.finance.selectors import budget_vs_actual
    from tenant_apps.finance.services import BudgetLine, budget_set

    sales = account_by_role("sales")
    year = FiscalYear.objects.get(start_date=START)
    quarters = [D(0)] * 3 + [D(10000)] * 3 + [D(20000)] * 3 + [D(10000)] + [D(0)] * 2
    months = tuple(quarters)

    def phase(values: tuple[D, ...], amount: str = "100000") -> Any:
        return budget_set(
            user=None,
            cost_centre_id=centres["projects"].pk,
            fiscal_year_id=year.pk,
            lines=[BudgetLine(account_id=sales.pk, amount=D(amount), months=values)],
        )

    phase(months)
    assert Budget.objects.get().months == list(months)

    def to_date(day: dt.date) -> D:
        return (
            budget_vs_actual(cost_centre=centres["projects"], fiscal_year=year, to_date=day)
            .rows[0]
            .budget_to_date
        )

    assert to_date(dt.date(2026, 6, 30)) == D("0")
    assert to_date(dt.date(2026, 7, 15)) == D("4838.71")  # 15 of July's 31 days
    assert to_date(dt.date(2026, 10, 31)) == D("50000")
    assert to_date(dt.date(2027, 3, 31)) == D("100000")
    # the months are one per month of the year, none below zero, adding up to the year's
    for values, amount, problem in (
        (months[:11], "100000", "One amount for each of the year's 12 months."),
        ((D("-1"), *months[1:3], D("10001"), *months[4:]), "100000", "zero or more"),
        (months, "90000", "The months add up to 100,000.00; the year's amount is 90,000.00."),
    ):
        with pytest.raises(LedgerValidationError) as caught:
            phase(values, amount)
        assert problem in caught.value.fields["lines.0.months"][0]
    # and the database holds each month at zero or more
    with pytest.raises(IntegrityError), transaction.atomic():
        Budget.objects.update(months=[D("-5"), *months[1:]])


def test_the_budget_api_replaces_the_budget_and_refuses_bad_lines(
    api_client, users, alpha, tenant_alpha, centres
):
    from tenant_apps.finance.models import Budget, FiscalYear

    year = FiscalYear.objects.get(start_date=START)
    sales, freight, cash = account_by_role("sales"), _ledger("5130"), account_by_role("cash")
    direct = _ledger("51")
    client = api_client("alpha", users["owner_alpha"])
    url = f"{BASE}/cost-centres/{centres['taj'].pk}/budgets/{year.pk}/"

    saved = client.put(
        url,
        {
            "lines": [
                {"account": sales.pk, "amount": "100000"},
                {"account": direct.pk, "amount": "60000.50"},
            ]
        },
        format="json",
    )
    assert saved.status_code == 200, saved.content
    assert [(x["account_code"], x["amount"]) for x in saved.json()["lines"]] == [
        ("4110", "100000.0000"),
        ("51", "60000.5000"),
    ]
    bad = client.put(
        url,
        {
            "lines": [
                {"account": freight.pk, "amount": "10"},
                {"account": freight.pk, "amount": "20"},
                {"account": cash.pk, "amount": "5"},
                {"account": sales.pk, "amount": "0"},
            ]
        },
        format="json",
    )
    assert bad.status_code == 400
    assert bad.json()["fields"] == {
        "lines.1.account": ["5130 is budgeted twice."],
        "lines.2.account": ["1110 Cash-in-Hand is not an income or expense account."],
        "lines.3.amount": ["A positive amount in rupees and paise."],
    }
    with in_schema(tenant_alpha.schema_name):
        assert Budget.objects.count() == 2  # the refused PUT changed nothing
    report = client.get(
        f"{BASE}/reports/budget-vs-actual/?cost_centre={centres['taj'].pk}&fiscal_year={year.pk}"
    )
    assert report.status_code == 200
    body = report.json()
    assert (body["cost_centre"]["code"], body["fiscal_year_name"]) == ("P-TAJ", "2026-27")
    assert [(r["code"], r["budget"], r["actual"], r["variance"]) for r in body["rows"]] == [
        ("4110", "100000.0000", "0.0000", "-100000.0000"),
        ("51", "60000.5000", "0.0000", "-60000.5000"),
    ]
    for fmt in ("xlsx", "pdf"):
        file = client.get(
            f"{BASE}/reports/budget-vs-actual/export/?cost_centre={centres['taj'].pk}"
            f"&fiscal_year={year.pk}&format={fmt}"
        )
        assert file.content[:4] in (b"%PDF", b"PK\x03\x04")
    # what GET gives back is taken back as it is; paise are the smallest unit
    again = client.put(url, {"lines": saved.json()["lines"]}, format="json")
    assert again.json()["lines"] == saved.json()["lines"]
    assert client.put(
        url, {"lines": [{"account": sales.pk, "amount": "10.005"}]}, format="json"
    ).json()["fields"] == {"lines.0.amount": ["A positive amount in rupees and paise."]}
    # phased by month (ADR 0078): read back as sent, and read to date by its months
    months = [
        "0",
        "0",
        "0",
        "10000",
        "10000",
        "10000",
        "20000",
        "20000",
        "20000",
        "10000",
        "0",
        "0",
    ]
    phased = client.put(
        url, {"lines": [{"account": sales.pk, "amount": "100000", "months": months}]}, format="json"
    )
    assert phased.json()["lines"][0]["months"] == [f"{m}.0000" for m in months]
    row = client.get(
        f"{BASE}/reports/budget-vs-actual/?cost_centre={centres['taj'].pk}"
        f"&fiscal_year={year.pk}&to_date=2026-07-15"
    ).json()["rows"][0]
    assert (row["budget_to_date"], row["variance_to_date"], row["phased"]) == (
        "4838.7100",
        "-4838.7100",
        True,
    )
    assert client.put(url, {"lines": []}, format="json").json()["lines"] == []
    missing = client.get(f"{BASE}/reports/budget-vs-actual/?cost_centre=999999&fiscal_year=1")
    assert missing.status_code == 400
    assert missing.json()["fields"] == {"cost_centre": ["Unknown cost centre."]}
    assert client.get(f"{BASE}/cost-centres/{centres['taj'].pk}/budgets/999999/").status_code == 404
