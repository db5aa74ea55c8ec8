"""Depreciation under the Income-tax Act by blocks of assets (s.32, Rule 5; ADR 0075
addendum): worked examples of a year with an entered opening, additions at full and half rate
and a sale; the next year following from it; a block sold beyond its value; a block with no
opening entered worked out from the register; the categories' blocks; HTTP and the matrix.
Additional depreciation of new plant (s.32(1)(iia)) and a block that ceases (s.50(2); ADR
0076)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest

from tenant_apps.assets.depreciation import YearStart
from tests.conftest import in_schema
from tests.permission_matrix import assert_permission_matrix
from tests.tenant_apps.assets.test_assets import category, dispose, ledger, refused, register
from tests.tenant_apps.invoicing.conftest import _books

API = "/api/v1/assets"
APRIL = YearStart(4, 1)
FY = dt.date(2026, 4, 1)
PLANT = "Plant and machinery 15%"


def blocks(day: dt.date = FY) -> dict[str, Any]:
    from tenant_apps.assets.tax import claims_additional, tax_depreciation

    return {b.block: b for b in tax_depreciation(day, APRIL, claim=claims_additional())}


def opening(books: Any, block: str, wdv: str, year_start: dt.date = FY) -> Any:
    from tenant_apps.assets.services import tax_opening_set

    return tax_opening_set(user=books.user, block=block, year_start=year_start, wdv=D(wdv))


def brought_forward_van(books: Any) -> Any:
    """A van of the plant block bought in May 2023 for ₹6,00,000, in these books from the
    year's start with ₹2,00,000 charged before."""
    return register(
        books,
        name="Tata Ace",
        category=category("Motor vehicles"),
        purchase_date=dt.date(2023, 5, 1),
        in_use_date=dt.date(2023, 5, 1),
        cost=D("600000"),
        opening_date=FY,
        opening_depreciation=D("200000"),
    )


def _plant_year(books: Any) -> None:
    """₹5,00,000 brought forward in the plant block; a press put to use on 16 June (full rate),
    a drill on 1 November (151 days: half rate); a van of the same block sold on 10 September
    for ₹2,50,000."""
    opening(books, PLANT, "500000")
    register(books)  # ₹1,00,000 from 16 June
    register(
        books,
        name="Radial drill",
        purchase_date=dt.date(2026, 11, 1),
        in_use_date=dt.date(2026, 11, 1),
        cost=D("40000"),
    )
    van = brought_forward_van(books)
    dispose(books, van, dt.date(2026, 9, 10), "250000", account=books.bank)


def test_a_year_of_the_plant_block_and_the_next_that_follows_from_it(books):
    _plant_year(books)
    plant = blocks()[PLANT]
    # then 15 % on 5,00,000 + 1,00,000 - 2,50,000, and 7.5 % on the drill
    assert (plant.opening, plant.opening_entered) == (D("500000"), True)
    assert (plant.additions_full, plant.additions_half, plant.sales) == (
        D("100000"),
        D("40000"),
        D("250000"),
    )
    assert (plant.depreciation_full, plant.depreciation_half, plant.capital_gain) == (
        D("52500.00"),
        D("3000.00"),
        D("0"),
    )
    assert plant.closing == D("334500.00")
    assert [(i.asset.name, i.half_rate) for i in plant.additions] == [
        ("Press brake 100 t", False),
        ("Radial drill", True),
    ]
    assert [(i.asset.name, i.date, i.amount) for i in plant.disposals] == [
        ("Tata Ace", dt.date(2026, 9, 10), D("250000.00"))
    ]
    # the next year opens where this one closed (nothing entered for it)
    after = blocks(dt.date(2027, 4, 1))[PLANT]
    assert (after.opening, after.opening_entered, after.depreciation, after.closing) == (
        D("334500.00"),
        False,
        D("50175.00"),
        D("284325.00"),
    )
    # an opening entered for the next year takes over, until it is removed
    opening(books, PLANT, "300000", dt.date(2027, 4, 1))
    assert blocks(dt.date(2027, 4, 1))[PLANT].depreciation == D("45000.00")
    from tenant_apps.assets.services import tax_opening_set

    tax_opening_set(user=books.user, block=PLANT, year_start=dt.date(2027, 4, 1), wdv=None)
    assert blocks(dt.date(2027, 4, 1))[PLANT].opening == D("334500.00")


def test_sales_beyond_the_block_are_a_capital_gain_and_leave_nothing(books):
    # given ₹10,000 in the computer block, a laptop of ₹60,000 put to use on 15 October
    # (half rate) and sold on 20 November for ₹80,000
    opening(books, "Computers 40%", "10000")
    laptop = register(
        books,
        name="Laptop",
        category=category("Computers (end-user devices)"),
        purchase_date=dt.date(2026, 10, 15),
        in_use_date=dt.date(2026, 10, 15),
        cost=D("60000"),
    )
    dispose(books, laptop, dt.date(2026, 11, 20), "80000", account=books.bank)
    computers = blocks()["Computers 40%"]
    assert (computers.depreciation, computers.capital_gain, computers.closing) == (
        D("0"),
        D("10000"),
        D("0"),
    )


def test_a_block_with_no_opening_is_worked_out_from_the_register(books):
    # given a table put to use on 1 May 2025 and nothing entered for the furniture block
    register(
        books,
        name="Conference table",
        category=category("Furniture and fittings"),
        purchase_date=dt.date(2025, 5, 1),
        in_use_date=dt.date(2025, 5, 1),
        cost=D("50000"),
    )
    furniture = blocks()["Furniture and fittings 10%"]
    # then 2025-26 took 5,000 (a full year's rate: 335 days) and 2026-27 opens at 45,000
    assert (furniture.opening, furniture.opening_entered, furniture.depreciation) == (
        D("45000.00"),
        False,
        D("4500.00"),
    )
    # every seeded category is in a block
    assert sorted(blocks()) == [
        "Buildings 10%",
        "Computers 40%",
        "Furniture and fittings 10%",
        PLANT,
    ]


def test_a_block_has_one_rate_and_openings_start_a_fiscal_year(books):
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
    wrong = {**data, "tax_block": PLANT, "tax_rate": D("30")}
    assert refused(lambda: category_create(user=books.user, data=wrong)) == (
        "invalid",
        ["tax_rate"],
    )
    half = {**data, "tax_block": PLANT}
    assert refused(lambda: category_create(user=books.user, data=half)) == ("invalid", ["tax_rate"])
    moulds = category_create(user=books.user, data={**data, "tax_block": PLANT, "tax_rate": 15})
    assert category_update(user=books.user, category=moulds, data={"name": "Moulds and dies"})
    # a category's new rate is the block's: its other categories follow
    category_update(user=books.user, category=category(), data={"tax_rate": D("20")})
    from tenant_apps.assets.models import AssetCategory

    assert set(
        AssetCategory.objects.filter(tax_block=PLANT).values_list("tax_rate", flat=True)
    ) == {D("20")}
    assert refused(lambda: opening(books, PLANT, "1", dt.date(2026, 5, 1))) == (
        "invalid",
        ["year_start"],
    )
    assert refused(lambda: opening(books, "No such block", "1")) == ("invalid", ["block"])


def test_tax_depreciation_over_http(api_client, users, tenant_alpha, books):
    _plant_year(books)
    client = api_client("alpha", users["owner_alpha"])
    got = client.get(f"{API}/tax-depreciation/", {"year": "2026-11-29"}).json()
    assert (got["year_start"], got["year_end"]) == ("2026-04-01", "2027-03-31")
    plant = next(b for b in got["blocks"] if b["block"] == PLANT)
    assert (plant["depreciation"], plant["closing"], len(plant["additions"])) == (
        "55500.0000",
        "334500.0000",
        2,
    )
    put = client.put(
        f"{API}/tax-depreciation/openings/",
        {"block": PLANT, "year_start": "2026-04-01", "wdv": "600000"},
        format="json",
    )
    assert put.status_code == 200, put.content
    plant = next(b for b in put.json()["blocks"] if b["block"] == PLANT)
    assert plant["depreciation_full"] == "67500.0000"  # 15 % of 4,50,000
    bad = client.put(
        f"{API}/tax-depreciation/openings/",
        {"block": PLANT, "year_start": "2026-04-01", "wdv": "-1"},
        format="json",
    )
    assert (bad.status_code, list(bad.json()["fields"])) == (400, ["wdv"])
    for fmt, kind in (("xlsx", "spreadsheetml"), ("pdf", "pdf")):
        file = client.get(f"{API}/tax-depreciation/export/", {"format": fmt})
        assert (file.status_code, kind in file["Content-Type"]) == (200, True)


def _state(tenant: Any) -> Any:
    from tenant_apps.assets.models import AssetSettings, TaxBlockOpening

    with in_schema(tenant.schema_name):
        return (
            list(TaxBlockOpening.objects.order_by("pk").values_list("block", "wdv")),
            list(AssetSettings.objects.values_list("tax_additional", flat=True)),
        )


@pytest.fixture
def with_opening(tenant_alpha, users) -> None:
    with in_schema(tenant_alpha.schema_name):
        opening(_books(users["owner_alpha"]), PLANT, "100")


@pytest.mark.parametrize(
    ("method", "path", "permission", "body", "expected"),
    [
        ("get", "/tax-depreciation/", "assets.asset.view", None, 200),
        ("get", "/tax-depreciation/export/?format=pdf", "assets.asset.export", None, 200),
        (
            "put",
            "/tax-depreciation/openings/",
            "assets.category.change",
            {"block": PLANT, "year_start": "2026-04-01", "wdv": "5"},
            200,
        ),
        (
            "put",
            "/tax-depreciation/settings/",
            "assets.category.change",
            {"claim_additional": True},
            200,
        ),
    ],
    ids=lambda v: str(v)[:40],
)
def test_every_tax_depreciation_endpoint_is_in_the_permission_matrix(
    tenant_alpha, with_opening, method, path, permission, body, expected
):
    assert_permission_matrix(
        method=method,
        path=API + path,
        tenant=tenant_alpha,
        permission=permission,
        body=body,
        expect_ok=expected,
        snapshot=lambda: _state(tenant_alpha),
    )


def test_the_tax_year_runs_april_to_march_whatever_the_books_year(api_client, users, tenant_alpha):
    from tenant_apps.core.models import CompanySettings

    with in_schema(tenant_alpha.schema_name):
        CompanySettings.objects.update(fiscal_year_start_month=1)
    client = api_client("alpha", users["owner_alpha"])
    got = client.get(f"{API}/tax-depreciation/", {"year": "2026-02-10"}).json()
    assert (got["year_start"], got["year_end"]) == ("2025-04-01", "2026-03-31")
    wrong = client.put(
        f"{API}/tax-depreciation/openings/",
        {"block": PLANT, "year_start": "2026-01-01", "wdv": "1"},
        format="json",
    )
    assert (wrong.status_code, list(wrong.json()["fields"])) == (400, ["year_start"])


def claim_additional(books: Any, on: bool = True) -> None:
    from tenant_apps.assets.services import asset_settings_update

    asset_settings_update(user=books.user, tax_additional=on)


def test_new_plant_takes_additional_depreciation_half_of_it_the_next_year_when_used_late(books):
    # given the plant year above, claimed by a company outside s.115BAA (plant and machinery is
    # seeded at 20 %; the van, a road vehicle, at nothing)
    _plant_year(books)
    assert blocks()[PLANT].additional == D("0")  # not claimed until the company says so
    claim_additional(books)
    plant = blocks()[PLANT]
    # then 20 % of the press (used 289 days) and 10 % of the drill (151 days) on top of
    # 55,500: 15 % of 3,50,000 and 7.5 % of 40,000
    assert [(i.asset.name, i.additional) for i in plant.additions] == [
        ("Press brake 100 t", D("20000.00")),
        ("Radial drill", D("4000.00")),
    ]
    assert (plant.depreciation_full, plant.depreciation_half, plant.additional) == (
        D("52500.00"),
        D("3000.00"),
        D("24000.00"),
    )
    assert (plant.depreciation, plant.closing) == (D("79500.00"), D("310500.00"))
    # and the drill's other 10 % comes the next year, with 15 % of the closing
    after = blocks(dt.date(2027, 4, 1))[PLANT]
    assert [(i.asset.name, i.additional) for i in after.carried] == [("Radial drill", D("4000.00"))]
    assert (after.opening, after.additional, after.depreciation, after.closing) == (
        D("310500.00"),
        D("4000.00"),
        D("50575.00"),
        D("259925.00"),
    )


def test_additional_depreciation_follows_the_asset_rate_and_never_goes_below_nothing(books):
    claim_additional(books)
    # given nothing in the plant block at the year's start, a second-hand lathe (no additional
    # depreciation) and a new press, and a van of the block brought forward sold for ₹1,35,000
    opening(books, PLANT, "0")
    lathe = register(books, name="Used lathe", cost=D("50000"), tax_additional_rate=D("0"))
    assert lathe.tax_additional_rate == D("0")
    assert register(books).tax_additional_rate == D("20.00")  # the category's
    van = brought_forward_van(books)
    dispose(books, van, dt.date(2026, 9, 10), "135000", account=books.bank)
    plant = blocks()[PLANT]
    # then 15 % of 15,000 is 2,250, and the press's 20,000 is held to the 12,750 left
    assert (plant.depreciation_full, plant.additional, plant.closing, plant.ceased) == (
        D("2250.00"),
        D("12750.00"),
        D("0.00"),
        False,
    )
    assert [(i.asset.name, i.additional) for i in plant.additions] == [
        ("Used lathe", D("0")),
        ("Press brake 100 t", D("12750.00")),
    ]


def test_a_block_whose_every_asset_is_sold_ceases_with_a_capital_loss(books):
    # given the furniture block at ₹45,000 and its one table sold for ₹10,000 in September
    opening(books, "Furniture and fittings 10%", "45000")
    table = register(
        books,
        name="Conference table",
        category=category("Furniture and fittings"),
        purchase_date=dt.date(2025, 5, 1),
        in_use_date=dt.date(2025, 5, 1),
        cost=D("50000"),
    )
    dispose(books, table, dt.date(2026, 9, 1), "10000", account=books.bank)
    furniture = blocks()["Furniture and fittings 10%"]
    # then no depreciation: the block ceased and 35,000 is a short-term capital loss
    assert (furniture.ceased, furniture.depreciation, furniture.closing) == (True, D("0"), D("0"))
    assert (furniture.capital_loss, furniture.capital_gain) == (D("35000"), D("0"))
    # and the year before it was a block in use
    before = blocks(dt.date(2025, 4, 1))["Furniture and fittings 10%"]
    assert (before.ceased, before.depreciation) == (False, D("5000.00"))


def test_renaming_the_last_category_s_block_takes_its_openings_along(books):
    from tenant_apps.assets.models import TaxBlockOpening
    from tenant_apps.assets.services import category_update

    def entered() -> list[tuple[str, D]]:
        return list(TaxBlockOpening.objects.order_by("block").values_list("block", "wdv"))

    computers = category("Computers (end-user devices)")
    opening(books, "Computers 40%", "9000")
    category_update(user=books.user, category=computers, data={"tax_block": "IT 40%"})
    assert entered() == [("IT 40%", D("9000.00"))]
    assert blocks()["IT 40%"].opening == D("9000.00")
    # a category joining a block that has its own openings leaves its old ones where they are
    opening(books, "Furniture and fittings 10%", "4000")
    category_update(
        user=books.user,
        category=category("Furniture and fittings"),
        data={"tax_block": "IT 40%", "tax_rate": D("40")},
    )
    assert entered() == [("Furniture and fittings 10%", D("4000.00")), ("IT 40%", D("9000.00"))]
    # ... and a block renamed onto those is refused: one year would be entered twice
    opening(books, "Buildings 10%", "100000")
    assert refused(
        lambda: category_update(
            user=books.user,
            category=category("Factory buildings"),
            data={"tax_block": "Furniture and fittings 10%"},
        )
    ) == ("conflict", ["tax_block"])
    # a category's additional depreciation needs a block
    assert refused(
        lambda: category_update(
            user=books.user,
            category=computers,
            data={"tax_block": "", "tax_rate": None, "tax_additional_rate": D("20")},
        )
    ) == ("invalid", ["tax_additional_rate"])


def test_additional_depreciation_over_http(api_client, users, tenant_alpha, books):
    _plant_year(books)
    client = api_client("alpha", users["owner_alpha"])
    put = client.put(f"{API}/tax-depreciation/settings/", {"claim_additional": True}, format="json")
    assert (put.status_code, put.json()) == (200, {"claim_additional": True})
    got = client.get(f"{API}/tax-depreciation/", {"year": "2026-11-29"}).json()
    plant = next(b for b in got["blocks"] if b["block"] == PLANT)
    assert (got["claim_additional"], plant["additional"], plant["depreciation"]) == (
        True,
        "24000.0000",
        "79500.0000",
    )
    assert [i["additional"] for i in plant["additions"]] == ["20000.0000", "4000.0000"]
    # an asset's rate is changed on its own (second-hand after all): a working, nothing posted
    drill = next(i["asset"] for i in plant["additions"] if i["name"] == "Radial drill")
    patched = client.patch(f"{API}/assets/{drill}/", {"tax_additional_rate": "0"}, format="json")
    assert (patched.status_code, patched.json()["tax_additional_rate"]) == (200, "0.00")
    got = client.get(f"{API}/tax-depreciation/", {"year": "2026-11-29"}).json()
    assert next(b for b in got["blocks"] if b["block"] == PLANT)["additional"] == "20000.0000"
    bad = client.patch(f"{API}/assets/{drill}/", {"tax_additional_rate": "101"}, format="json")
    assert (bad.status_code, list(bad.json()["fields"])) == (400, ["tax_additional_rate"])
    bad = client.put(f"{API}/tax-depreciation/settings/", {}, format="json")
    assert (bad.status_code, list(bad.json()["fields"])) == (400, ["claim_additional"])
    pdf = client.get(f"{API}/tax-depreciation/export/", {"format": "xlsx"})
    assert pdf.status_code == 200
