"""GSTR-2B reconciliation (ADR 0065): the portal's file read and refused, the month set against
the vendor bills and notes in a worked example, links by hand (refused when they cannot be
right, kept across a re-import), one row per document under concurrency, the files."""

from __future__ import annotations

import datetime as dt
import json
import threading
from decimal import Decimal as D
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connections, transaction

from tests.conftest import in_schema
from tests.tenant_apps.invoicing.conftest import (
    COMPANY_GSTIN,
    GSTIN_GJ,
    _books,
    b2b,
    line,
    make_raiser,
    portal_file,
)

API = "/api/v1/invoicing/gstr2b"
OTHER_VENDOR_GSTIN = "24AAACR5055K1ZD"  # a second Gujarat vendor


def upload(content: bytes, name: str = "GSTR2B.json") -> dict[str, Any]:
    return {"file": SimpleUploadedFile(name, content, content_type="application/json")}


@pytest.fixture
def month(tenant_alpha, users, db) -> dict[str, Any]:
    """Alpha with its GSTIN; bills from Surat Steels (Gujarat: IGST) in June 2026:
    SS/0012 (₹1,000 + 180), SS/0013 (₹2,000 + 360), a bill whose reference was mistyped
    (₹500 + 90), SS/0020 (₹700 + 126, not in the 2B), and the debit note booking the
    supplier's credit note CN-1 (₹100 + 18)."""
    from tenant_apps.core.models import CompanySettings

    with in_schema(tenant_alpha.schema_name):
        CompanySettings.objects.filter(singleton=True).update(gstin=COMPANY_GSTIN)
        books = _books(users["owner_alpha"])
        rate = books.rate("GST18")
        raise_ = make_raiser(books)

        def bill(reference: str, price: str, day: int = 10) -> Any:
            return raise_(
                "bill",
                books.vendor,
                [line(rate, price=price)],
                reference=reference,
                day=dt.date(2026, 6, day),
            )

        return {
            "books": books,
            "twelve": bill("SS/0012", "1000"),
            "thirteen": bill("SS/0013", "2000", 12),
            "mistyped": bill("SS-99X", "500", 20),
            "twenty": bill("SS/0020", "700", 25),
            "note": raise_(
                "debit_note",
                books.vendor,
                [line(rate, price="100")],
                reference="CN-1",
                day=dt.date(2026, 6, 28),
            ),
        }


JUNE = portal_file(
    [
        b2b("ss/0012", "10-06-2026", 1000, 180),  # the same number, written differently
        b2b("SS/0013", "12-06-2026", 2000, 350),  # IGST ₹10 short
        b2b("SS/0099", "20-06-2026", 500, 90),  # booked under a mistyped reference
    ],
    [
        {
            "ntnum": "CN-1",
            "typ": "C",
            "suptyp": "R",
            "dt": "28-06-2026",
            "val": 118,
            "pos": "27",
            "rev": "N",
            "itcavl": "Y",
            "txval": 100,
            "igst": 18,
            "cgst": 0,
            "sgst": 0,
            "cess": 0,
        }
    ],
)


def test_a_number_is_compared_without_case_punctuation_or_leading_zeros():
    from tenant_apps.invoicing.gstr2b import number_key

    assert number_key("inv/0012") == number_key("INV-12") == number_key("INV 012") == "INV12"
    assert number_key("007") == number_key(" 7 ") == "7"
    assert number_key("SF/1005") == "SF1005" != number_key("SF/105")
    assert number_key("26-27/0040") == "262740"


@pytest.mark.parametrize("envelope", [True, False])
def test_the_portals_file_is_read_into_rows(envelope):
    from tenant_apps.invoicing.gstr2b import parse

    parsed = parse(
        portal_file(
            [b2b("SS/0012", "10-06-2026", 1000.5, 180.09, rev="Y", itcavl="N")],
            [{"ntnum": "D7", "typ": "D", "dt": "01-06-2026", "txval": 10, "igst": 1.8}],
            envelope=envelope,
        )
    )

    assert (parsed.gstin, parsed.period, parsed.generated_on) == (
        COMPANY_GSTIN,
        dt.date(2026, 6, 1),
        dt.date(2026, 7, 14),
    )
    assert parsed.skipped == {"impg": 1}
    invoice, note = parsed.rows
    assert (invoice.section, invoice.doc_type, invoice.supplier_gstin, invoice.number) == (
        "b2b",
        "invoice",
        GSTIN_GJ,
        "SS/0012",
    )
    assert (invoice.taxable_value, invoice.igst, invoice.value, invoice.date) == (
        D("1000.50"),
        D("180.09"),
        D("1180.59"),
        dt.date(2026, 6, 10),
    )
    assert (invoice.reverse_charge, invoice.itc_available) == (True, "N")
    assert (note.section, note.doc_type, note.taxable_value, note.cgst) == (
        "cdnr",
        "debit_note",
        D("10.00"),
        D("0.00"),
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"not json", "not JSON"),
        (b'{"data": {"gstin": "27AAPFU0939F1ZV"}}', "no docdata"),
        (portal_file([], period="132026"), "rtnprd"),
        (portal_file([], gstin="27AAPFU0939F1ZX"), "gstin"),
        (portal_file([b2b("A1", "10-06-2026", 1, 0)], ctin="24AABCT"), "ctin"),
        (portal_file([b2b("A1", "2026-06-10", 1, 0)]), "b2b[0].inv[0]: the date"),
        (portal_file([b2b("A1", "10-06-2026", 1, 0, cess="lots")]), "b2b[0].inv[0].cess"),
        (portal_file([b2b("", "10-06-2026", 1, 0)]), "document number"),
        (portal_file([], [{"ntnum": "N1", "typ": "X", "dt": "01-06-2026"}]), "type C"),
    ],
)
def test_a_file_that_is_not_the_portals_is_refused_whole(content, reason):
    from tenant_apps.core.exceptions import ApplicationError
    from tenant_apps.invoicing.gstr2b import parse

    with pytest.raises(ApplicationError) as refused:
        parse(content)

    assert refused.value.code == "invalid_file"
    assert reason in " ".join(refused.value.fields["file"])


def test_the_month_is_set_against_the_books(api_client, users, month):
    client = api_client("alpha", users["owner_alpha"])

    response = client.post(API + "/", upload(JUNE), format="multipart")

    assert response.status_code == 201, response.content
    result = response.json()
    rows = {r["number"]: r for r in result["rows"]}
    assert {n: (r["state"], r["differences"]) for n, r in rows.items()} == {
        "ss/0012": ("matched", []),
        "SS/0013": ("mismatch", ["igst"]),
        "SS/0099": ("missing_in_books", []),
        "CN-1": ("matched", []),
    }
    assert rows["ss/0012"]["document"]["number"] == month["twelve"].number
    assert rows["CN-1"]["document"]["number"] == month["note"].number
    assert rows["SS/0013"]["document"]["igst"] == "360.0000"
    # the mistyped bill has the row's amounts: suggested, not linked
    assert [s["number"] for s in rows["SS/0099"]["suggestions"]] == [month["mistyped"].number]
    assert [d["number"] for d in result["missing_in_2b"]] == [
        month["mistyped"].number,
        month["twenty"].number,
    ]
    assert result["summary"] == {
        "matched": {"count": 2, "taxable_value": "1100.0000", "tax": "198.0000"},
        "mismatch": {"count": 1, "taxable_value": "2000.0000", "tax": "350.0000"},
        "missing_in_books": {"count": 1, "taxable_value": "500.0000", "tax": "90.0000"},
        "missing_in_2b": {"count": 2, "taxable_value": "1200.0000", "tax": "216.0000"},
    }
    assert result["statement"]["month"] == "2026-06"
    assert result["statement"]["skipped"] == {"impg": 1}
    listed = client.get(API + "/").json()
    assert [(m["month"], m["rows"]) for m in listed] == [("2026-06", 4)]


def test_a_row_is_linked_by_hand_and_the_link_survives_a_reimport(api_client, users, month):
    client = api_client("alpha", users["owner_alpha"])
    rows = {
        r["number"]: r for r in client.post(API + "/", upload(JUNE), "multipart").json()["rows"]
    }
    row = rows["SS/0099"]

    linked = client.patch(
        f"{API}/lines/{row['id']}/", {"document": month["mistyped"].pk}, format="json"
    )

    assert linked.status_code == 200, linked.content
    assert (linked.json()["state"], linked.json()["linked_by_hand"]) == ("matched", True)
    again = client.post(API + "/", upload(JUNE), format="multipart").json()
    states = {r["number"]: (r["state"], r["linked_by_hand"]) for r in again["rows"]}
    assert states["SS/0099"] == ("matched", True)
    assert states["ss/0012"] == ("matched", False)
    assert [d["number"] for d in again["missing_in_2b"]] == [month["twenty"].number]

    row_id = next(r["id"] for r in again["rows"] if r["number"] == "SS/0099")
    unlinked = client.patch(f"{API}/lines/{row_id}/", {"document": None}, format="json")
    assert unlinked.json()["state"] == "missing_in_books"


def test_a_link_that_cannot_be_right_is_refused(api_client, users, month, tenant_alpha):
    from tenant_apps.partners.services import partner_create

    client = api_client("alpha", users["owner_alpha"])
    rows = {
        r["number"]: r for r in client.post(API + "/", upload(JUNE), "multipart").json()["rows"]
    }
    books = month["books"]
    row = rows["SS/0099"]
    with in_schema(tenant_alpha.schema_name):
        other = partner_create(
            user=books.user,
            data={"name": "Rajkot Metals", "is_vendor": True, "gstin": OTHER_VENDOR_GSTIN},
        )
        foreign = make_raiser(books)(
            "bill", other, [line(books.rate("GST18"), price="500")], reference="SS/0099"
        )
        draft = make_raiser(books)(
            "bill", books.vendor, [line(books.rate("GST18"), price="500")], post=False
        )

    def link(document: Any) -> Any:
        return client.patch(f"{API}/lines/{row['id']}/", {"document": document.pk}, format="json")

    cases = {
        "another supplier": (link(foreign), 400, "from GSTIN 24AAACR5055K1ZD"),
        "a draft": (link(draft), 400, "not a posted document"),
        "a note for an invoice": (link(month["note"]), 400, "booked as a vendor bill"),
        "a bill linked elsewhere": (link(month["twelve"]), 409, "already linked"),
    }
    for case, (response, code, text) in cases.items():
        assert response.status_code == code, (case, response.content)
        assert text in response.json()["fields"]["document"][0], case
    after = client.get(f"{API}/2026-06/").json()
    assert next(r for r in after["rows"] if r["number"] == "SS/0099")["document"] is None


def test_a_file_of_another_gstin_is_refused_and_nothing_is_written(api_client, users, month):
    client = api_client("alpha", users["owner_alpha"])

    response = client.post(
        API + "/", upload(portal_file([], gstin="29AABCT1332L1ZA")), format="multipart"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "wrong_gstin"
    assert client.get(API + "/").json() == []


def test_the_database_links_a_document_to_one_row_only(month, tenant_alpha):
    from tenant_apps.invoicing.models import Gstr2bLine
    from tenant_apps.invoicing.services.gstr2b import gstr2b_import

    with in_schema(tenant_alpha.schema_name):
        statement = gstr2b_import(user=month["books"].user, content=JUNE, file_name="x.json")
        free = statement.lines.get(number="SS/0099")
        with pytest.raises(IntegrityError), transaction.atomic():
            Gstr2bLine.objects.filter(pk=free.pk).update(document=month["twelve"])


def test_two_people_linking_one_bill_at_once_link_it_once(world, committed_books):
    from tenant_apps.core.exceptions import ConflictError
    from tenant_apps.core.models import CompanySettings
    from tenant_apps.invoicing.models import Gstr2bLine
    from tenant_apps.invoicing.services.gstr2b import gstr2b_import, gstr2b_link

    books = committed_books
    with in_schema(world.alpha_schema):
        CompanySettings.objects.filter(singleton=True).update(gstin=COMPANY_GSTIN)
        bill = make_raiser(books)(
            "bill", books.vendor, [line(books.rate("GST18"), price="500")], reference="OTHER"
        )
        statement = gstr2b_import(
            user=books.user,
            content=portal_file([b2b(f"R{k}", "20-06-2026", 500, 90) for k in range(4)]),
            file_name="x.json",
        )
        rows = list(statement.lines.order_by("number"))
    barrier = threading.Barrier(len(rows))
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def link(row: Any) -> None:
        try:
            with in_schema(world.alpha_schema):
                barrier.wait()
                gstr2b_link(user=books.user, line=row, document=bill)
                outcomes.append("linked")
        except ConflictError:
            outcomes.append("refused")
        except BaseException as exc:  # noqa: BLE001 - surfaced in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=link, args=(row,)) for row in rows]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors, errors
    assert sorted(outcomes) == ["linked", "refused", "refused", "refused"]
    with in_schema(world.alpha_schema):
        assert Gstr2bLine.objects.filter(document=bill).count() == 1
        CompanySettings.objects.filter(singleton=True).update(gstin="")


def test_the_reconciliation_reads_in_a_fixed_number_of_queries(api_client, users, month):
    """Four rows or sixty: the same queries (the month, its rows with their documents, the free
    documents; the rest is the request's own)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api_client("alpha", users["owner_alpha"])

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"{API}/2026-06/")
        assert response.status_code == 200
        return len(captured), len(response.json()["rows"])

    client.post(API + "/", upload(JUNE), format="multipart")
    few = queries()
    more = json.loads(JUNE)
    more["data"]["docdata"]["b2b"][0]["inv"] += [
        b2b(f"X{k}", "15-06-2026", 10 + k, 1.8) for k in range(56)
    ]
    client.post(API + "/", upload(json.dumps(more).encode()), format="multipart")
    many = queries()

    assert (few[1], many[1]) == (4, 60)
    assert few[0] == many[0]


def test_the_month_as_excel_and_pdf_and_its_removal(api_client, users, month):
    client = api_client("alpha", users["owner_alpha"])
    client.post(API + "/", upload(JUNE), format="multipart")

    xlsx = client.get(f"{API}/2026-06/", {"format": "xlsx"})
    pdf = client.get(f"{API}/2026-06/", {"format": "pdf"})
    bad = client.get(f"{API}/2026-06/", {"format": "csv"})
    unknown = client.get(f"{API}/2026-13/")
    absent = client.get(f"{API}/2026-05/")

    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert 'filename="gstr2b-2026-06.xlsx"' in xlsx["Content-Disposition"]
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    assert (bad.status_code, unknown.status_code, absent.status_code) == (400, 400, 404)
    assert client.delete(f"{API}/2026-06/").status_code == 204
    assert client.get(API + "/").json() == []


def test_gstr3b_shows_the_itc_gstr2b_reports_beside_the_books(api_client, users, month):
    """June's 2B: invoices ₹1,000 + 180, ₹2,000 + 350, ₹500 + 90 and a credit note ₹100 + 18
    (less); a row marked "ITC not available" is left out. The books hold ₹738 of IGST credit
    (180 + 360 + 90 + 126 on bills, less 18 on the debit note)."""
    client = api_client("alpha", users["owner_alpha"])
    data = json.loads(JUNE)
    data["data"]["docdata"]["b2b"][0]["inv"].append(
        b2b("SS/0100", "21-06-2026", 400, 72, itcavl="N")
    )
    client.post(API + "/", upload(json.dumps(data).encode()), format="multipart")

    def gstr3b(date_from: str, date_to: str) -> dict[str, Any]:
        query = {"date_from": date_from, "date_to": date_to}
        return client.get("/api/v1/invoicing/reports/gstr3b/", query).json()

    june = gstr3b("2026-06-01", "2026-06-30")
    quarter = gstr3b("2026-04-01", "2026-06-30")
    part = gstr3b("2026-06-01", "2026-06-15")

    assert june["itc_available"]["igst"] == "738.0000"
    assert june["itc_gstr2b"] == {
        "months": ["2026-06"],
        "taxable": "3400.0000",
        "igst": "602.0000",
        "cgst": "0.0000",
        "sgst": "0.0000",
        "cess": "0.0000",
    }
    assert quarter["itc_gstr2b"]["months"] == ["2026-06"]
    assert part["itc_gstr2b"] is None  # June is not wholly inside
