"""The fixed asset register (ADR 0075): an asset registered from the vendor bill that
capitalised it, its monthly depreciation entries, its disposal with the profit or loss, the
register for the year, the refusals, the database's own checks, HTTP with constant queries, two
clerks at once and the four-actor matrix."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from tenant_apps.core.exceptions import ApplicationError
from tests.conftest import in_schema
from tests.permission_matrix import assert_permission_matrix
from tests.tenant_apps.invoicing.conftest import (
    FY_DAY,
    _books,
    at_once,
    invoicing_wipe,
    line,
    make_raiser,
)

API = "/api/v1/assets"
JUNE, JULY, AUGUST = dt.date(2026, 6, 1), dt.date(2026, 7, 1), dt.date(2026, 8, 1)
IN_USE = dt.date(2026, 6, 16)
ASSET_TABLES = (
    "assets_depreciationline",
    "assets_depreciationrun",
    "assets_asset",
    "assets_assetsettings",
)


def ledger(code: str) -> Any:
    from tenant_apps.finance.models import Account

    return Account.objects.get(code=code)


def category(name: str = "Plant and machinery") -> Any:
    from tenant_apps.assets.models import AssetCategory

    return AssetCategory.objects.get(name=name)


def machine_bill(books: Any, price: str = "100000") -> Any:
    """A posted bill from Gujarat (IGST) whose one line went to 1220 Plant and Machinery."""
    return make_raiser(books)(
        "bill",
        books.vendor,
        [line(books.rate("GST18"), price=price, description="Press brake", account=ledger("1220"))],
        day=FY_DAY,
    )


def register(books: Any, **data: Any) -> Any:
    from tenant_apps.assets.services import asset_create

    values = {
        "name": "Press brake 100 t",
        "category": category(),
        "purchase_date": FY_DAY,
        "in_use_date": IN_USE,
        "cost": D("100000"),
        **data,
    }
    return asset_create(user=books.user, data=values)


def run(books: Any, month: dt.date) -> Any:
    from tenant_apps.assets.services import depreciation_run_create

    return depreciation_run_create(user=books.user, month=month)


def dispose(books: Any, asset: Any, day: dt.date, proceeds: str = "0", **extra: Any) -> Any:
    from tenant_apps.assets.services import asset_dispose

    return asset_dispose(user=books.user, asset=asset, date=day, proceeds=D(proceeds), **extra)


def balance(code: str) -> D:
    from django.db.models import Sum

    from tenant_apps.finance.models import JournalLine

    got = JournalLine.objects.filter(account__code=code).aggregate(d=Sum("debit"), c=Sum("credit"))
    return (got["d"] or D(0)) - (got["c"] or D(0))


def entry_lines(entry_id: int) -> list[tuple[str, D, D]]:
    from tenant_apps.finance.models import JournalLine

    return [
        (x.account.code, x.debit, x.credit)
        for x in JournalLine.objects.filter(entry_id=entry_id)
        .select_related("account")
        .order_by("line_no")
    ]


def refused(call: Any) -> tuple[str, list[str]]:
    with pytest.raises(ApplicationError) as caught:
        call()
    return caught.value.code, sorted(caught.value.fields)


def test_a_machine_from_its_bill_is_depreciated_a_month_at_a_time_then_sold_at_a_loss(books):
    # given a press brake billed for ₹1,00,000 + IGST on 15 June, put to use on 16 June
    bill = machine_bill(books)
    assert balance("1220") == D("100000.00")
    asset = register(books, bill=bill)
    # then it takes the category's defaults: WDV over 15 years, 5 % residual, 18.1036 % a year
    assert (asset.number, asset.method, asset.useful_life_months) == ("FA/26-27/00001", "wdv", 180)
    assert (asset.residual_value, asset.rate) == (D("5000.00"), D("0.181036"))
    assert balance("1220") == D("100000.00")  # registering posts nothing

    # when June and July are run: 15 days (743.98), then 31 more (to 2,281.55)
    june, july = run(books, JUNE), run(books, JULY)
    # then each month one entry on its last day: depreciation against accumulated depreciation
    assert (june.date, june.total, july.total) == (dt.date(2026, 6, 30), D("743.98"), D("1537.57"))
    assert entry_lines(july.journal_entry_id) == [
        ("5250", D("1537.57"), D("0")),
        ("1290", D("0"), D("1537.57")),
    ]
    assert july.journal_entry.number.startswith("DEP/")
    line_ = july.lines.get()
    assert (line_.accumulated, line_.book_value) == (D("2281.55"), D("97718.45"))

    # when it is sold on 20 August for ₹90,000 into the bank
    sold = dispose(books, asset, dt.date(2026, 8, 20), "90000", account=books.bank, reason="Sold")
    # then 20 days of August are charged (991.98) and the loss is the book value less the price
    assert (sold.status, sold.disposal_depreciation, sold.disposal_gain) == (
        "disposed",
        D("991.98"),
        D("-6726.47"),  # 90,000 - (1,00,000 - 3,273.53)
    )
    assert sorted(entry_lines(sold.disposal_entry_id)) == sorted(
        [
            ("5250", D("991.98"), D("0")),
            ("1290", D("2281.55"), D("0")),
            (books.bank.code, D("90000.00"), D("0")),
            ("1220", D("0"), D("100000.00")),
            ("5297", D("6726.47"), D("0")),
        ]
    )
    assert sold.disposal_entry.number.startswith("FAD/")
    # and the books hold nothing of the machine any more
    assert (balance("1220"), balance("1290")) == (D("0"), D("0"))
    assert balance("5250") == D("3273.53")
    # August's run has nothing left to charge
    assert refused(lambda: run(books, AUGUST)) == ("nothing_to_do", ["month"])


def test_an_asset_registered_late_catches_up_in_its_first_run(books):
    # given a machine put to use in June, registered after July was run for another asset
    machine_bill(books, price="150000")
    first = register(books, cost=D("50000"))
    run(books, JUNE)
    run(books, JULY)
    late = register(books, name="Shearing machine", cost=D("100000"))
    # when August is run
    august = run(books, AUGUST)
    # then the late one is charged from 16 June to 31 August in one go
    charged = {x.asset_id: x.amount for x in august.lines.all()}
    assert charged[late.pk] == D("3819.12")
    assert charged[first.pk] == D("768.79")  # 1,909.56 - 1,140.77 on ₹50,000


def test_what_a_bill_capitalised_bounds_the_assets_registered_from_it(books):
    from tenant_apps.invoicing.services.documents import document_create

    bill = machine_bill(books)
    register(books, bill=bill, cost=D("60000"))
    # more than the ₹40,000 left on 1220
    assert refused(lambda: register(books, bill=bill, cost=D("40000.01"))) == (
        "over_bill",
        ["cost"],
    )
    register(books, bill=bill, cost=D("40000"))
    # a bill whose lines went to purchases capitalised nothing
    stock = make_raiser(books)("bill", books.vendor, [line(books.rate("GST18"), price="5000")])
    assert refused(lambda: register(books, bill=stock, cost=D("1"))) == ("over_bill", ["cost"])
    # a draft is not a bill yet
    draft = document_create(
        user=books.user,
        kind="bill",
        data={"partner": books.vendor, "date": FY_DAY, "lines": [line(books.rate("GST18"))]},
    )
    assert refused(lambda: register(books, bill=draft, cost=D("1"))) == ("invalid", ["bill"])


def test_an_asset_that_does_not_add_up_is_refused_with_its_fields(books):
    from tenant_apps.assets.models import Asset

    cases = [
        ({"in_use_date": FY_DAY - dt.timedelta(days=1)}, ["in_use_date"]),
        ({"opening_depreciation": D("1000")}, ["opening_date"]),
        ({"opening_date": IN_USE, "opening_depreciation": D("100000")}, ["opening_depreciation"]),
        ({"residual_value": D("100000.01")}, ["residual_value"]),
        ({"method": "wdv", "residual_value": D("0")}, ["residual_value"]),
        (
            {
                "purchase_date": dt.date(2010, 4, 1),
                "in_use_date": dt.date(2010, 4, 1),
                "useful_life_months": 36,
                "opening_date": dt.date(2026, 4, 1),
                "opening_depreciation": D("50000"),
            },
            ["opening_depreciation"],
        ),
    ]
    for data, fields in cases:
        assert refused(lambda data=data: register(books, **data)) == ("invalid", fields), data
    assert not Asset.objects.exists()
    # straight line may write an asset down to nothing
    assert register(books, method="slm", residual_value=D("0")).rate is None


def test_months_go_in_order_and_the_latest_run_is_cancelled_first(books):
    from tenant_apps.assets.services import depreciation_run_cancel

    register(books)
    june, july = run(books, JUNE), run(books, JULY)
    assert refused(lambda: run(books, JULY)) == ("already_done", ["month"])
    assert refused(lambda: run(books, JUNE)) == ("already_done", ["month"])
    today = dt.date.today()
    assert refused(lambda: run(books, today.replace(day=1) + dt.timedelta(days=62))) == (
        "month_not_over",
        ["month"],
    )
    with pytest.raises(ApplicationError) as caught:
        depreciation_run_cancel(user=books.user, run=june)
    assert caught.value.code == "later_done"
    # cancelling July reverses its entry on 31 July; run again, it charges the same
    cancelled = depreciation_run_cancel(user=books.user, run=july)
    assert cancelled.status == "cancelled"
    assert balance("1290") == D("-743.98")
    assert run(books, JULY).total == D("1537.57")
    assert balance("1290") == D("-2281.55")


def test_a_disposal_is_refused_before_the_last_run_and_blocks_that_runs_cancel(books):
    from tenant_apps.assets.services import (
        asset_delete,
        asset_disposal_cancel,
        depreciation_run_cancel,
    )

    asset = register(books)
    run(books, JUNE)
    july = run(books, JULY)
    assert refused(lambda: dispose(books, asset, dt.date(2026, 7, 31))) == (
        "depreciated_after",
        ["date"],
    )
    future = dt.date.today() + dt.timedelta(days=1)
    assert refused(lambda: dispose(books, asset, future)) == ("future", ["date"])
    receivables = ledger("1131")
    assert refused(
        lambda: dispose(books, asset, dt.date(2026, 8, 20), "10", account=receivables)
    ) == ("invalid", ["account"])
    assert refused(lambda: dispose(books, asset, dt.date(2026, 8, 20), "10")) == (
        "required",
        ["account"],
    )
    # scrapped for nothing: the whole book value is the loss
    scrapped = dispose(books, asset, dt.date(2026, 8, 20))
    assert scrapped.disposal_gain == D("-96726.47")
    with pytest.raises(ApplicationError) as caught:
        depreciation_run_cancel(user=books.user, run=july)
    assert caught.value.code == "asset_disposed"
    with pytest.raises(ApplicationError) as caught:
        asset_delete(user=books.user, asset=scrapped)
    assert caught.value.code == "disposed"
    # undone: its entry reversed, in use again, August catches the 20 days up
    back = asset_disposal_cancel(user=books.user, asset=scrapped)
    assert (back.status, back.disposal_entry, back.disposal_gain) == ("active", None, None)
    assert balance("5297") == D("0")
    assert run(books, AUGUST).total == D("1537.57")  # 3,819.12 - 2,281.55
    with pytest.raises(ApplicationError) as caught:
        asset_delete(user=books.user, asset=back)
    assert caught.value.code == "has_depreciation"


def test_an_asset_never_depreciated_may_be_deleted(books):
    from tenant_apps.assets.models import Asset
    from tenant_apps.assets.services import asset_delete

    asset = register(books)
    asset_delete(user=books.user, asset=asset)
    assert not Asset.objects.exists()


def test_the_register_for_the_year_shows_the_blocks_as_posted(books):
    from tenant_apps.assets.selectors import asset_register

    # given a van brought forward (₹1,20,000, ₹37,000 charged before 1 April 2026) and the
    # machine bought in June, sold in August
    van = register(
        books,
        name="Tata Ace",
        category=category("Motor vehicles"),
        purchase_date=dt.date(2024, 7, 15),
        in_use_date=dt.date(2024, 7, 15),
        cost=D("120000"),
        method="slm",
        residual_value=D("6000"),
        useful_life_months=60,
        opening_date=dt.date(2026, 4, 1),
        opening_depreciation=D("37000"),
    )
    machine = register(books)
    for month in (dt.date(2026, 4, 1), dt.date(2026, 5, 1), JUNE, JULY):
        run(books, month)
    dispose(books, machine, dt.date(2026, 8, 20), "90000", account=books.bank)
    # when the register is read for the fiscal year 2026-27
    report = asset_register(dt.date(2026, 4, 1), dt.date(2027, 3, 31))
    # then
    vans, machines = (g for g in report.groups if g.rows)
    assert [r.asset.pk for r in vans.rows] == [van.pk]
    block = vans.total
    assert (block.cost_open, block.additions, block.depreciation_open) == (
        D("120000"),
        D("0"),
        D("37000"),
    )
    assert block.depreciation == D("7826.70")  # April-July: 122 days of 77,000 over 3.288 years
    assert (block.depreciation_close, block.net_close) == (D("44826.70"), D("75173.30"))
    block = machines.total
    assert (block.cost_open, block.additions, block.disposals, block.cost_close) == (
        D("0"),
        D("100000"),
        D("100000"),
        D("0"),
    )
    assert (block.depreciation, block.written_back, block.depreciation_close) == (
        D("3273.53"),
        D("3273.53"),
        D("0"),
    )
    assert report.total.net_close == D("75173.30")
    # a period before the machine: only the van
    assert [g.category.name for g in asset_register(dt.date(2026, 4, 1), JUNE).groups] == [
        "Motor vehicles"
    ]


def test_the_database_refuses_a_disposal_without_its_entry_and_a_line_of_nothing(books):
    from tenant_apps.assets.models import Asset, DepreciationLine

    asset = register(books)
    june = run(books, JUNE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Asset.objects.filter(pk=asset.pk).update(status="disposed", disposal_date=FY_DAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        DepreciationLine.objects.filter(run=june).update(amount=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Asset.objects.filter(pk=asset.pk).update(residual_value=D("100000.01"))
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO assets_depreciationrun (month, date, status, total, created_at, "
            "updated_at) VALUES (%s, %s, 'posted', 1, now(), now())",
            [JUNE, dt.date(2026, 6, 30)],
        )


def test_categories_keep_their_ledgers_right(books):
    from tenant_apps.assets.services import category_create, category_update

    data = {
        "name": "Moulds",
        "method": "slm",
        "useful_life_months": 96,
        "residual_percent": D("5"),
        "asset_account": ledger("1230"),
        "accumulated_account": ledger("1290"),
        "depreciation_account": ledger("5250"),
    }
    moulds = category_create(user=books.user, data=data)
    assert refused(lambda: category_create(user=books.user, data=data)) == ("duplicate", ["name"])
    bad = {
        **data,
        "name": "X",
        "asset_account": ledger("5250"),
        "accumulated_account": ledger("12"),
    }
    assert refused(lambda: category_create(user=books.user, data=bad)) == (
        "invalid",
        ["accumulated_account", "asset_account"],
    )
    # a ledger keeps either cost or accumulated depreciation, never both
    crossed = {
        **data,
        "name": "Z",
        "asset_account": ledger("1290"),
        "accumulated_account": ledger("1230"),
    }
    assert refused(lambda: category_create(user=books.user, data=crossed)) == (
        "invalid",
        ["accumulated_account", "asset_account"],
    )
    # the cash, a party's or a tax ledger is kept by other modules
    for field, code in (("asset_account", "1110"), ("depreciation_account", "5260")):
        wrong = {**data, "name": "Y", field: ledger(code)}
        assert refused(lambda wrong=wrong: category_create(user=books.user, data=wrong)) == (
            "invalid",
            [field],
        )
    changed = category_update(user=books.user, category=moulds, data={"useful_life_months": 120})
    assert (changed.useful_life_months, changed.method) == (120, "slm")


def test_register_run_dispose_and_cancel_over_http(api_client, users, tenant_alpha, books):
    from django.test.utils import CaptureQueriesContext

    bill = machine_bill(books)
    plant = category().pk
    client = api_client("alpha", users["owner_alpha"])
    made = client.post(
        f"{API}/assets/",
        {
            "name": "Press brake",
            "category": plant,
            "bill": bill.pk,
            "purchase_date": "2026-06-15",
            "in_use_date": "2026-06-16",
            "cost": "100000",
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    asset = made.json()
    assert (
        asset["number"],
        asset["rate"],
        asset["bill_number"],
        asset["book_value"],
        asset["can_delete"],
    ) == ("FA/26-27/00001", "0.181036", bill.number, "100000.0000", True)
    assert (asset["life_end"], len(asset["schedule"]), asset["schedule"][0]["depreciation"]) == (
        "2041-06-15",
        16,
        "14334.0800",
    )
    bad = client.post(f"{API}/assets/", {"name": "X", "cost": "-1"}, format="json")
    assert bad.status_code == 400
    assert {"category", "purchase_date", "cost"} <= set(bad.json()["fields"])

    preview = client.get(f"{API}/depreciation/preview/", {"month": "2026-06"}).json()
    assert ([r["amount"] for r in preview["rows"]], preview["total"], preview["done"]) == (
        ["743.9800"],
        "743.9800",
        None,
    )
    posted = client.post(f"{API}/depreciation/", {"month": "2026-06"}, format="json")
    assert posted.status_code == 201, posted.content
    body = posted.json()
    assert (body["total"], body["assets"], body["journal_entry_number"][:4]) == (
        "743.9800",
        1,
        "DEP/",
    )
    again = client.get(f"{API}/depreciation/preview/", {"month": "2026-06"}).json()
    assert (again["done"], again["total"]) == (body["id"], "743.9800")
    twice = client.post(f"{API}/depreciation/", {"month": "2026-06"}, format="json")
    assert (twice.status_code, twice.json()["code"], list(twice.json()["fields"])) == (
        400,
        "already_done",
        ["month"],
    )
    for month in ("June", "1999-12"):
        wrong = client.get(f"{API}/depreciation/preview/", {"month": month})
        assert (wrong.status_code, list(wrong.json()["fields"])) == (400, ["month"])

    early = client.get(f"{API}/assets/{asset['id']}/disposal/", {"date": "2026-06-30"})
    assert (early.status_code, early.json()["code"]) == (400, "depreciated_after")
    figures = client.get(
        f"{API}/assets/{asset['id']}/disposal/", {"date": "2026-07-10", "proceeds": "95000"}
    ).json()
    assert (figures["depreciation"], figures["book_value"], figures["gain"]) == (
        "495.9900",  # 10 July: 25 days, 1,239.97 - 743.98
        "98760.0300",
        "-3760.0300",
    )
    sold = client.post(
        f"{API}/assets/{asset['id']}/disposal/",
        {"date": "2026-07-10", "proceeds": "95000", "account": books.bank.pk},
        format="json",
    )
    assert sold.status_code == 200, sold.content
    assert (sold.json()["status"], sold.json()["disposal_gain"]) == ("disposed", "-3760.0300")
    undone = client.post(f"{API}/assets/{asset['id']}/disposal/cancel/", {}, format="json")
    assert undone.json()["status"] == "active"
    cancelled = client.post(f"{API}/depreciation/{body['id']}/cancel/", {}, format="json")
    assert cancelled.json()["status"] == "cancelled"
    assert client.get(f"{API}/depreciation/999999/").status_code == 404
    # June's run is cancelled, yet the asset was in it: it stays (and says so)
    assert client.get(f"{API}/assets/{asset['id']}/").json()["can_delete"] is False
    assert client.delete(f"{API}/assets/{asset['id']}/").json()["code"] == "has_depreciation"

    # the list and the register: as many queries for three assets as for one
    def counted(path: str, params: dict[str, str] | None = None) -> tuple[Any, int]:
        with CaptureQueriesContext(connection) as queries:
            got = client.get(path, params or {})
        assert got.status_code == 200, got.content
        return got.json(), len(queries)

    listed, one = counted(f"{API}/assets/")
    report, one_report = counted(f"{API}/register/", {"date_from": "2026-04-01"})
    with in_schema(tenant_alpha.schema_name):
        for n in (2, 3):
            register(books, name=f"Machine {n}", cost=D("1000"))
    listed, three = counted(f"{API}/assets/")
    report, three_report = counted(f"{API}/register/", {"date_from": "2026-04-01"})
    assert (len(listed["results"]), three, three_report) == (3, one, one_report)
    assert report["total"]["additions"] == "102000.0000"
    assert (
        client.get(
            f"{API}/register/", {"date_from": "2026-05-01", "date_to": "2026-04-01"}
        ).status_code
        == 400
    )
    listed_file = client.get(f"{API}/assets/export/", {"status": "active"})
    assert (listed_file.status_code, "spreadsheetml" in listed_file["Content-Type"]) == (200, True)
    for fmt, kind in (("xlsx", "spreadsheetml"), ("pdf", "pdf")):
        got = client.get(f"{API}/register/export/", {"format": fmt, "date_from": "2026-04-01"})
        assert (got.status_code, kind in got["Content-Type"]) == (200, True)


@pytest.fixture
def fixtures(tenant_alpha, users) -> dict[str, Any]:
    from tenant_apps.assets.services import depreciation_run_create

    with in_schema(tenant_alpha.schema_name):
        books = _books(users["owner_alpha"])
        machine_bill(books)
        asset = register(books)
        june = depreciation_run_create(user=books.user, month=JUNE)
        fresh = register(books, name="Spare press")
        return {
            "asset": asset.pk,
            "fresh": fresh.pk,
            "june": june.pk,
            "category": category().pk,
            "bank": books.bank.pk,
            "p_and_m": ledger("1220").pk,
            "acc": ledger("1290").pk,
            "dep": ledger("5250").pk,
        }


def _state(tenant: Any) -> Any:
    from tenant_apps.assets.models import Asset, AssetCategory, AssetSettings, DepreciationRun
    from tenant_apps.finance.models import JournalEntry

    with in_schema(tenant.schema_name):
        return (
            list(Asset.objects.order_by("pk").values_list("pk", "status", "name")),
            list(AssetCategory.objects.order_by("pk").values_list("pk", "name", "is_active")),
            list(DepreciationRun.objects.order_by("pk").values_list("pk", "status")),
            JournalEntry.objects.count(),
            list(AssetSettings.objects.values_list("auto_depreciate", flat=True)),
        )


def _new_category(f: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": "Dies",
        "method": "slm",
        "useful_life_months": 60,
        "residual_percent": "5",
        "asset_account": f["p_and_m"],
        "accumulated_account": f["acc"],
        "depreciation_account": f["dep"],
    }


@pytest.mark.parametrize(
    ("method", "path", "permission", "body", "expected"),
    [
        ("get", "/categories/", "assets.category.view", None, 200),
        ("post", "/categories/", "assets.category.create", _new_category, 201),
        ("get", "/categories/{category}/", "assets.category.view", None, 200),
        ("patch", "/categories/{category}/", "assets.category.change", {"is_active": False}, 200),
        ("get", "/assets/", "assets.asset.view", None, 200),
        (
            "post",
            "/assets/",
            "assets.asset.create",
            lambda f: {
                "name": "Lathe",
                "category": f["category"],
                "purchase_date": "2026-06-20",
                "cost": "5000",
            },
            201,
        ),
        ("get", "/assets/{asset}/", "assets.asset.view", None, 200),
        ("patch", "/assets/{asset}/", "assets.asset.change", {"name": "Renamed"}, 200),
        ("get", "/assets/import/template/", "assets.asset.create", None, 200),
        ("post", "/assets/import/", "assets.asset.create", None, 400),  # no file: the 400
        ("get", "/assets/export/", "assets.asset.export", None, 200),
        ("delete", "/assets/{fresh}/", "assets.asset.delete", None, 204),
        ("get", "/assets/{asset}/disposal/?date=2026-07-10", "assets.asset.view", None, 200),
        (
            "post",
            "/assets/{asset}/disposal/",
            "assets.asset.change",
            lambda f: {"date": "2026-07-10", "proceeds": "1000", "account": f["bank"]},
            200,
        ),
        ("get", "/depreciation/", "assets.depreciation.view", None, 200),
        ("get", "/depreciation/settings/", "assets.depreciation.view", None, 200),
        (
            "patch",
            "/depreciation/settings/",
            "assets.depreciation.create",
            {"auto_depreciate": True},
            200,
        ),
        ("get", "/depreciation/preview/?month=2026-07", "assets.depreciation.view", None, 200),
        ("post", "/depreciation/", "assets.depreciation.create", {"month": "2026-07"}, 201),
        ("get", "/depreciation/{june}/", "assets.depreciation.view", None, 200),
        ("post", "/depreciation/{june}/cancel/", "assets.depreciation.delete", {}, 200),
        ("get", "/register/", "assets.asset.view", None, 200),
        ("get", "/register/export/?format=xlsx", "assets.asset.export", None, 200),
    ],
    ids=lambda v: "body" if callable(v) else str(v)[:40],  # stable across xdist workers
)
def test_every_assets_endpoint_is_in_the_permission_matrix(
    tenant_alpha, fixtures, method, path, permission, body, expected
):
    assert_permission_matrix(
        method=method,
        path=API + path.format(**fixtures),
        tenant=tenant_alpha,
        permission=permission,
        body=body(fixtures) if callable(body) else body,
        expect_ok=expected,
        snapshot=lambda: _state(tenant_alpha),
    )


def test_the_disposal_cancel_endpoint_is_in_the_permission_matrix(tenant_alpha, fixtures):
    from tenant_apps.assets.models import Asset
    from tenant_apps.assets.services import asset_dispose

    with in_schema(tenant_alpha.schema_name):
        asset = Asset.objects.get(pk=fixtures["asset"])
        asset_dispose(user=None, asset=asset, date=dt.date(2026, 7, 10))
    assert_permission_matrix(
        method="post",
        path=f"{API}/assets/{fixtures['asset']}/disposal/cancel/",
        tenant=tenant_alpha,
        permission="assets.asset.change",
        body={},
        expect_ok=200,
        snapshot=lambda: _state(tenant_alpha),
    )


def _assets_wipe(schema: str) -> None:
    with connection.cursor() as cursor:
        for table in ASSET_TABLES:
            cursor.execute(f'DELETE FROM "{schema}".{table}')
        cursor.execute(
            f'DELETE FROM "{schema}".core_documentsequence WHERE series = ANY(%s)',
            [["FA", "DEP", "FAD", "FAC"]],
        )


@pytest.fixture
def committed_assets(world, committed_books):
    with in_schema(world.alpha_schema):
        _assets_wipe(world.alpha_schema)
    try:
        yield committed_books
    finally:
        connection.set_schema_to_public()
        with in_schema(world.alpha_schema):
            _assets_wipe(world.alpha_schema)
            invoicing_wipe(world.alpha_schema)


def test_four_clerks_running_a_month_or_disposing_at_once_do_it_once(world, committed_assets):
    """Real commits, threads released together: June run four times, one run and one entry;
    the same machine disposed of four times, one disposal and one entry."""
    from tenant_apps.assets.models import Asset, DepreciationRun
    from tenant_apps.finance.models import JournalEntry

    books = committed_assets
    with in_schema(world.alpha_schema):
        asset = register(books)

    assert at_once(world.alpha_schema, 4, lambda: run(books, JUNE)) == ["already_done"] * 3 + ["ok"]
    assert at_once(world.alpha_schema, 4, lambda: dispose(books, asset, dt.date(2026, 7, 10))) == [
        "not_active"
    ] * 3 + ["ok"]
    with in_schema(world.alpha_schema):
        assert DepreciationRun.objects.count() == 1
        assert JournalEntry.objects.filter(series__in=["DEP", "FAD"]).count() == 2
        assert Asset.objects.get().status == "disposed"


def test_depreciation_and_a_disposal_are_booked_to_the_assets_cost_centre(books):
    from tenant_apps.assets.services import asset_update
    from tenant_apps.finance.models import JournalLine
    from tenant_apps.finance.services import cost_centre_create

    # given the press in the fabrication shop, a second machine in none, a group refused
    shops = cost_centre_create(user=books.user, code="SHOPS", name="Shops", is_group=True)
    fab = cost_centre_create(user=books.user, code="FAB", name="Fabrication", parent_id=shops.pk)
    assert refused(lambda: register(books, cost_centre=shops)) == ("invalid", ["cost_centre"])
    press = register(books, cost_centre=fab)
    register(books, name="Compressor", cost=D("50000"))
    # when June is run
    june = run(books, JUNE)
    # then one debit per cost centre, one credit of accumulated depreciation
    lines = list(
        JournalLine.objects.filter(entry_id=june.journal_entry_id)
        .order_by("line_no")
        .values_list("account__code", "debit", "credit", "cost_centre__code")
    )
    assert lines == [
        ("5250", D("371.99"), D("0"), None),  # half the press: ₹50,000
        ("5250", D("743.98"), D("0"), "FAB"),
        ("1290", D("0"), D("1115.97"), None),
    ]
    # moved out of the shop, its disposal's charge and loss go to no cost centre
    with pytest.raises(ApplicationError):
        asset_update(user=books.user, asset=press, data={"cost_centre": shops})
    moved = asset_update(user=books.user, asset=press, data={"name": "Press", "cost_centre": fab})
    assert (moved.name, moved.cost_centre) == ("Press", fab)
    sold = dispose(books, press, dt.date(2026, 7, 10), "95000", account=books.bank)
    booked = set(
        JournalLine.objects.filter(entry_id=sold.disposal_entry_id)
        .exclude(cost_centre=None)
        .values_list("account__code", "cost_centre__code")
    )
    assert booked == {("5250", "FAB"), ("5297", "FAB")}
    # disposed: its depreciation is booked, the cost centre stays; the name may change
    assert refused(
        lambda: asset_update(user=books.user, asset=press, data={"cost_centre": None})
    ) == ("disposed", ["cost_centre"])
    assert asset_update(user=books.user, asset=press, data={"name": "Old press"}).name == (
        "Old press"
    )


def test_the_daily_job_posts_last_month_where_the_company_asked_for_it(world, committed_assets):
    """Real commits: the sweep enters alpha's schema, as Celery beat would run it."""
    from tenant_apps.assets.models import DepreciationRun
    from tenant_apps.assets.services import asset_settings_update
    from tenant_apps.assets.tasks import depreciation_sweep

    books = committed_assets
    schema = world.alpha_schema
    with in_schema(schema):
        register(books)
    august_first = dt.date(2026, 8, 1)  # last month: July
    # off: nothing happens
    assert depreciation_sweep(on=august_first, schema=schema) == {schema: "off"}
    with in_schema(schema):
        asset_settings_update(user=books.user, auto_depreciate=True)
    # on: July is posted (catching June up), then it is done; a month before is refused
    assert depreciation_sweep(on=august_first, schema=schema) == {schema: "posted"}
    assert depreciation_sweep(on=dt.date(2026, 8, 2), schema=schema) == {schema: "done"}
    assert depreciation_sweep(on=dt.date(2026, 7, 1), schema=schema) == {
        schema: "refused: already_done"
    }
    with in_schema(schema):
        run_ = DepreciationRun.objects.get()
        assert (run_.month, run_.total, run_.created_by_id) == (JULY, D("2281.55"), None)
        from tenant_apps.assets.models import AssetSettings

        AssetSettings.objects.all().delete()


def test_the_automatic_run_setting_over_http(api_client, users, tenant_alpha):
    client = api_client("alpha", users["owner_alpha"])
    assert client.get(f"{API}/depreciation/settings/").json() == {"auto_depreciate": False}
    on = client.patch(f"{API}/depreciation/settings/", {"auto_depreciate": True}, format="json")
    assert (on.status_code, on.json()) == (200, {"auto_depreciate": True})
    bad = client.patch(f"{API}/depreciation/settings/", {"auto_depreciate": "maybe"}, format="json")
    assert (bad.status_code, list(bad.json()["fields"])) == (400, ["auto_depreciate"])


def _sheet(rows: list[list[Any]]) -> Any:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    from tenant_apps.assets.imports import COLUMNS

    book = Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(row + [""] * (len(COLUMNS) - len(row)))
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("assets.xlsx", out.getvalue())


def test_an_existing_register_is_brought_in_from_a_spreadsheet_all_rows_or_none(
    api_client, users, tenant_alpha, books
):
    from tenant_apps.assets.models import Asset
    from tenant_apps.finance.services import cost_centre_create

    cost_centre_create(user=books.user, code="FAB", name="Fabrication")
    client = api_client("alpha", users["owner_alpha"])
    template = client.get(f"{API}/assets/import/template/")
    assert (template.status_code, template["Content-Disposition"]) == (
        200,
        'attachment; filename="fixed-assets.xlsx"',
    )
    empty = client.post(f"{API}/assets/import/", {"file": _sheet([])}, format="multipart")
    assert (empty.status_code, empty.json()["code"]) == (400, "import_empty")
    bad = client.post(
        f"{API}/assets/import/",
        {
            "file": _sheet(
                [
                    ["Press", "Plant and machinery", "2026-05-10", "", "850000"],
                    ["Lathe", "Plant", "10/05/2026", "", "1,20,000", "", "", "", "", "", "FAB"],
                    ["Van", "Motor vehicles", "31/02/2026", "", "-5", "", "sum"],
                    ["Drill", "Plant and machinery", "2026-05-10", "2026-05-01", "5000"],
                    ["Saw", "Plant and machinery", "2026-05-10", "", "NaN", "1e400"],
                ]
            )
        },
        format="multipart",
    )
    assert (bad.status_code, bad.json()["code"]) == (400, "import_invalid")
    assert bad.json()["fields"] == {
        "rows.3.category": ["No category is named 'Plant'."],
        "rows.4.cost": ["An amount above zero."],
        "rows.4.method": ["wdv (written-down value) or slm (straight line)."],
        "rows.4.purchase_date": ["A date: yyyy-mm-dd or dd/mm/yyyy."],
        "rows.5.in_use_date": ["An asset is put to use on or after the day it was bought."],
        "rows.6.cost": ["An amount, e.g. 120000.00."],
        "rows.6.residual_value": ["An amount, e.g. 120000.00."],
    }
    with in_schema(tenant_alpha.schema_name):
        assert not Asset.objects.exists()
    good = client.post(
        f"{API}/assets/import/",
        {
            "file": _sheet(
                [
                    ["Press", "plant and machinery", "2026-05-10", "2026-05-15", 850000],
                    [
                        "Tata Ace",
                        "Motor vehicles",
                        "01/06/2023",
                        "",
                        "720000",
                        36000,
                        "wdv",
                        96,
                        "2026-04-01",
                        301000,
                        "fab",
                        "Delivery van",
                    ],
                ]
            )
        },
        format="multipart",
    )
    assert good.status_code == 201, good.content
    assert good.json() == {"created": 2, "numbers": ["FA/26-27/00001", "FA/23-24/00001"]}
    with in_schema(tenant_alpha.schema_name):
        van = Asset.objects.get(name="Tata Ace")
        assert (van.opening_depreciation, van.useful_life_months, van.cost_centre.code) == (
            D("301000.00"),
            96,
            "FAB",
        )
        assert Asset.objects.get(name="Press").residual_value == D("42500.00")  # 5 %
    # the same file again, or a row repeated in a file: nothing is registered twice
    press = ["PRESS ", "Plant and machinery", "2026-05-10", "2026-05-15", "850000.00"]
    drill = ["Drill", "Plant and machinery", "2026-05-10", "", "5000"]
    again = client.post(
        f"{API}/assets/import/",
        {"file": _sheet([drill, press, drill, [*drill[:4], "5001"]])},
        format="multipart",
    )
    assert (again.status_code, again.json()["fields"]) == (
        400,
        {
            "rows.3.name": [
                "PRESS is in the register as FA/26-27/00001 already (same category, day put "
                "to use and cost)."
            ],
            "rows.4.name": ["Drill is on row 2 already (same category, day put to use and cost)."],
        },
    )
    with in_schema(tenant_alpha.schema_name):
        assert Asset.objects.count() == 2


def test_the_import_template_imports_as_it_is(api_client, users, tenant_alpha):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = api_client("alpha", users["owner_alpha"])
    template = client.get(f"{API}/assets/import/template/").content
    made = client.post(
        f"{API}/assets/import/",
        {"file": SimpleUploadedFile("fixed-assets.xlsx", template)},
        format="multipart",
    )
    assert (made.status_code, made.json()["created"]) == (201, 2)
