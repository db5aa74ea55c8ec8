"""Writes for partners: create, update, delete, Excel import. Services own their transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.in_ import gstin as gstin_number
from stdnum.in_ import pan as pan_number

from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.core.gst_states import GstState
from tenant_apps.core.models import DocumentSequence
from tenant_apps.partners.models import Partner, PartnerContact

PARTNER_SERIES = "partner"
PARTNER_PREFIX = "BP"
# Codes are not per fiscal year: one counter row under this pseudo fiscal year.
PARTNER_SEQUENCE_YEAR = "-"

FIELDS = (
    "code",
    "name",
    "legal_name",
    "is_customer",
    "is_vendor",
    "gstin",
    "pan",
    "billing_address",
    "billing_city",
    "billing_state",
    "billing_pincode",
    "shipping_address",
    "shipping_city",
    "shipping_state",
    "shipping_pincode",
    "email",
    "phone",
    "payment_terms_days",
    "credit_limit",
    "currency",
    "tags",
    "send_reminders",
    "credit_hold_exempt",
    "reverse_charge",
    "is_active",
)
CONTACT_FIELDS = ("name", "designation", "email", "phone", "is_primary")


def partner_code_next() -> str:
    """The next partner code (`BP00001`) from a locked `DocumentSequence` row; must run inside
    the transaction that saves the partner (a rollback returns the number)."""
    if not connection.in_atomic_block:
        raise RuntimeError("partner_code_next must run inside the partner's transaction")
    table = DocumentSequence._meta.db_table
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} AS s
                (series, fiscal_year, prefix, padding, last_value, created_at, updated_at)
            VALUES (%(series)s, %(fy)s, %(prefix)s, 5, 1, %(now)s, %(now)s)
            ON CONFLICT (series, fiscal_year)
            DO UPDATE SET last_value = s.last_value + 1, updated_at = EXCLUDED.updated_at
            RETURNING prefix, padding, last_value
            """,
            {
                "series": PARTNER_SERIES,
                "fy": PARTNER_SEQUENCE_YEAR,
                "prefix": PARTNER_PREFIX,
                "now": now,
            },
        )
        prefix, padding, value = cursor.fetchone()
    return f"{prefix}{value:0{padding}d}"


def partner_fields_clean(data: dict[str, Any]) -> dict[str, list[str]]:
    """Normalise GSTIN/PAN/states in `data` (in place) and return field errors.

    A GSTIN is validated (check digit included); its first two digits are the party's state and
    characters 3-12 its PAN, so a PAN given alongside must match and an empty one is filled."""
    errors: dict[str, list[str]] = {}
    gstin = (data.get("gstin") or "").strip().upper()
    pan = (data.get("pan") or "").strip().upper()
    data["gstin"], data["pan"] = gstin, pan
    for field in ("billing_state", "shipping_state"):
        value = data.get(field) or ""
        if value and value not in GstState.values:
            errors[field] = [f"{value!r} is not a GST state code (01-38, 97)."]
    if gstin:
        try:
            gstin_number.validate(gstin)
        except StdnumError as exc:
            errors["gstin"] = [f"{gstin} is not a valid GSTIN: {exc}"]
        else:
            if gstin[:2] not in GstState.values:
                errors["gstin"] = [f"GSTIN {gstin} has no known state code."]
            derived_pan = gstin[2:12]
            if pan and pan != derived_pan:
                errors["pan"] = [f"PAN {pan} does not match the GSTIN's PAN {derived_pan}."]
            data["pan"] = derived_pan
    if data["pan"] and "pan" not in errors and "gstin" not in errors:
        try:
            pan_number.validate(data["pan"])
        except StdnumError as exc:
            errors["pan"] = [f"{data['pan']} is not a valid PAN: {exc}"]
    has_role = data.get("is_customer") or data.get("is_vendor")
    if ("is_customer" in data or "is_vendor" in data) and not has_role:
        errors["is_customer"] = ["A partner is a customer, a vendor or both."]
    return errors


def _state_derive(partner: Partner) -> None:
    if partner.gstin:
        partner.state = partner.gstin[:2]
        partner.billing_state = partner.billing_state or partner.state
    else:
        partner.state = partner.billing_state
    partner.shipping_state = partner.shipping_state or partner.billing_state


def contacts_clean(
    contacts: Sequence[Mapping[str, Any]], *, existing_ids: Iterable[int]
) -> dict[str, list[str]]:
    """Field errors (`contacts.<n>.<field>`) of a partner's contact list: an `id` must be one of
    the partner's contacts (`existing_ids`), listed once; at most one contact is primary."""
    errors: dict[str, list[str]] = {}
    known = set(existing_ids)
    seen: set[int] = set()
    primary_seen = False
    for index, contact in enumerate(contacts):
        contact_id = contact.get("id")
        if contact_id is not None:
            if contact_id not in known:
                errors[f"contacts.{index}.id"] = ["Not a contact of this partner."]
            elif contact_id in seen:
                errors[f"contacts.{index}.id"] = ["This contact is listed twice."]
            seen.add(contact_id)
        if contact.get("is_primary"):
            if primary_seen:
                errors[f"contacts.{index}.is_primary"] = ["Only one contact can be primary."]
            primary_seen = True
    return errors


def _contacts_sync(*, partner: Partner, contacts: Sequence[Mapping[str, Any]], user: Any) -> None:
    """Make the partner's contacts exactly `contacts` (checked by `contacts_clean`): a row with
    an `id` updates that contact in place, a row without one adds a contact, and the partner's
    contacts not listed are deleted. Ids stay stable, so editing one contact keeps its id."""
    current = {c.pk: c for c in PartnerContact.objects.filter(partner=partner)}
    listed = {c["id"] for c in contacts if c.get("id") is not None}
    PartnerContact.objects.filter(partner=partner).exclude(pk__in=listed).delete()
    new: list[PartnerContact] = []
    for row in contacts:
        values = {k: row[k] for k in CONTACT_FIELDS if k in row}
        if row.get("id") is None:
            new.append(PartnerContact(partner=partner, created_by=user, updated_by=user, **values))
            continue
        contact = current[row["id"]]
        changed = [k for k, v in values.items() if getattr(contact, k) != v]
        if changed:
            for key in changed:
                setattr(contact, key, values[key])
            contact.updated_by = user
            contact.save(update_fields=[*changed, "updated_by", "updated_at"])
    PartnerContact.objects.bulk_create(new)


def _partner_build(*, data: dict[str, Any], user: Any) -> Partner:
    """A new, saved partner; inside the caller's transaction. Raises ApplicationError."""
    data = dict(data)
    data.setdefault("is_customer", False)
    data.setdefault("is_vendor", False)
    contacts = data.pop("contacts", [])
    errors = partner_fields_clean(data) | contacts_clean(contacts, existing_ids=())
    if errors:
        raise ApplicationError("The partner is not valid.", code="invalid", fields=errors)
    values = {k: data[k] for k in FIELDS if k in data}
    if not values.get("code"):
        values["code"] = partner_code_next()
    partner = Partner(created_by=user, updated_by=user, **values)
    _state_derive(partner)
    try:
        with transaction.atomic():
            partner.save()
    except IntegrityError as exc:
        raise ApplicationError(
            f"A partner with code {values['code']} exists.",
            code="duplicate_code",
            fields={"code": ["This code is taken."]},
        ) from exc
    _contacts_sync(partner=partner, contacts=contacts, user=user)
    return partner


def partner_create(*, user: Any, data: dict[str, Any]) -> Partner:
    with transaction.atomic(durable=True):
        return _partner_build(data=data, user=user)


def partner_update(*, user: Any, partner: Partner, data: dict[str, Any]) -> Partner:
    with transaction.atomic(durable=True):
        partner = Partner.objects.select_for_update().get(pk=partner.pk)
        merged = {k: getattr(partner, k) for k in FIELDS} | dict(data)
        contacts = merged.pop("contacts", None)
        errors = partner_fields_clean(merged)
        if contacts is not None:
            existing = PartnerContact.objects.filter(partner=partner).values_list("pk", flat=True)
            errors |= contacts_clean(contacts, existing_ids=existing)
        if errors:
            raise ApplicationError("The partner is not valid.", code="invalid", fields=errors)
        changed = [k for k in FIELDS if k in merged and k != "code"]
        if "code" in data and data["code"] and data["code"] != partner.code:
            if Partner.objects.filter(code=data["code"]).exclude(pk=partner.pk).exists():
                raise ApplicationError(
                    f"A partner with code {data['code']} exists.",
                    code="duplicate_code",
                    fields={"code": ["This code is taken."]},
                )
            changed.append("code")
        for key in changed:
            setattr(partner, key, merged[key])
        _state_derive(partner)
        partner.updated_by = user
        partner.save(update_fields=[*changed, "state", "updated_by", "updated_at"])
        if contacts is not None:
            _contacts_sync(partner=partner, contacts=contacts, user=user)
    return partner


def partner_delete(*, user: Any, partner: Partner) -> None:
    """Delete a partner no document refers to (otherwise deactivate it)."""
    try:
        with transaction.atomic(durable=True):
            Partner.objects.filter(pk=partner.pk).delete()
    except (ProtectedError, IntegrityError) as exc:
        raise ApplicationError(
            "This partner has documents or ledger lines: deactivate it instead.",
            code="partner_in_use",
        ) from exc


def partners_import_errors(*, rows: list[tuple[int, dict[str, Any]]]) -> dict[str, list[str]]:
    """Business errors of every row (`rows.<n>.<field>`): GSTIN/PAN, roles, duplicate codes
    within the file or against existing partners. Normalises the rows in place."""
    errors: dict[str, list[str]] = {}
    codes_seen: dict[str, int] = {}
    for number, row in rows:
        row_errors = partner_fields_clean(row)
        code = row.get("code") or ""
        if code:
            if code in codes_seen:
                row_errors["code"] = [f"Duplicate of row {codes_seen[code]}."]
            codes_seen[code] = number
        for field, messages in row_errors.items():
            errors[f"rows.{number}.{field}"] = messages
    existing = set(Partner.objects.filter(code__in=list(codes_seen)).values_list("code", flat=True))
    for code in existing:
        errors[f"rows.{codes_seen[code]}.code"] = [f"A partner with code {code} exists."]
    return errors


def import_refusal(errors: dict[str, list[str]]) -> ApplicationError:
    rows = {key.split(".")[1] for key in errors}
    return ApplicationError(
        f"{len(rows)} row(s) have errors; nothing was imported.",
        code="import_invalid",
        fields=dict(sorted(errors.items(), key=lambda kv: (int(kv[0].split(".")[1]), kv[0]))),
    )


def partners_import(*, user: Any, rows: list[tuple[int, dict[str, Any]]]) -> list[Partner]:
    """Create every row or none. `rows` are (spreadsheet row number, data), shape-checked by the
    caller; business errors of all rows are collected first."""
    errors = partners_import_errors(rows=rows)
    if errors:
        raise import_refusal(errors)
    with transaction.atomic(durable=True):
        return [_partner_build(data=row, user=user) for _, row in rows]
