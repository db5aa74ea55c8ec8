"""Capital work in progress (ADR 0077): bills for a powder coating booth being built go to
1280; the booth is registered from that ledger when it is put to use, which moves its cost to
the plant ledger in one entry; what the ledger holds bounds it, on the day and after; deleting
the asset puts the cost back; two clerks capitalising one balance at once; HTTP and the matrix."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

from tests.conftest import in_schema
from tests.permission_matrix import assert_permission_matrix
from tests.tenant_apps.assets.test_assets import (
    API,
    balance,
    category,
    committed_assets,
    ledger,
    refused,
    register,
    run,
)
from tests.tenant_apps.invoicing.conftest import FY_DAY, _books, at_once, line, make_raiser

__all__ = ["committed_assets"]  # the fixture, shared with the register's tests

BUILT = dt.date(2026, 7, 10)  # the second bill
IN_USE = dt.date(2026, 8, 1)


def cwip_bills(books: Any) -> None:
    """₹3,00,000 of civil work on 15 June and ₹1,00,000 of erection on 10 July, both to 1280."""
    raise_ = make_raiser(books)
    cwip = ledger("1280")
    for day, price, text in ((FY_DAY, "300000", "Booth civil work"), (BUILT, "100000", "Erection")):
        raise_(
            "bill",
            books.vendor,
            [line(books.rate("GST18"), price=price, description=text, account=cwip)],
            day=day,
        )


def booth(books: Any, **data: Any) -> Any:
    values = {
        "name": "Powder coating booth",
        "cwip_account": ledger("1280"),
        "purchase_date": data.get("in_use_date", IN_USE),
        "in_use_date": IN_USE,
        "cost": D("400000"),
        **data,
    }
    return register(books, **values)


def test_an_asset_built_over_months_is_capitalised_from_work_in_progress(books):
    from tenant_apps.assets.models import Asset
    from tenant_apps.finance.models import JournalLine

    cwip_bills(books)
    assert balance("1280") == D("400000.00")
    # when the booth is put to use on 1 August
    asset = booth(books)
    # then one entry that day moves its cost from 1280 to the plant ledger
    entry = asset.capitalisation_entry
    assert (entry.number[:4], entry.date, entry.source_type) == (
        "FAC/",
        IN_USE,
        "assets.capitalisation",
    )
    lines = list(
        JournalLine.objects.filter(entry=entry)
        .order_by("line_no")
        .values_list("account__code", "debit", "credit")
    )
    assert lines == [("1220", D("400000"), D("0")), ("1280", D("0"), D("400000"))]
    assert (balance("1280"), balance("1220")) == (D("0"), D("400000.00"))
    assert (asset.cwip_account.code, asset.bill) == ("1280", None)
    # and it is depreciated from that day like any other asset
    august = run(books, IN_USE)
    assert list(august.lines.values_list("asset__name", flat=True)) == ["Powder coating booth"]
    assert Asset.objects.get().capitalisation_entry_id == entry.pk


def test_what_the_ledger_holds_bounds_a_capitalisation_on_the_day_and_after(books):
    from tenant_apps.assets.models import Asset
    from tenant_apps.assets.services import asset_delete
    from tenant_apps.finance.models import JournalEntry

    cwip_bills(books)
    entries = JournalEntry.objects.count()
    # more than it holds; before the erection bill; with a bill too; brought forward; from a
    # ledger that is not work in progress
    assert refused(lambda: booth(books, cost=D("400000.01"))) == ("over_cwip", ["cost"])
    assert refused(lambda: booth(books, in_use_date=dt.date(2026, 7, 1))) == (
        "over_cwip",
        ["cost"],
    )
    bill = make_raiser(books)(
        "bill",
        books.vendor,
        [line(books.rate("GST18"), price="1000", account=ledger("1220"))],
    )
    assert refused(lambda: booth(books, cost=D("1000"), bill=bill)) == (
        "invalid",
        ["cwip_account"],
    )
    assert refused(
        lambda: booth(
            books,
            cost=D("1000"),
            purchase_date=FY_DAY,
            in_use_date=FY_DAY,
            opening_date=IN_USE,
            opening_depreciation=D("10"),
        )
    ) == ("invalid", ["cwip_account"])
    assert refused(lambda: booth(books, cwip_account=ledger("1220"))) == (
        "invalid",
        ["cwip_account"],
    )
    assert JournalEntry.objects.count() == entries + 1  # the bill above, nothing else
    assert not Asset.objects.exists()
    # ₹3,00,000 capitalised on 1 August leaves ₹1,00,000: an asset dated 20 July, when the
    # ledger held ₹4,00,000, may take no more than that
    first = booth(books, cost=D("300000"))
    assert refused(
        lambda: booth(books, name="Hopper", cost=D("200000"), in_use_date=dt.date(2026, 7, 20))
    ) == ("over_cwip", ["cost"])
    hopper = booth(books, name="Hopper", cost=D("100000"), in_use_date=dt.date(2026, 7, 20))
    assert balance("1280") == D("0")
    # deleting one puts its cost back
    asset_delete(user=books.user, asset=first)
    assert balance("1280") == D("300000.00")
    assert list(Asset.objects.values_list("name", flat=True)) == [hopper.name]


def test_several_work_in_progress_ledgers_may_be_kept_one_per_project(books):
    from tenant_apps.finance.services import account_create

    shed = account_create(
        user=books.user,
        code="1281",
        name="CWIP - New shed",
        parent_id=ledger("1280").parent_id,
        type="asset",
        role="capital_wip",
    )
    assert (shed.role, ledger("1280").role) == ("capital_wip", "capital_wip")


def test_two_clerks_capitalising_one_balance_at_once_take_it_once(world, committed_assets):
    from tenant_apps.assets.models import Asset

    books = committed_assets
    with in_schema(world.alpha_schema):
        cwip_bills(books)
    outcomes = at_once(world.alpha_schema, 3, lambda: booth(books, cost=D("300000")))
    assert outcomes == ["ok", "over_cwip", "over_cwip"]
    with in_schema(world.alpha_schema):
        assert Asset.objects.count() == 1
        assert balance("1280") == D("100000.00")


def test_capitalising_over_http(api_client, users, tenant_alpha, books):
    cwip_bills(books)
    client = api_client("alpha", users["owner_alpha"])
    listed = client.get(f"{API}/cwip/").json()
    assert [(c["code"], c["balance"]) for c in listed] == [("1280", "400000.0000")]
    made = client.post(
        f"{API}/assets/",
        {
            "name": "Powder coating booth",
            "category": category().pk,
            "cwip_account": listed[0]["id"],
            "purchase_date": "2026-08-01",
            "cost": "400000",
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    got = made.json()
    assert (got["cwip_account_name"], got["capitalisation_entry_number"][:4]) == (
        "1280 · Capital Work in Progress",
        "FAC/",
    )
    assert client.get(f"{API}/cwip/").json()[0]["balance"] == "0.0000"
    over = client.post(
        f"{API}/assets/",
        {
            "name": "Booth 2",
            "category": category().pk,
            "cwip_account": listed[0]["id"],
            "purchase_date": "2026-08-01",
            "cost": "1",
        },
        format="json",
    )
    assert (over.status_code, over.json()["code"], list(over.json()["fields"])) == (
        400,
        "over_cwip",
        ["cost"],
    )


def _state(tenant: Any) -> Any:
    from tenant_apps.assets.models import Asset

    with in_schema(tenant.schema_name):
        return list(Asset.objects.values_list("pk", "name"))


def test_the_work_in_progress_list_is_in_the_permission_matrix(tenant_alpha, users):
    with in_schema(tenant_alpha.schema_name):
        cwip_bills(_books(users["owner_alpha"]))
    assert_permission_matrix(
        method="get",
        path=f"{API}/cwip/",
        tenant=tenant_alpha,
        permission="assets.asset.view",
        body=None,
        expect_ok=200,
        snapshot=lambda: _state(tenant_alpha),
    )
