"""Writes for the core app. Services own their transactions (see CONVENTIONS.md)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone
from psycopg import sql

from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.core.gst_states import GstState
from tenant_apps.core.models import CompanySettings, DocumentSequence, validate_gstin

COMPANY_FIELDS = (
    "name",
    "legal_name",
    "gstin",
    "state",
    "fiscal_year_start_month",
    "fiscal_year_start_day",
    "base_currency",
)


def company_fields_validate(*, gstin: str = "", state: str = "") -> dict[str, list[str]]:
    """Errors for a GSTIN and state pair: a valid GSTIN whose first two digits are the state."""
    errors: dict[str, list[str]] = {}
    if state and state not in GstState.values:
        errors["state"] = [f"{state!r} is not a GST state code (01-38, 97)."]
    if gstin:
        try:
            validate_gstin(gstin)
        except DjangoValidationError as exc:
            errors["gstin"] = list(exc.messages)
        else:
            if state and gstin[:2] != state:
                errors["gstin"] = [
                    f"GSTIN {gstin} belongs to state {gstin[:2]}, not the company's state {state}."
                ]
    return errors


def tenant_defaults_seed() -> None:
    """Default data every new tenant starts with; run once in the template schema."""
    CompanySettings.objects.get_or_create(singleton=True)


def company_settings_personalise(
    *, schema_name: str, name: str, gstin: str = "", state: str = ""
) -> None:
    """Fill a freshly claimed schema's company settings, in the caller's transaction.

    Schema-qualified SQL, so provisioning never switches the connection's tenant inside its
    transaction (ARCHITECTURE.md: never switch tenant inside an open transaction).
    """
    table = sql.Identifier(schema_name, CompanySettings._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL(
                "UPDATE {} SET name = %s, legal_name = %s, gstin = %s, state = %s, updated_at = %s"
            ).format(table),
            [name, name, gstin.upper(), state, timezone.now()],
        )
        if cursor.rowcount != 1:
            raise ApplicationError(
                f"Schema {schema_name} has no company settings row.", code="tenant_not_seeded"
            )


def company_settings_update(*, user: Any, data: dict[str, Any]) -> CompanySettings:
    with transaction.atomic(durable=True):
        company = CompanySettings.objects.select_for_update().get(singleton=True)
        for field in COMPANY_FIELDS:
            if field in data:
                setattr(company, field, data[field])
        company.gstin = company.gstin.upper()
        errors = company_fields_validate(gstin=company.gstin, state=company.state)
        if errors:
            raise ApplicationError("Company settings are not valid.", code="invalid", fields=errors)
        company.updated_by = user
        company.save(update_fields=[*COMPANY_FIELDS, "updated_by", "updated_at"])
    return company


def schema_lock(name: str) -> None:
    """Hold the tenant's lock `name` until the transaction ends (a transaction-level advisory
    lock keyed by schema and name): services whose checks read what another run writes (monthly
    runs, imports) serialise on it."""
    if not connection.in_atomic_block:
        raise RuntimeError("schema_lock must run inside the transaction it guards")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.' || %s))", [name]
        )


def sequence_next(
    *,
    series: str,
    on_date: dt.date | None = None,
    prefix: str | None = None,
    fiscal_year: str | None = None,
) -> str:
    """Take the next legal number of `series` for the fiscal year of `on_date`.

    Must run inside the transaction that saves the document: the upsert locks the counter row
    until that transaction ends, so numbers are unique and gapless (a rollback returns the
    number). A new fiscal year starts at 1 and keeps the series' last prefix. `fiscal_year`
    (a label like `2026-27`) overrides the one derived from `on_date` and the company settings
    (the ledger passes its own fiscal year's name).
    """
    if not connection.in_atomic_block:
        raise RuntimeError("sequence_next must run inside the document's transaction")
    if fiscal_year is None:
        on_date = on_date or timezone.localdate()
        fiscal_year = CompanySettings.objects.get(singleton=True).fiscal_year_label(on_date)
    table = DocumentSequence._meta.db_table
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} AS s
                (series, fiscal_year, prefix, padding, last_value, created_at, updated_at)
            VALUES (
                %(series)s, %(fy)s,
                COALESCE(%(prefix)s,
                         (SELECT prefix FROM {table} WHERE series = %(series)s
                          ORDER BY fiscal_year DESC LIMIT 1),
                         upper(%(series)s)),
                COALESCE((SELECT padding FROM {table} WHERE series = %(series)s
                          ORDER BY fiscal_year DESC LIMIT 1), 5),
                1, %(now)s, %(now)s)
            ON CONFLICT (series, fiscal_year)
            DO UPDATE SET last_value = s.last_value + 1, updated_at = EXCLUDED.updated_at
            RETURNING prefix, fiscal_year, padding, last_value
            """,
            {"series": series, "fy": fiscal_year, "prefix": prefix, "now": now},
        )
        got_prefix, got_fy, padding, value = cursor.fetchone()
    return f"{got_prefix}/{number_year(got_fy)}/{value:0{padding}d}"


def number_year(fiscal_year: str) -> str:
    """The fiscal year as a document number shows it: `26-27` for `2026-27` (calendar years
    stay `2026`). CGST Rule 46 allows an invoice number at most 16 characters, and the IRP and
    the GSTR-1 take no more: `INV/26-27/00001` is 15."""
    if len(fiscal_year) == 7 and fiscal_year[4] == "-" and fiscal_year[:4].isdigit():
        return fiscal_year[2:]
    return fiscal_year


# ---------------------------------------------------------------------------------------------
# Company logo
# ---------------------------------------------------------------------------------------------
LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_SIDE = 4096
LOGO_FORMATS = {
    "PNG": ("image/png", "png"),
    "JPEG": ("image/jpeg", "jpg"),
    "WEBP": ("image/webp", "webp"),
}


def _logo_error(message: str) -> ApplicationError:
    return ApplicationError(message, code="invalid_logo", fields={"logo": [message]})


def logo_reencode(upload: UploadedFile) -> tuple[bytes, str, str]:
    """(bytes, content type, extension) of a PNG, JPEG or WebP upload, decoded and encoded
    again with Pillow: whatever else the file carried (metadata, a polyglot's other half) is
    dropped. Anything else (SVG, GIF, HTML, a truncated image, too big) is a 400."""
    from PIL import Image, UnidentifiedImageError

    if upload.size is None or upload.size > LOGO_MAX_BYTES:
        raise _logo_error("The logo must be at most 1 MB.")
    raw = upload.read()
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            fmt = probe.format or ""
            probe.verify()
        if fmt not in LOGO_FORMATS:
            raise _logo_error("Upload a PNG, JPEG or WebP image.")
        with Image.open(io.BytesIO(raw)) as image:
            if max(image.size) > LOGO_MAX_SIDE:
                raise _logo_error(f"The logo must be at most {LOGO_MAX_SIDE} pixels on each side.")
            image.load()
            out = io.BytesIO()
            target = (
                image.convert("RGB") if fmt == "JPEG" and image.mode not in ("RGB", "L") else image
            )
            target.save(out, format=fmt)
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as exc:
        raise _logo_error("Upload a PNG, JPEG or WebP image.") from exc
    content_type, extension = LOGO_FORMATS[fmt]
    return out.getvalue(), content_type, extension


def company_logo_set(*, user: Any, upload: UploadedFile | None) -> CompanySettings:
    """Replace (or with None remove) the company's logo. The old file is deleted once the row
    is committed; the new one is deleted again if the row is not."""
    encoded = logo_reencode(upload) if upload is not None else None
    new_name = ""
    storage = CompanySettings._meta.get_field("logo").storage  # type: ignore[attr-defined]
    try:
        with transaction.atomic(durable=True):
            company = CompanySettings.objects.select_for_update().get(singleton=True)
            old_name = company.logo.name
            if encoded is None:
                company.logo = ""  # type: ignore[assignment]
                company.logo_type = ""
            else:
                data, content_type, extension = encoded
                company.logo.save(f"logo.{extension}", ContentFile(data), save=False)
                new_name = company.logo.name or ""
                company.logo_type = content_type
            company.updated_by = user
            company.save(update_fields=["logo", "logo_type", "updated_by", "updated_at"])
            if old_name:
                transaction.on_commit(lambda: storage.delete(old_name))
    except BaseException:
        if new_name:
            storage.delete(new_name)
        raise
    return company
