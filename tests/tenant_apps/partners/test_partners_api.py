"""Partners over HTTP: sequence codes, GSTIN validation with state and PAN derived, search,
the four-actor matrix, Excel export and all-or-nothing import, fixed list queries."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.forms.models import model_to_dict
from openpyxl import Workbook, load_workbook

from tenant_apps.partners.excel import COLUMNS
from tenant_apps.partners.models import Partner, PartnerContact
from tests.conftest import in_schema
from tests.permission_matrix import assert_permission_matrix

API = "/api/v1/partners/"
GSTIN_KA = "29AABCT1332L1ZA"


def _state(tenant: Any) -> Any:
    with in_schema(tenant.schema_name):
        return (
            [model_to_dict(p) for p in Partner.objects.order_by("pk")],
            list(PartnerContact.objects.order_by("pk").values_list("pk", "partner_id", "name")),
        )


@pytest.fixture
def owner(api_client, users):
    return api_client("alpha", users["owner_alpha"])


@pytest.fixture
def partner_id(owner) -> int:
    response = owner.post(
        API, {"name": "Bengaluru Kitchens", "is_customer": True, "gstin": GSTIN_KA}, format="json"
    )
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def test_a_partner_gets_a_sequence_code_and_its_state_and_pan_from_the_gstin(owner):
    # when
    first = owner.post(
        API,
        {
            "name": "Bengaluru Kitchens",
            "is_customer": True,
            "gstin": GSTIN_KA.lower(),
            "payment_terms_days": 45,
            "credit_limit": "250000.00",
            "tags": ["hotel", "south"],
            "contacts": [{"name": "Ravi", "email": "ravi@bk.test", "is_primary": True}],
        },
        format="json",
    ).json()
    second = owner.post(
        API, {"name": "Walk-in", "is_customer": True, "billing_state": "27"}, format="json"
    ).json()

    # then
    assert (first["code"], second["code"]) == ("BP00001", "BP00002")
    assert (first["gstin"], first["state"], first["pan"], first["billing_state"]) == (
        GSTIN_KA,
        "29",
        "AABCT1332L",
        "29",
    )
    assert first["state_name"] == "Karnataka"
    assert [c["name"] for c in first["contacts"]] == ["Ravi"]
    assert (second["state"], second["gstin"]) == ("27", "")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {"name": "X", "is_customer": True, "gstin": "29AABCT1332L1ZB"},
            "gstin",
        ),  # bad check digit
        (
            {"name": "X", "is_customer": True, "gstin": GSTIN_KA, "pan": "AAAPZ1234C"},
            "pan",
        ),  # not the GSTIN's
        ({"name": "X", "is_customer": True, "pan": "ABC"}, "pan"),
        ({"name": "X"}, "is_customer"),  # neither customer nor vendor
        ({"name": "X", "is_vendor": True, "billing_pincode": "12"}, "billing_pincode"),
    ],
)
def test_bad_partner_input_is_a_400_on_its_field_and_nothing_is_written(
    owner, tenant_alpha, body, field
):
    before = _state(tenant_alpha)
    response = owner.post(API, body, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"detail", "code", "fields"}
    assert list(response.json()["fields"]) == [field]
    assert _state(tenant_alpha) == before


def test_search_finds_by_name_gstin_and_code(owner, partner_id):
    owner.post(API, {"name": "Surat Steels", "is_vendor": True}, format="json")
    for term, expected in (
        ("kitch", ["Bengaluru Kitchens"]),
        ("29AABCT", ["Bengaluru Kitchens"]),
        ("BP00002", ["Surat Steels"]),
    ):
        assert [p["name"] for p in owner.get(API, {"search": term}).json()["results"]] == expected
    assert [p["name"] for p in owner.get(API, {"role": "vendor"}).json()["results"]] == [
        "Surat Steels"
    ]


def test_update_recomputes_the_state_and_replaces_contacts(owner, partner_id):
    response = owner.patch(
        f"{API}{partner_id}/",
        {"gstin": "", "billing_state": "33", "contacts": [{"name": "Meena"}, {"name": "Arun"}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["state"], [c["name"] for c in response.json()["contacts"]]) == (
        "33",
        ["Meena", "Arun"],
    )


CASES = [
    ("get", "", "partners.partner.view", None, 200),
    ("post", "", "partners.partner.create", {"name": "New", "is_vendor": True}, 201),
    ("get", "{id}/", "partners.partner.view", None, 200),
    ("patch", "{id}/", "partners.partner.change", {"phone": "+91 80 1234 5678"}, 200),
    # contacts are written through the partner: the same endpoint, the same permission
    ("patch", "{id}/", "partners.partner.change", {"contacts": [{"name": "Asha"}]}, 200),
    ("delete", "{id}/", "partners.partner.delete", None, 204),
    ("get", "export/", "partners.partner.export", None, 200),
    ("post", "import/", "partners.partner.create", None, 400),  # no file: the permitted actor's 400
]


@pytest.mark.parametrize(("method", "path", "permission", "body", "expected"), CASES)
def test_every_partner_endpoint_is_in_the_permission_matrix(
    tenant_alpha, partner_id, method, path, permission, body, expected
):
    assert_permission_matrix(
        method=method,
        path=API + path.format(id=partner_id),
        tenant=tenant_alpha,
        permission=permission,
        body=body,
        expect_ok=expected,
        snapshot=lambda: _state(tenant_alpha),
    )


def _workbook(rows: list[list[Any]], header: list[str] | None = None) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(header or ["name", "is_customer", "is_vendor", "gstin", "billing_state", "tags"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "partners.xlsx"
    return out


def test_import_creates_every_row(owner, tenant_alpha):
    upload = _workbook(
        [
            ["Pune Fabricators", "yes", "no", "27AABCT1332L1ZE", None, "oem, west"],
            ["Surat Steels", None, "yes", None, "24", None],
        ]
    )

    response = owner.post(f"{API}import/", {"file": upload}, format="multipart")

    assert response.status_code == 201, response.json()
    assert response.json() == {"created": 2, "codes": ["BP00001", "BP00002"]}
    with in_schema(tenant_alpha.schema_name):
        assert list(
            Partner.objects.order_by("code").values_list("name", "state", "tags", "is_vendor")
        ) == [
            ("Pune Fabricators", "27", ["oem", "west"], False),
            ("Surat Steels", "24", [], True),
        ]


def test_import_reports_every_bad_row_and_writes_nothing(owner, tenant_alpha):
    upload = _workbook(
        [
            ["Good Co", "yes", None, None, "27", None],
            ["Bad GSTIN", "yes", None, "27AABCT1332L1ZX", None, None],
            [None, "yes", None, None, "27", None],
            ["No role", None, None, None, "27", None],
        ]
    )
    before = _state(tenant_alpha)

    response = owner.post(f"{API}import/", {"file": upload}, format="multipart")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "import_invalid"
    assert sorted(body["fields"]) == ["rows.3.gstin", "rows.4.name", "rows.5.is_customer"]
    assert _state(tenant_alpha) == before


def test_import_refuses_a_file_that_is_not_a_workbook(owner):
    upload = io.BytesIO(b"name,is_customer\nX,yes\n")
    upload.name = "partners.csv"
    response = owner.post(f"{API}import/", {"file": upload}, format="multipart")
    assert (response.status_code, response.json()["code"]) == (400, "invalid_file")


def test_the_export_round_trips_through_the_import_layout(owner, partner_id):
    response = owner.get(f"{API}export/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    assert rows[1][:6] == ("BP00001", "Bengaluru Kitchens", None, True, False, GSTIN_KA)


def test_the_list_runs_a_fixed_number_of_queries(owner, django_assert_num_queries):
    assert owner.get(API).status_code == 200
    owner.post(API, {"name": "A", "is_customer": True, "contacts": [{"name": "a"}]}, format="json")
    with django_assert_num_queries(14):  # request overhead + count + page + contacts prefetch
        assert owner.get(API).json()["count"] == 1
    for n in range(5):
        owner.post(
            API,
            {"name": f"B{n}", "is_vendor": True, "contacts": [{"name": "b"}, {"name": "c"}]},
            format="json",
        )
    with django_assert_num_queries(14):
        assert owner.get(API).json()["count"] == 6


def test_the_export_offers_csv_in_the_same_layout(owner, partner_id):
    response = owner.get(f"{API}export/", {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert lines[1].startswith("BP00001,Bengaluru Kitchens,,yes,no,29AABCT1332L1ZA")


# Contacts and the shipping address, written with the partner ---------------------------------
def _contacts(tenant: Any, partner_id: int) -> list[tuple[int, str, str, str, str, bool]]:
    with in_schema(tenant.schema_name):
        return list(
            PartnerContact.objects.filter(partner_id=partner_id)
            .order_by("pk")
            .values_list("pk", "name", "designation", "email", "phone", "is_primary")
        )


def test_a_partner_is_created_with_a_shipping_address_and_two_contacts(owner, tenant_alpha):
    # when
    response = owner.post(
        API,
        {
            "name": "Chennai Hotels",
            "is_customer": True,
            "billing_address": "12 Mount Road",
            "billing_city": "Chennai",
            "billing_state": "33",
            "billing_pincode": "600002",
            "shipping_address": "Plot 7, SIPCOT",
            "shipping_city": "Hosur",
            "shipping_state": "33",
            "shipping_pincode": "635126",
            "contacts": [
                {"name": "Lakshmi", "designation": "Purchase", "email": "l@ch.test"},
                {"name": "Karthik", "phone": "+91 44 2345 6789", "is_primary": True},
            ],
        },
        format="json",
    )

    # then
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [body[f"shipping_{k}"] for k in ("address", "city", "state", "pincode")] == [
        "Plot 7, SIPCOT",
        "Hosur",
        "33",
        "635126",
    ]
    # the primary contact comes first
    assert [(c["name"], c["is_primary"]) for c in body["contacts"]] == [
        ("Karthik", True),
        ("Lakshmi", False),
    ]
    assert [row[1:] for row in _contacts(tenant_alpha, body["id"])] == [
        ("Lakshmi", "Purchase", "l@ch.test", "", False),
        ("Karthik", "", "", "+91 44 2345 6789", True),
    ]


def test_a_patch_edits_listed_contacts_in_place_adds_new_ones_and_removes_the_rest(
    owner, tenant_alpha
):
    # given a partner with two contacts
    created = owner.post(
        API,
        {
            "name": "Chennai Hotels",
            "is_customer": True,
            "contacts": [{"name": "Lakshmi", "is_primary": True}, {"name": "Karthik"}],
        },
        format="json",
    ).json()
    lakshmi, karthik = sorted(c["id"] for c in created["contacts"])

    # when Lakshmi is edited (by id), Karthik left out and a new contact added
    response = owner.patch(
        f"{API}{created['id']}/",
        {
            "contacts": [
                {"id": lakshmi, "name": "Lakshmi R", "designation": "Accounts", "is_primary": True},
                {"name": "Meena", "email": "meena@ch.test"},
            ]
        },
        format="json",
    )

    # then Lakshmi keeps her id, Karthik is gone, Meena is new
    assert response.status_code == 200, response.json()
    rows = _contacts(tenant_alpha, created["id"])
    assert rows[0] == (lakshmi, "Lakshmi R", "Accounts", "", "", True)
    assert [row[1:] for row in rows[1:]] == [("Meena", "", "meena@ch.test", "", False)]
    assert karthik not in [row[0] for row in rows]
    assert [c["id"] for c in response.json()["contacts"]] == [row[0] for row in rows]


def test_a_patch_with_a_nameless_contact_is_a_400_and_changes_nothing(owner, partner_id):
    response = owner.patch(
        f"{API}{partner_id}/", {"contacts": [{"phone": "98200 12345"}]}, format="json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["fields"] == {"contacts.0.name": ["This field is required."]}
    assert owner.get(f"{API}{partner_id}/").json()["contacts"] == []


def test_a_patch_without_contacts_leaves_them_alone(owner, tenant_alpha, partner_id):
    owner.patch(f"{API}{partner_id}/", {"contacts": [{"name": "Ravi"}]}, format="json")
    before = _contacts(tenant_alpha, partner_id)

    response = owner.patch(
        f"{API}{partner_id}/", {"shipping_city": "Mysuru", "shipping_state": "29"}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["shipping_city"] == "Mysuru"
    assert _contacts(tenant_alpha, partner_id) == before


def test_an_empty_contact_list_removes_every_contact(owner, tenant_alpha, partner_id):
    owner.patch(f"{API}{partner_id}/", {"contacts": [{"name": "Ravi"}]}, format="json")

    response = owner.patch(f"{API}{partner_id}/", {"contacts": []}, format="json")

    assert (response.status_code, response.json()["contacts"]) == (200, [])
    assert _contacts(tenant_alpha, partner_id) == []


def test_another_partners_contact_cannot_be_edited_through_this_partner(
    owner, tenant_alpha, partner_id
):
    # given another partner's contact
    other = owner.post(
        API,
        {"name": "Surat Steels", "is_vendor": True, "contacts": [{"name": "Jay"}]},
        format="json",
    ).json()
    jay = other["contacts"][0]["id"]
    before = _state(tenant_alpha)

    # when it is sent as a contact of the first partner
    response = owner.patch(
        f"{API}{partner_id}/", {"contacts": [{"id": jay, "name": "Hijacked"}]}, format="json"
    )

    # then a 400 on that row, and nothing changed
    assert response.status_code == 400
    assert response.json()["fields"] == {"contacts.0.id": ["Not a contact of this partner."]}
    assert _state(tenant_alpha) == before


@pytest.mark.parametrize(
    ("contacts", "fields"),
    [
        # a new partner's contacts have no ids yet
        ([{"id": 1, "name": "A"}], {"contacts.0.id": ["Not a contact of this partner."]}),
        (
            [{"name": "A", "is_primary": True}, {"name": "B", "is_primary": True}],
            {"contacts.1.is_primary": ["Only one contact can be primary."]},
        ),
        ([{"name": ""}], {"contacts.0.name": ["This field may not be blank."]}),
        (
            [{"name": "A", "email": "not-mail"}],
            {"contacts.0.email": ["Enter a valid email address."]},
        ),
    ],
)
def test_bad_contacts_are_a_400_on_the_row_and_nothing_is_written(
    owner, tenant_alpha, contacts, fields
):
    before = _state(tenant_alpha)

    response = owner.post(
        API, {"name": "X", "is_customer": True, "contacts": contacts}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"detail", "code", "fields"}
    assert response.json()["fields"] == fields
    assert _state(tenant_alpha) == before


def test_a_contact_listed_twice_is_refused(owner, tenant_alpha, partner_id):
    owner.patch(f"{API}{partner_id}/", {"contacts": [{"name": "Ravi"}]}, format="json")
    (ravi,) = [row[0] for row in _contacts(tenant_alpha, partner_id)]
    before = _state(tenant_alpha)

    response = owner.patch(
        f"{API}{partner_id}/",
        {"contacts": [{"id": ravi, "name": "Ravi"}, {"id": ravi, "name": "Ravi K"}]},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"contacts.1.id": ["This contact is listed twice."]}
    assert _state(tenant_alpha) == before


# Payment reminders per customer (ADR 0058) ---------------------------------------------------
def test_send_reminders_defaults_on_and_round_trips_through_the_api(owner, tenant_alpha):
    # when: created without the flag
    created = owner.post(API, {"name": "Pune Fab", "is_customer": True}, format="json").json()

    # then: on
    assert created["send_reminders"] is True

    # when: turned off
    response = owner.patch(f"{API}{created['id']}/", {"send_reminders": False}, format="json")

    # then: off in the answer, the detail and the table; other fields untouched
    assert response.status_code == 200, response.json()
    assert response.json()["send_reminders"] is False
    assert owner.get(f"{API}{created['id']}/").json()["send_reminders"] is False
    with in_schema(tenant_alpha.schema_name):
        assert Partner.objects.filter(send_reminders=False).count() == 1
        assert Partner.objects.get().name == "Pune Fab"

    # when: a bad value
    response = owner.patch(f"{API}{created['id']}/", {"send_reminders": "maybe"}, format="json")

    # then: a 400 on the field
    assert response.status_code == 400
    assert response.json()["fields"] == {"send_reminders": ["Must be a valid boolean."]}


# Credit-hold exemption per customer (ADR 0059) ----------------------------------------------
def test_credit_hold_exempt_defaults_off_and_round_trips_through_the_api(owner, tenant_alpha):
    created = owner.post(API, {"name": "Pune Fab", "is_customer": True}, format="json").json()
    assert created["credit_hold_exempt"] is False

    response = owner.patch(f"{API}{created['id']}/", {"credit_hold_exempt": True}, format="json")

    assert response.status_code == 200, response.json()
    assert owner.get(f"{API}{created['id']}/").json()["credit_hold_exempt"] is True
    with in_schema(tenant_alpha.schema_name):
        assert Partner.objects.get().credit_hold_exempt is True
    response = owner.patch(f"{API}{created['id']}/", {"credit_hold_exempt": "maybe"}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"credit_hold_exempt": ["Must be a valid boolean."]}


def test_a_partner_written_without_the_flag_is_on_as_the_migration_sets_existing_ones(
    tenant_alpha,
):
    # given: a row inserted without the column, as by code from before the migration (the
    # column's database default is what the migration gave every existing partner)
    from django.db import connection

    with in_schema(tenant_alpha.schema_name), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO partners_partner (code, name, is_customer, is_vendor, legal_name, gstin,"
            " pan, state, billing_address, billing_city, billing_state, billing_pincode,"
            " shipping_address, shipping_city, shipping_state, shipping_pincode, email, phone,"
            " payment_terms_days, credit_limit, currency, tags, is_active, created_at,"
            " updated_at) VALUES ('OLD1', 'Old', true, false, '', '', '', '', '', '', '', '',"
            " '', '', '', '', '', '', 0, 0, 'INR', '{}', true, now(), now())"
        )
        # then
        assert Partner.objects.get(code="OLD1").send_reminders is True


@pytest.mark.parametrize(
    ("flag", "value", "default"),
    [("send_reminders", False, True), ("credit_hold_exempt", True, False)],
)
def test_the_export_and_import_carry_the_customer_flags(
    owner, tenant_alpha, partner_id, flag, value, default
):
    # given: a customer with the flag away from its default
    owner.patch(f"{API}{partner_id}/", {flag: value}, format="json")

    # when: exported
    rows = list(
        load_workbook(io.BytesIO(owner.get(f"{API}export/").content)).active.iter_rows(
            values_only=True
        )
    )

    # then: a column for the flag, with this customer's value
    assert flag in COLUMNS
    assert rows[1][COLUMNS.index(flag)] is value

    # when: imported, set by "yes"/"no", the default when the cell is empty
    upload = _workbook(
        [["Set Co", "yes", "no", "yes" if value else "no"], ["Plain Co", "yes", "no", None]],
        header=["name", "is_customer", "is_vendor", flag],
    )
    response = owner.post(f"{API}import/", {"file": upload}, format="multipart")

    # then
    assert response.status_code == 201, response.json()
    with in_schema(tenant_alpha.schema_name):
        assert dict(
            Partner.objects.filter(name__in=["Set Co", "Plain Co"]).values_list("name", flag)
        ) == {"Set Co": value, "Plain Co": default}
