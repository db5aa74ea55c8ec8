"""The ledger's HTTP API: the four-actor matrix over every endpoint, query budgets, the error
shape, and a journal entry's path from draft to the trial balance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from tenant_apps.finance.models import (
    Account,
    Budget,
    CostCentre,
    FiscalYear,
    JournalEntry,
    JournalLine,
    Period,
)
from tenant_apps.finance.selectors import account_by_role
from tenant_apps.finance.services import (
    LineSpec,
    fiscal_year_close,
    fiscal_year_ensure,
    journal_entry_post_lines,
)
from tests.conftest import in_schema
from tests.permission_matrix import assert_permission_matrix
from tests.tenant_apps.finance.conftest import FY_DAY

BASE = "/api/v1/finance"


def _post(amount: str, day: dt.date = FY_DAY) -> JournalEntry:
    return journal_entry_post_lines(
        date=day,
        narration="Cash sale",
        lines=[
            LineSpec(account=account_by_role("cash"), debit=Decimal(amount)),
            LineSpec(account=account_by_role("sales"), credit=Decimal(amount)),
        ],
        source_type="invoicing.invoice",
        source_id=42,
        user=None,
    )


@pytest.fixture
def targets(tenant_alpha) -> dict[str, int]:
    with in_schema(tenant_alpha.schema_name):
        year = fiscal_year_ensure(on=FY_DAY)
        fiscal_year_ensure(on=dt.date(2025, 6, 1))
        # 2024-25, closed (without postings): the year the reopen endpoint reopens
        closed_year = fiscal_year_ensure(on=dt.date(2024, 6, 1))
        fiscal_year_close(fiscal_year_id=closed_year.pk, user=None)
        posted = _post("100")
        cash, sales = account_by_role("cash"), account_by_role("sales")
        period = Period.objects.get(start_date=dt.date(2026, 6, 1))
        draft = JournalEntry.objects.create(date=FY_DAY, period=period, total=Decimal("5"))
        JournalLine.objects.create(
            entry=draft,
            line_no=1,
            account=cash,
            debit=Decimal("5"),
            amount_currency=Decimal("5"),
            date=FY_DAY,
            period=period,
        )
        JournalLine.objects.create(
            entry=draft,
            line_no=2,
            account=sales,
            credit=Decimal("5"),
            amount_currency=Decimal("-5"),
            date=FY_DAY,
            period=period,
        )
        spare = Account.objects.create(
            code="5999", name="Spare", type="expense", parent=Account.objects.get(code="52")
        )
        old_year = FiscalYear.objects.get(name="2025-26")
        centre = CostCentre.objects.create(code="P-SPARE", name="Spare project")
        return {
            "schema": tenant_alpha.schema_name,
            "year": year.pk,
            "old_year": old_year.pk,
            "closed_year": closed_year.pk,
            "period": period.pk,
            "locked_period": Period.objects.filter(fiscal_year=year)
            .exclude(pk=period.pk)
            .first()
            .pk,
            "posted": posted.pk,
            "draft": draft.pk,
            "spare": spare.pk,
            "cash": cash.pk,
            "sales": sales.pk,
            "centre": centre.pk,
        }


def _state(tenant: Any) -> Any:
    with in_schema(tenant.schema_name):
        return (
            list(Account.objects.order_by("pk").values_list("pk", "code", "name", "is_active")),
            list(JournalEntry.objects.order_by("pk").values_list("pk", "status", "number")),
            list(JournalLine.objects.order_by("pk").values_list("pk", "debit", "credit")),
            list(Period.objects.order_by("pk").values_list("pk", "status")),
            list(FiscalYear.objects.order_by("pk").values_list("pk", "status")),
            list(CostCentre.objects.order_by("pk").values_list("pk", "code", "name")),
            list(Budget.objects.order_by("pk").values_list("pk", "account_id", "amount")),
        )


def _endpoints(t: dict[str, int]) -> list[tuple[str, str, str, Any, int]]:
    day = FY_DAY.isoformat()
    lines = [
        {"account": t["cash"], "debit": "10.00"},
        {"account": t["sales"], "credit": "10.00"},
    ]
    gl = f"account={t['cash']}&from_date=2026-06-01&to_date=2026-06-30"
    return [
        ("get", f"{BASE}/accounts/", "finance.account.view", None, 200),
        (
            "post",
            f"{BASE}/accounts/",
            "finance.account.create",
            {
                "code": "5998",
                "name": "Tooling",
                "parent": None,
                "type": "expense",
                "is_group": True,
            },
            201,
        ),
        ("get", f"{BASE}/accounts/{t['spare']}/", "finance.account.view", None, 200),
        (
            "patch",
            f"{BASE}/accounts/{t['spare']}/",
            "finance.account.change",
            {"name": "Spare parts"},
            200,
        ),
        ("delete", f"{BASE}/accounts/{t['spare']}/", "finance.account.delete", None, 204),
        ("get", f"{BASE}/cost-centres/", "finance.account.view", None, 200),
        (
            "post",
            f"{BASE}/cost-centres/",
            "finance.account.create",
            {"code": "P-HOTEL", "name": "Hotel kitchen"},
            201,
        ),
        ("get", f"{BASE}/cost-centres/{t['centre']}/", "finance.account.view", None, 200),
        (
            "patch",
            f"{BASE}/cost-centres/{t['centre']}/",
            "finance.account.change",
            {"name": "Spare job"},
            200,
        ),
        ("delete", f"{BASE}/cost-centres/{t['centre']}/", "finance.account.delete", None, 204),
        (
            "get",
            f"{BASE}/cost-centres/{t['centre']}/budgets/{t['year']}/",
            "finance.account.view",
            None,
            200,
        ),
        (
            "put",
            f"{BASE}/cost-centres/{t['centre']}/budgets/{t['year']}/",
            "finance.account.change",
            {"lines": [{"account": t["sales"], "amount": "250000"}]},
            200,
        ),
        (
            "get",
            f"{BASE}/reports/budget-vs-actual/?cost_centre={t['centre']}&fiscal_year={t['year']}",
            "finance.report.view",
            None,
            200,
        ),
        (
            "get",
            f"{BASE}/reports/budget-vs-actual/export/?cost_centre={t['centre']}"
            f"&fiscal_year={t['year']}&format=xlsx",
            "finance.report.export",
            None,
            200,
        ),
        (
            "get",
            f"{BASE}/reports/cost-centres/?from_date=2026-04-01&to_date={day}",
            "finance.report.view",
            None,
            200,
        ),
        (
            "get",
            f"{BASE}/reports/cost-centres/export/?from_date=2026-04-01&to_date={day}&format=pdf",
            "finance.report.export",
            None,
            200,
        ),
        ("get", f"{BASE}/fiscal-years/", "finance.period.view", None, 200),
        (
            "post",
            f"{BASE}/fiscal-years/",
            "finance.period.create",
            {"start_date": "2027-04-01"},
            201,
        ),
        ("post", f"{BASE}/periods/{t['period']}/lock/", "finance.period.change", None, 200),
        (
            "post",
            f"{BASE}/fiscal-years/{t['old_year']}/close/",
            "finance.period.approve",
            None,
            200,
        ),
        (
            "post",
            f"{BASE}/fiscal-years/{t['closed_year']}/reopen/",
            "finance.year_reopen.approve",
            {"reason": "Auditor's adjustment"},
            200,
        ),
        ("get", f"{BASE}/journal-entries/", "finance.journal.view", None, 200),
        (
            "post",
            f"{BASE}/journal-entries/",
            "finance.journal.create",
            {"date": day, "narration": "Accrual", "lines": lines},
            201,
        ),
        ("get", f"{BASE}/journal-entries/{t['posted']}/", "finance.journal.view", None, 200),
        (
            "patch",
            f"{BASE}/journal-entries/{t['draft']}/",
            "finance.journal.change",
            {"narration": "Edited"},
            200,
        ),
        (
            "post",
            f"{BASE}/journal-entries/{t['draft']}/post/",
            "finance.journal.approve",
            None,
            200,
        ),
        (
            "post",
            f"{BASE}/journal-entries/{t['posted']}/reverse/",
            "finance.journal.approve",
            {"date": day, "reason": "wrong"},
            201,
        ),
        ("get", f"{BASE}/reports/trial-balance/?to_date={day}", "finance.report.view", None, 200),
        (
            "get",
            f"{BASE}/reports/profit-and-loss/?from_date=2026-04-01&to_date={day}",
            "finance.report.view",
            None,
            200,
        ),
        ("get", f"{BASE}/reports/balance-sheet/?as_of={day}", "finance.report.view", None, 200),
        (
            "get",
            f"{BASE}/reports/cash-flow/?from_date=2026-04-01&to_date={day}",
            "finance.report.view",
            None,
            200,
        ),
        (
            "get",
            f"{BASE}/reports/cash-flow/export/?from_date=2026-04-01&to_date={day}&format=xlsx",
            "finance.report.export",
            None,
            200,
        ),
        ("get", f"{BASE}/reports/general-ledger/?{gl}", "finance.report.view", None, 200),
        (
            "get",
            f"{BASE}/reports/trial-balance/export/?to_date={day}&format=xlsx",
            "finance.report.export",
            None,
            200,
        ),
        (
            "get",
            f"{BASE}/reports/profit-and-loss/export/?from_date=2026-04-01&to_date={day}&format=pdf",
            "finance.report.export",
            None,
            200,
        ),
        (
            "get",
            f"{BASE}/reports/balance-sheet/export/?as_of={day}&format=xlsx",
            "finance.report.export",
            None,
            200,
        ),
        (
            "get",
            f"{BASE}/reports/general-ledger/export/?{gl}&format=pdf",
            "finance.report.export",
            None,
            200,
        ),
    ]


ENDPOINT_COUNT = 37


@pytest.mark.parametrize("index", range(ENDPOINT_COUNT))
def test_permission_matrix(index, targets, tenant_alpha):
    endpoints = _endpoints(targets)
    assert len(endpoints) == ENDPOINT_COUNT
    method, path, permission, body, expect = endpoints[index]
    response = assert_permission_matrix(
        method=method,
        path=path,
        tenant=tenant_alpha,
        permission=permission,
        body=body,
        expect_ok=expect,
        snapshot=lambda: _state(tenant_alpha),
    )
    if "export" in path:
        assert response.content[:4] in (b"%PDF", b"PK\x03\x04")


def test_the_matrix_covers_every_finance_url():
    from tenant_apps.finance.urls import urlpatterns

    covered = {
        path.split("?")[0]
        for _, path, *_ in _endpoints(
            dict.fromkeys(
                [
                    "spare",
                    "year",
                    "old_year",
                    "closed_year",
                    "period",
                    "posted",
                    "draft",
                    "cash",
                    "sales",
                    "locked_period",
                    "centre",
                ],
                1,
            )
        )
    }
    routes = {
        f"{BASE}/{p.pattern}".replace("<int:account_id>", "1")
        .replace("<int:year_id>", "1")
        .replace("<int:period_id>", "1")
        .replace("<int:entry_id>", "1")
        .replace("<int:cost_centre_id>", "1")
        for p in urlpatterns
    }
    assert routes - covered == {f"{BASE}/periods/1/unlock/"}


def test_unlock_is_in_the_matrix_too(targets, tenant_alpha):
    with in_schema(tenant_alpha.schema_name):
        Period.objects.filter(pk=targets["period"]).update(status="locked")
    response = assert_permission_matrix(
        method="post",
        path=f"{BASE}/periods/{targets['period']}/unlock/",
        tenant=tenant_alpha,
        permission="finance.period.change",
        snapshot=lambda: _state(tenant_alpha),
    )
    assert response.json()["status"] == "open"


def test_a_journal_entry_goes_from_draft_to_the_trial_balance(api_client, users, targets):
    client = api_client("alpha", users["owner_alpha"])
    # when a draft is created, posted and read back
    created = client.post(
        f"{BASE}/journal-entries/",
        {
            "date": "2026-06-20",
            "narration": "Bank deposit",
            "lines": [
                {"account": targets["cash"], "credit": "40.00"},
                {"account": targets["sales"], "debit": "40.00"},
            ],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert (created.json()["status"], created.json()["number"]) == ("draft", "")
    posted = client.post(f"{BASE}/journal-entries/{created.json()['id']}/post/")
    assert posted.status_code == 200, posted.json()
    assert posted.json()["number"] == "JV/26-27/00002"  # the fixture posted 00001
    tb = client.get(f"{BASE}/reports/trial-balance/?to_date=2026-06-30").json()
    rows = {row["code"]: row for row in tb["rows"]}
    # then the cash ledger shows 100 in and 40 out; the tree sums up to its groups
    assert rows["1110"]["values"]["debit"] == "100.0000"
    assert rows["1110"]["values"]["credit"] == "40.0000"
    assert rows["1110"]["values"]["closing_debit"] == "60.0000"
    assert rows["11"]["values"]["closing_debit"] == "60.0000"
    assert tb["totals"]["closing_debit"] == tb["totals"]["closing_credit"] == "60.0000"
    assert tb["totals"]["debit"] == tb["totals"]["credit"] == "140.0000"
    # and the drill-down: ledger line -> entry -> source
    gl = client.get(
        f"{BASE}/reports/general-ledger/?account={targets['cash']}"
        "&from_date=2026-06-01&to_date=2026-06-30"
    ).json()
    assert [(x["debit"], x["credit"], x["balance"]) for x in gl["lines"]] == [
        ("100.0000", "0.0000", "100.0000"),
        ("0.0000", "40.0000", "60.0000"),
    ]
    assert gl["lines"][0]["source_url"] == "/finance/invoices/42"  # invoicing registered its pages


def test_bad_input_is_a_400_in_the_error_shape_and_writes_nothing(api_client, users, targets):
    client = api_client("alpha", users["owner_alpha"])
    cases = [
        ({"date": "2026-06-20", "lines": []}, "empty", "lines.non_field_errors"),
        (
            {"date": "2031-01-01", "lines": [{"account": targets["cash"], "debit": "1"}]},
            "no_fiscal_year",
            "date",
        ),
        (
            {"date": "2026-06-20", "lines": [{"account": 999999, "debit": "1"}]},
            "invalid",
            "lines.0.account",
        ),
        ({"date": "not-a-date", "lines": [{"account": targets["cash"]}]}, "invalid", "date"),
    ]
    with in_schema(targets["schema"]):
        entries_before = JournalEntry.objects.count()
    for body, code, field in cases:
        response = client.post(f"{BASE}/journal-entries/", body, format="json")
        assert response.status_code == 400, response.content
        data = response.json()
        assert set(data) == {"detail", "code", "fields"}
        assert data["code"] == code, data
        assert field in data["fields"], data
    with in_schema(targets["schema"]):
        assert JournalEntry.objects.count() == entries_before
    # an unbalanced draft is saved, but posting it is refused with `unbalanced`
    draft = client.post(
        f"{BASE}/journal-entries/",
        {"date": "2026-06-20", "lines": [{"account": targets["cash"], "debit": "1"}]},
        format="json",
    )
    refused = client.post(f"{BASE}/journal-entries/{draft.json()['id']}/post/")
    assert (refused.status_code, refused.json()["code"]) == (400, "unbalanced")
    # a posted entry cannot be edited; a locked period refuses posting
    edited = client.patch(
        f"{BASE}/journal-entries/{targets['posted']}/", {"narration": "x"}, format="json"
    )
    assert (edited.status_code, edited.json()["code"]) == (400, "invalid_state")
    client.post(f"{BASE}/periods/{targets['period']}/lock/")
    locked = client.post(f"{BASE}/journal-entries/{targets['draft']}/post/")
    assert (locked.status_code, locked.json()["code"]) == (400, "period_locked")
    # a ledger with postings keeps its type and cannot be deleted
    deleted = client.delete(f"{BASE}/accounts/{targets['cash']}/")
    assert (deleted.status_code, deleted.json()["code"]) == (400, "account_in_use")
    retyped = client.patch(
        f"{BASE}/accounts/{targets['cash']}/", {"type": "expense"}, format="json"
    )
    assert (retyped.status_code, retyped.json()["code"]) == (400, "account_in_use")


# 6 statements, each after its search_path SET: domain, session, user, member access, count,
# page (with the reversal and period joined in). None depends on the page size.
JOURNAL_LIST_QUERIES = 12
ACCOUNT_LIST_QUERIES = 12


def test_list_endpoints_run_a_fixed_number_of_queries(
    api_client, users, targets, tenant_alpha, django_assert_num_queries
):
    client = api_client("alpha", users["owner_alpha"])
    client.get(f"{BASE}/journal-entries/")  # warm the session
    with django_assert_num_queries(JOURNAL_LIST_QUERIES):
        small = client.get(f"{BASE}/journal-entries/?page_size=2")
    with in_schema(tenant_alpha.schema_name):
        for _ in range(5):
            _post("3")
    with django_assert_num_queries(JOURNAL_LIST_QUERIES):
        large = client.get(f"{BASE}/journal-entries/?page_size=50")
    assert (len(small.json()["results"]), len(large.json()["results"])) == (2, 7)
    with django_assert_num_queries(ACCOUNT_LIST_QUERIES):
        accounts = client.get(f"{BASE}/accounts/?page_size=500")
    with in_schema(tenant_alpha.schema_name):
        assert accounts.json()["count"] == Account.objects.count()


def test_reopening_through_the_api_refuses_in_the_error_shape(api_client, users, targets):
    client = api_client("alpha", users["owner_alpha"])

    def reopen(year_id: int, body: Any) -> Any:
        return client.post(f"{BASE}/fiscal-years/{year_id}/reopen/", body, format="json")

    # an open year, no reason, a year that does not exist
    refused = reopen(targets["year"], {"reason": "Audit"})
    assert (refused.status_code, refused.json()["code"]) == (400, "invalid_state")
    refused = reopen(targets["closed_year"], {"reason": " "})
    assert refused.status_code == 400
    assert refused.json()["fields"] == {"reason": ["This field may not be blank."]}
    assert reopen(999999, {"reason": "Audit"}).status_code == 404
    # a year with a closed year after it
    assert client.post(f"{BASE}/fiscal-years/{targets['old_year']}/close/").status_code == 200
    refused = reopen(targets["closed_year"], {"reason": "Audit"})
    assert refused.status_code == 400
    assert refused.json() == {
        "detail": "Only the latest closed fiscal year can be reopened: reopen 2025-26 first.",
        "code": "later_year_closed",
        "fields": {},
    }
    # the latest closed year reopens: open again, its last month open, the others locked
    reopened = reopen(targets["old_year"], {"reason": "Auditor's adjustment"})
    assert reopened.status_code == 200, reopened.json()
    body = reopened.json()
    assert (body["name"], body["status"], body["closing_entry"], body["closed_at"]) == (
        "2025-26",
        "open",
        None,
        None,
    )
    assert [p["status"] for p in body["periods"]] == ["locked"] * 11 + ["open"]
    with in_schema(targets["schema"]):
        from tenant_apps.audit.models import AuditEvent

        event = AuditEvent.objects.get(action="finance.fiscal_year.reopened")
        assert (event.actor_id, event.data["reason"], event.ip) == (
            users["owner_alpha"].pk,
            "Auditor's adjustment",
            "127.0.0.1",
        )


def test_the_roles_that_close_a_year_may_reopen_it(tenant_alpha):
    from tenant_apps.access.models import Role

    with in_schema(tenant_alpha.schema_name):
        roles = {r.code: set(r.permissions) for r in Role.objects.filter(is_builtin=True)}
    closers = {code for code, codes in roles.items() if "finance.period.approve" in codes}
    reopeners = {code for code, codes in roles.items() if "finance.year_reopen.approve" in codes}
    assert closers == reopeners == {"owner", "administrator", "accountant"}
