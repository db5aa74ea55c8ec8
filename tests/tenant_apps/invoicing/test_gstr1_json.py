"""GSTR-1 as the portal's JSON (ADR 0056): worked examples for June 2026, checked against the
format's structure, the 400s, and a bounded number of queries."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal as D
from typing import Any

import pytest

from tests.conftest import in_schema
from tests.tenant_apps.invoicing.conftest import _books, line, make_raiser

API = "/api/v1/invoicing"
COMPANY_GSTIN = "27AAPFU0939F1ZV"  # alpha is in Maharashtra (27)
JUNE = dt.date(2026, 6, 1)
JULY_DAY = dt.date(2026, 7, 2)


# ---------------------------------------------------------------------------------------------
# The format, written down from the offline tool's JSON (ADR 0056) and checked structurally
# ---------------------------------------------------------------------------------------------
DATE = re.compile(r"^\d{2}-\d{2}-\d{4}$")
STATE = re.compile(r"^\d{2}$")
GSTIN = re.compile(r"^\d{2}[A-Z0-9]{13}$")
UQCS = {
    "BAG", "BAL", "BDL", "BKL", "BOU", "BOX", "BTL", "BUN", "CAN", "CBM", "CCM", "CMS", "CTN",
    "DOZ", "DRM", "GGK", "GMS", "GRS", "GYD", "KGS", "KLR", "KME", "LTR", "MLT", "MTR", "MTS",
    "NOS", "OTH", "PAC", "PCS", "PRS", "QTL", "ROL", "SET", "SQF", "SQM", "SQY", "TBS", "TGM",
    "THD", "TON", "TUB", "UGS", "UNT", "YDS", "NA",
}  # fmt: skip


def _money(value: Any) -> bool:
    """A JSON number with at most two decimals."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    return number and round(value, 2) == value


def _keys(obj: dict[str, Any], required: set[str], optional: Any = frozenset()) -> None:
    assert isinstance(obj, dict), obj
    assert required <= set(obj), (required - set(obj), obj)
    assert set(obj) <= required | optional, (set(obj) - required - optional, obj)


def _item_detail(det: dict[str, Any], taxes: set[str]) -> None:
    _keys(det, {"txval", "rt", "csamt"}, taxes)
    assert all(_money(v) for v in det.values()), det


def _items(itms: list[dict[str, Any]], taxes: set[str]) -> None:
    assert itms
    for i, item in enumerate(itms, start=1):
        _keys(item, {"num", "itm_det"})
        assert item["num"] == i
        _item_detail(item["itm_det"], taxes)


def assert_gstr1_format(body: dict[str, Any]) -> None:
    _keys(
        body,
        {"gstin", "fp", "version", "hash"},
        {"b2b", "b2cl", "b2cs", "exp", "cdnr", "cdnur", "hsn", "doc_issue"},
    )
    assert GSTIN.match(body["gstin"]) and re.match(r"^(0[1-9]|1[0-2])\d{4}$", body["fp"])
    assert body["version"].startswith("GST") and body["hash"] == "hash"
    for party in body.get("b2b", []):
        _keys(party, {"ctin", "inv"})
        assert GSTIN.match(party["ctin"])
        for inv in party["inv"]:
            _keys(inv, {"inum", "idt", "val", "pos", "rchrg", "inv_typ", "itms"})
            assert DATE.match(inv["idt"]) and STATE.match(inv["pos"]) and _money(inv["val"])
            assert inv["rchrg"] in ("Y", "N") and inv["inv_typ"] in ("R", "SEWP", "SEWOP", "DE")
            _items(inv["itms"], {"iamt", "camt", "samt"})
    for place in body.get("b2cl", []):
        _keys(place, {"pos", "inv"})
        for inv in place["inv"]:
            _keys(inv, {"inum", "idt", "val", "itms"})
            _items(inv["itms"], {"iamt"})
    for row in body.get("b2cs", []):
        _keys(row, {"sply_ty", "pos", "typ", "txval", "rt", "csamt"}, {"iamt", "camt", "samt"})
        assert row["sply_ty"] in ("INTRA", "INTER") and row["typ"] == "OE"
        assert ("iamt" in row) == (row["sply_ty"] == "INTER")
    for group in body.get("exp", []):
        _keys(group, {"exp_typ", "inv"})
        assert group["exp_typ"] in ("WPAY", "WOPAY")
        for inv in group["inv"]:
            _keys(inv, {"inum", "idt", "val", "itms"}, {"sbpcode", "sbnum", "sbdt"})
            for item in inv["itms"]:
                _keys(item, {"txval", "rt", "iamt", "csamt"})
                assert all(_money(v) for v in item.values())
    for party in body.get("cdnr", []):
        _keys(party, {"ctin", "nt"})
        for nt in party["nt"]:
            _keys(nt, {"ntty", "nt_num", "nt_dt", "val", "pos", "rchrg", "inv_typ", "itms"})
            assert nt["ntty"] in ("C", "D") and DATE.match(nt["nt_dt"]) and nt["val"] >= 0
            _items(nt["itms"], {"iamt", "camt", "samt"})
    for nt in body.get("cdnur", []):
        _keys(nt, {"typ", "ntty", "nt_num", "nt_dt", "val", "itms"}, {"pos"})
        assert nt["typ"] in ("B2CL", "EXPWP", "EXPWOP") and ("pos" in nt) == (nt["typ"] == "B2CL")
        _items(nt["itms"], {"iamt"})
    if "hsn" in body:
        assert set(body["hsn"]) <= {"hsn_b2b", "hsn_b2c", "data"} and body["hsn"]
        for rows in body["hsn"].values():
            for i, row in enumerate(rows, start=1):
                _keys(
                    row,
                    {"num", "hsn_sc", "uqc", "qty", "rt", "txval", "iamt", "camt", "samt", "csamt"},
                    {"desc"},
                )
                assert row["num"] == i and re.match(r"^\d{4}(\d{2}){0,2}$", row["hsn_sc"])
                assert row["uqc"] in UQCS, row["uqc"]
    if "doc_issue" in body:
        _keys(body["doc_issue"], {"doc_det"})
        for nature in body["doc_issue"]["doc_det"]:
            _keys(nature, {"doc_num", "docs"})
            assert nature["doc_num"] in range(1, 13)
            for i, doc in enumerate(nature["docs"], start=1):
                _keys(doc, {"num", "from", "to", "totnum", "cancel", "net_issue"})
                assert doc["num"] == i and doc["net_issue"] == doc["totnum"] - doc["cancel"]


# ---------------------------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def company(books: Any) -> Any:
    from tenant_apps.core.models import CompanySettings

    settings = CompanySettings.objects.get(singleton=True)
    settings.gstin = COMPANY_GSTIN
    settings.save(update_fields=["gstin"])
    return settings


def _partner(books: Any, name: str, **extra: Any) -> Any:
    from tenant_apps.partners.services import partner_create

    return partner_create(user=books.user, data={"name": name, "is_customer": True, **extra})


def _portal(month: dt.date = JUNE, *, quarter: bool = False) -> dict[str, Any]:
    from tenant_apps.invoicing.gstr1_json import gstr1_portal_json, month_bounds, quarter_bounds

    date_from, date_to = (quarter_bounds if quarter else month_bounds)(month)
    body = gstr1_portal_json(date_from=date_from, date_to=date_to)
    # what the API sends: JSON text (numbers, no Decimal)
    return json.loads(json.dumps(body))


# ---------------------------------------------------------------------------------------------
# Worked examples
# ---------------------------------------------------------------------------------------------
def test_an_intra_state_b2b_invoice_with_two_rates_is_one_inv_with_two_items(
    books, company, raise_document
):
    # given 10 tanks at 100 (18%) and 2 kg of sheet at 250 (12%) to Pune, within Maharashtra
    invoice = raise_document(
        "invoice",
        books.mh,
        [
            line(books.rate("GST18"), qty="10", price="100", unit="nos"),
            line(books.rate("GST12"), qty="2", price="250", hsn="7219", unit="kg"),
        ],
    )

    # when
    body = _portal()

    # then
    assert_gstr1_format(body)
    assert (body["gstin"], body["fp"]) == (COMPANY_GSTIN, "062026")
    assert body["b2b"] == [
        {
            "ctin": "27AABCT1332L1ZE",
            "inv": [
                {
                    "inum": invoice.number,
                    "idt": "15-06-2026",
                    "val": 1740.0,  # 1,500 + 90 + 90 + 30 + 30
                    "pos": "27",
                    "rchrg": "N",
                    "inv_typ": "R",
                    "itms": [
                        {
                            "num": 1,
                            "itm_det": {
                                "txval": 500.0,
                                "rt": 12,
                                "camt": 30.0,
                                "samt": 30.0,
                                "csamt": 0.0,
                            },
                        },
                        {
                            "num": 2,
                            "itm_det": {
                                "txval": 1000.0,
                                "rt": 18,
                                "camt": 90.0,
                                "samt": 90.0,
                                "csamt": 0.0,
                            },
                        },
                    ],
                }
            ],
        }
    ]
    assert body["hsn"] == {
        "hsn_b2b": [
            {
                "num": 1,
                "hsn_sc": "7219",
                "uqc": "KGS",
                "qty": 2.0,
                "rt": 12,
                "txval": 500.0,
                "iamt": 0.0,
                "camt": 30.0,
                "samt": 30.0,
                "csamt": 0.0,
            },
            {
                "num": 2,
                "hsn_sc": "8419",
                "uqc": "NOS",
                "qty": 10.0,
                "rt": 18,
                "txval": 1000.0,
                "iamt": 0.0,
                "camt": 90.0,
                "samt": 90.0,
                "csamt": 0.0,
            },
        ]
    }
    assert body["doc_issue"] == {
        "doc_det": [
            {
                "doc_num": 1,
                "docs": [
                    {
                        "num": 1,
                        "from": invoice.number,
                        "to": invoice.number,
                        "totnum": 1,
                        "cancel": 0,
                        "net_issue": 1,
                    }
                ],
            }
        ]
    }
    assert set(body) == {"gstin", "fp", "version", "hash", "b2b", "hsn", "doc_issue"}


def test_b2c_large_small_and_their_notes(books, company, raise_document):
    # given an unregistered customer in Karnataka (inter-state) and the walk-in one in Maharashtra
    karnataka = _partner(books, "Mysuru Hotel", billing_state="29")
    rate = books.rate("GST18")
    large = raise_document(
        "invoice", karnataka, [line(rate, qty="2500", price="80", unit="mm")]
    )  # 2,00,000 + 36,000 IGST: above ₹1 lakh
    raise_document("invoice", karnataka, [line(rate, qty="1", price="100")])  # inter, small
    raise_document("invoice", books.retail, [line(rate, qty="1", price="1000")])
    raise_document(
        "invoice",
        books.retail,
        [line(rate, qty="1", price="500"), line(rate, qty="3", price="200", hsn="998719")],
    )
    # a credit note on the large invoice is listed (cdnur B2CL); one on a small supply
    # reduces B2C small
    note_large = raise_document(
        "credit_note", karnataka, [line(rate, qty="100", price="80", unit="mm")], original=large
    )
    raise_document("credit_note", books.retail, [line(rate, qty="1", price="100")])

    # when
    body = _portal()

    # then
    assert_gstr1_format(body)
    assert body["b2cl"] == [
        {
            "pos": "29",
            "inv": [
                {
                    "inum": large.number,
                    "idt": "15-06-2026",
                    "val": 236000.0,
                    "itms": [
                        {
                            "num": 1,
                            "itm_det": {
                                "txval": 200000.0,
                                "rt": 18,
                                "iamt": 36000.0,
                                "csamt": 0.0,
                            },
                        }
                    ],
                }
            ],
        }
    ]
    assert body["b2cs"] == [
        {  # 1,000 + 500 + 600 of services - 100 noted; 9% each
            "sply_ty": "INTRA",
            "pos": "27",
            "typ": "OE",
            "txval": 2000.0,
            "rt": 18,
            "camt": 180.0,
            "samt": 180.0,
            "csamt": 0.0,
        },
        {
            "sply_ty": "INTER",
            "pos": "29",
            "typ": "OE",
            "txval": 100.0,
            "rt": 18,
            "iamt": 18.0,
            "csamt": 0.0,
        },
    ]
    assert body["cdnur"] == [
        {
            "typ": "B2CL",
            "ntty": "C",
            "nt_num": note_large.number,
            "nt_dt": "15-06-2026",
            "val": 9440.0,
            "pos": "29",
            "itms": [
                {"num": 1, "itm_det": {"txval": 8000.0, "rt": 18, "iamt": 1440.0, "csamt": 0.0}}
            ],
        }
    ]
    # HSN (B2C tab): the mm lines in metres (2,500 - 100 mm = 2.4 m), services without a
    # quantity, the goods in numbers; all net of the notes
    assert [
        (r["hsn_sc"], r["uqc"], r["qty"], r["txval"], r["iamt"], r["camt"])
        for r in body["hsn"]["hsn_b2c"]
    ] == [
        ("8419", "MTR", 2.4, 192000.0, 34560.0, 0.0),
        ("8419", "NOS", 2.0, 1500.0, 18.0, 126.0),  # 1 + 1 + 1 invoiced, 1 noted
        ("998719", "NA", 0.0, 600.0, 0.0, 54.0),
    ]
    assert "hsn_b2b" not in body["hsn"]


def test_exports_with_and_without_igst_in_rupees(books, company, raise_document):
    # given a buyer abroad, one export under LUT (0%) and one with IGST paid, both in dollars
    abroad = _partner(books, "Dubai Catering LLC", currency="USD")
    lut = raise_document(
        "invoice",
        abroad,
        [line(books.rate("GST0"), qty="1", price="1000")],
        currency="USD",
        exchange_rate=D("83.25"),
        place_of_supply="96",
    )
    paid = raise_document(
        "invoice",
        abroad,
        [line(books.rate("GST18"), qty="1", price="100.10")],
        currency="USD",
        exchange_rate=D("83.25"),
        place_of_supply="96",
    )
    # and a credit note on the paid one, also in dollars
    note = raise_document(
        "credit_note",
        abroad,
        [line(books.rate("GST18"), qty="1", price="10")],
        currency="USD",
        exchange_rate=D("83.25"),
        place_of_supply="96",
        original=paid,
    )

    # when
    body = _portal()

    # then: rupee values (amount x rate, to the paisa), WPAY when IGST was charged
    assert_gstr1_format(body)
    assert body["exp"] == [
        {
            "exp_typ": "WOPAY",
            "inv": [
                {
                    "inum": lut.number,
                    "idt": "15-06-2026",
                    "val": 83250.0,
                    "itms": [{"txval": 83250.0, "rt": 0, "iamt": 0.0, "csamt": 0.0}],
                }
            ],
        },
        {
            "exp_typ": "WPAY",
            "inv": [
                {
                    "inum": paid.number,
                    "idt": "15-06-2026",
                    # what the ledger holds: 8,333.33 + 1,500.17 (each line at the rate)
                    "val": 9833.5,
                    "itms": [{"txval": 8333.33, "rt": 18, "iamt": 1500.17, "csamt": 0.0}],
                }
            ],
        },
    ]
    assert paid.total_base == D("9833.50")
    assert body["cdnur"] == [
        {
            "typ": "EXPWP",
            "ntty": "C",
            "nt_num": note.number,
            "nt_dt": "15-06-2026",
            "val": 982.35,  # 11.80 USD x 83.25
            "itms": [
                {"num": 1, "itm_det": {"txval": 832.5, "rt": 18, "iamt": 149.85, "csamt": 0.0}}
            ],
        }
    ]
    # exports are in the B2C tab of the HSN summary
    assert set(body["hsn"]) == {"hsn_b2c"}
    assert "b2b" not in body and "b2cs" not in body


def test_a_credit_note_to_a_registered_party_is_in_cdnr_and_nets_the_hsn_summary(
    books, company, raise_document
):
    # given an invoice of 10 tanks to Bengaluru (inter-state) and a note for one of them
    rate = books.rate("GST18")
    invoice = raise_document("invoice", books.ka, [line(rate, qty="10", unit="Nos")])
    note = raise_document(
        "credit_note", books.ka, [line(rate, qty="1", unit="nos")], original=invoice
    )

    # when
    body = _portal()

    # then
    assert_gstr1_format(body)
    assert body["cdnr"] == [
        {
            "ctin": "29AABCT1332L1ZA",
            "nt": [
                {
                    "ntty": "C",
                    "nt_num": note.number,
                    "nt_dt": "15-06-2026",
                    "val": 118.0,
                    "pos": "29",
                    "rchrg": "N",
                    "inv_typ": "R",
                    "itms": [
                        {
                            "num": 1,
                            "itm_det": {"txval": 100.0, "rt": 18, "iamt": 18.0, "csamt": 0.0},
                        }
                    ],
                }
            ],
        }
    ]
    assert body["b2b"][0]["inv"][0]["itms"] == [
        {"num": 1, "itm_det": {"txval": 1000.0, "rt": 18, "iamt": 180.0, "csamt": 0.0}}
    ]
    assert body["hsn"]["hsn_b2b"] == [
        {
            "num": 1,
            "hsn_sc": "8419",
            "uqc": "NOS",
            "qty": 9.0,
            "rt": 18,
            "txval": 900.0,
            "iamt": 162.0,
            "camt": 0.0,
            "samt": 0.0,
            "csamt": 0.0,
        }
    ]
    assert body["doc_issue"]["doc_det"][1]["doc_num"] == 5  # credit notes
    assert body["doc_issue"]["doc_det"][1]["docs"][0]["from"] == note.number


def test_doc_issue_counts_the_months_numbers_and_those_cancelled(books, company, raise_document):
    from tenant_apps.invoicing.services.documents import document_cancel

    # given three invoices in June, the second cancelled in June (by its reversing note), a
    # draft (no number), and a fourth invoice dated in July
    rate = books.rate("GST18")
    first = raise_document("invoice", books.retail, [line(rate)])
    second = raise_document("invoice", books.retail, [line(rate)])
    third = raise_document("invoice", books.retail, [line(rate)])
    raise_document("invoice", books.retail, [line(rate)], post=False)
    raise_document("invoice", books.retail, [line(rate)], day=JULY_DAY)
    reversal = document_cancel(user=books.user, document=second, date=dt.date(2026, 6, 20))

    # when
    body = _portal()

    # then
    assert_gstr1_format(body)
    assert body["doc_issue"] == {
        "doc_det": [
            {
                "doc_num": 1,
                "docs": [
                    {
                        "num": 1,
                        "from": first.number,
                        "to": third.number,
                        "totnum": 3,
                        "cancel": 1,
                        "net_issue": 2,
                    }
                ],
            },
            {
                "doc_num": 5,
                "docs": [
                    {
                        "num": 1,
                        "from": reversal.number,
                        "to": reversal.number,
                        "totnum": 1,
                        "cancel": 0,
                        "net_issue": 1,
                    }
                ],
            },
        ]
    }
    # the cancelled invoice and its reversing note cancel out in B2C small
    assert body["b2cs"][0]["txval"] == 200.0
    # July's return has July's invoice only
    july = _portal(dt.date(2026, 7, 1))
    assert july["fp"] == "072026"
    assert july["doc_issue"]["doc_det"][0]["docs"][0]["totnum"] == 1


def test_a_quarterly_filers_file_holds_the_quarters_three_months_under_its_last(
    books, company, raise_document
):
    # given a B2B invoice in each month of April-June and one in July
    rate = books.rate("GST18")
    days = [dt.date(2026, 4, 10), dt.date(2026, 5, 12), dt.date(2026, 6, 15), JULY_DAY]
    invoices = [raise_document("invoice", books.mh, [line(rate)], day=day) for day in days]

    # when the April-June quarter is asked for (QRMP)
    body = _portal(dt.date(2026, 5, 1), quarter=True)

    # then it is filed under June, with the quarter's three invoices and not July's
    assert_gstr1_format(body)
    assert body["fp"] == "062026"
    assert [i["inum"] for i in body["b2b"][0]["inv"]] == [i.number for i in invoices[:3]]
    assert [i["idt"] for i in body["b2b"][0]["inv"]] == ["10-04-2026", "12-05-2026", "15-06-2026"]
    assert body["hsn"]["hsn_b2b"][0]["txval"] == 300.0
    assert body["doc_issue"]["doc_det"][0]["docs"][0]["totnum"] == 3
    # June's monthly file has June's only
    assert [i["inum"] for i in _portal()["b2b"][0]["inv"]] == [invoices[2].number]


def test_a_gap_in_the_months_numbers_makes_two_ranges(books, company, raise_document):
    # given invoices 1 and 3 dated in June and 2 dated in July
    rate = books.rate("GST18")
    first = raise_document("invoice", books.retail, [line(rate)])
    raise_document("invoice", books.retail, [line(rate)], day=JULY_DAY)
    third = raise_document("invoice", books.retail, [line(rate)])

    # when
    docs = _portal()["doc_issue"]["doc_det"][0]["docs"]

    # then
    assert [(d["from"], d["to"], d["totnum"]) for d in docs] == [
        (first.number, first.number, 1),
        (third.number, third.number, 1),
    ]


def test_the_uqc_of_our_units():
    from tenant_apps.invoicing.gstr1_json import uqc_of

    assert uqc_of("nos", "8419") == ("NOS", D("1"))
    assert uqc_of("Sq  M", "7219") == ("SQM", D("1"))
    assert uqc_of("mm", "7219") == ("MTR", D("0.001"))
    assert uqc_of("hr", "8419") == ("OTH", D("1"))
    assert uqc_of("hr", "998719") == ("NA", D("0"))


def test_an_empty_month_is_just_the_header(books, company):
    assert _portal() == {
        "gstin": COMPANY_GSTIN,
        "fp": "062026",
        "version": "GST3.2.4",
        "hash": "hash",
    }


# ---------------------------------------------------------------------------------------------
# The API: a download, the 400s, the query budget
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def filled(tenant_alpha, users, db):
    """Alpha with a GSTIN and N invoices and notes in June (rolled back)."""
    from tenant_apps.core.models import CompanySettings

    def make(n: int) -> None:
        with in_schema(tenant_alpha.schema_name):
            CompanySettings.objects.filter(singleton=True).update(gstin=COMPANY_GSTIN)
            books = _books(users["owner_alpha"])
            raise_ = make_raiser(books)
            rate = books.rate("GST18")
            abroad = _partner(books, f"Abroad {n}")
            for _ in range(n):
                invoice = raise_("invoice", books.mh, [line(rate), line(books.rate("GST5"))])
                raise_("credit_note", books.mh, [line(rate)], original=invoice)
                raise_("invoice", books.retail, [line(rate)])
                raise_("invoice", abroad, [line(rate)], place_of_supply="96")

    return make


def test_the_api_returns_the_file_as_a_download(api_client, users, filled):
    # given
    filled(1)

    # when
    response = api_client("alpha", users["owner_alpha"]).get(
        f"{API}/reports/gstr1/json/", {"month": "2026-06"}
    )

    # then
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    name = f"GSTR1_{COMPANY_GSTIN}_062026.json"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    body = json.loads(response.content)
    assert_gstr1_format(body)
    assert set(body) == {
        "gstin", "fp", "version", "hash", "b2b", "b2cs", "exp", "cdnr", "hsn", "doc_issue",
    }  # fmt: skip
    # the page's period (first and last day of a month) says the same
    same = api_client("alpha", users["owner_alpha"]).get(
        f"{API}/reports/gstr1/json/", {"date_from": "2026-06-01", "date_to": "2026-06-30"}
    )
    assert same.content == response.content
    # a quarterly (QRMP) filer's file: the April-June quarter, filed under June
    quarter = api_client("alpha", users["owner_alpha"]).get(
        f"{API}/reports/gstr1/json/", {"date_from": "2026-04-01", "date_to": "2026-06-30"}
    )
    assert quarter.status_code == 200, quarter.content
    assert quarter["Content-Disposition"] == f'attachment; filename="{name}"'
    assert json.loads(quarter.content)["fp"] == "062026"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "2026-06-01", "date_to": "2026-07-31"}, "date_to"),  # two months
        ({"date_from": "2026-05-01", "date_to": "2026-07-31"}, "date_to"),  # not a GST quarter
        ({"date_from": "2026-04-01", "date_to": "2026-06-29"}, "date_to"),  # not all of one
        ({"date_from": "2026-06-02", "date_to": "2026-06-30"}, "date_to"),  # not the whole month
        ({"month": "2026-13"}, "month"),
        ({"month": "June"}, "month"),
        ({}, "month"),
    ],
)
def test_a_period_that_is_not_one_month_is_a_400(api_client, users, filled, params, field):
    filled(0)

    response = api_client("alpha", users["owner_alpha"]).get(f"{API}/reports/gstr1/json/", params)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["fields"]) == [field]


def test_no_company_gstin_is_a_400_that_says_so(api_client, users, tenant_alpha, db):
    response = api_client("alpha", users["owner_alpha"]).get(
        f"{API}/reports/gstr1/json/", {"month": "2026-06"}
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Set the company's GSTIN in the company settings before preparing GSTR-1.",
        "code": "company_gstin_missing",
        "fields": {
            "gstin": ["Set the company's GSTIN in the company settings before preparing GSTR-1."]
        },
    }


def test_a_registered_party_with_an_invalid_gstin_is_a_400(api_client, users, tenant_alpha, filled):
    from tenant_apps.invoicing.models import Document

    # given a posted invoice whose snapshot carries a GSTIN with a bad check digit
    filled(1)
    with in_schema(tenant_alpha.schema_name):
        invoice = Document.objects.get(kind="invoice", party_gstin__gt="")
        Document.objects.filter(pk=invoice.pk).update(party_gstin="27AABCT1332L1ZZ")

    # when
    response = api_client("alpha", users["owner_alpha"]).get(
        f"{API}/reports/gstr1/json/", {"month": "2026-06"}
    )

    # then
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_party_gstin"
    assert body["fields"]["documents"] == [
        f"{invoice.number}: the party's GSTIN '27AABCT1332L1ZZ' is not valid "
        "(The number's checksum or check digit is invalid.)."
    ]


def test_the_query_count_does_not_grow_with_the_documents(
    api_client, users, filled, django_assert_num_queries
):
    client = api_client("alpha", users["owner_alpha"])
    filled(1)
    client.get(f"{API}/reports/gstr1/json/", {"month": "2026-06"})  # warm the session caches

    with django_assert_num_queries(QUERIES) as few:
        assert client.get(f"{API}/reports/gstr1/json/", {"month": "2026-06"}).status_code == 200
    filled(4)
    with django_assert_num_queries(QUERIES) as many:
        response = client.get(f"{API}/reports/gstr1/json/", {"month": "2026-06"})
    assert len(few.captured_queries) == len(many.captured_queries)
    assert len(json.loads(response.content)["b2b"][0]["inv"]) == 5


# the request's domain, session, user and membership, then company settings, the documents'
# sums per rate, the HSN sums and the numbers issued; each after its SET search_path
QUERIES = 16
