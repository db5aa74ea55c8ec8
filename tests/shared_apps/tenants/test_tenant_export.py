"""Tenant export and import round trips, through real pg_dump and pg_restore.

pg_dump and pg_restore are other processes, so these tests commit (`committed_db`) and remove
every tenant, schema and user they make.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import tarfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tenants.utils import schema_context, schema_exists
from psycopg import sql
from rest_framework.test import APIClient

from erp_platform.tenancy import connection
from shared_apps.accounts.models import Membership, User
from shared_apps.tenants.exports import tenant_export, tenant_import
from shared_apps.tenants.fleet import code_leaf_migrations
from shared_apps.tenants.models import Domain, Tenant, TenantStatus
from shared_apps.tenants.services import tenant_provision
from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.core.models import CompanySettings, DocumentSequence
from tenant_apps.core.services import company_settings_update, sequence_next
from tests.conftest import PASSWORD

COMPANY_URL = "/api/v1/core/company/"
GSTIN = "27AAPFU0939F1ZV"
INVOICE_DATE = dt.date(2026, 5, 4)
TABLES = (CompanySettings._meta.db_table, DocumentSequence._meta.db_table)


@dataclass(frozen=True)
class Company:
    tenant: Tenant
    owner: User
    host: str
    numbers: list[str]


def _rows(schema_name: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tenant's core tables, in id order."""
    rows = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(
                sql.SQL("SELECT * FROM {} ORDER BY id").format(sql.Identifier(schema_name, table))
            )
            rows[table] = cursor.fetchall()
    return rows


def _drop_schema(schema_name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema_name))
        )


def _next_invoice(schema_name: str) -> str:
    with schema_context(schema_name), transaction.atomic():
        return sequence_next(series="invoice", on_date=INVOICE_DATE, prefix="INV")


def _company_get(company: Company, host: str) -> Any:
    connection.set_schema_to_public()
    client = APIClient(HTTP_HOST=host)
    client.force_login(company.owner)
    return client.get(COMPANY_URL)


@pytest.fixture
def make_company(committed_db: None) -> Iterator[Callable[..., Company]]:
    """`make_company("acme")`: a committed company "Acme Fabricators" at acme.localhost with
    an owner, three invoice numbers taken and its company settings filled in. Removed at
    teardown, with every tenant imported under its name."""
    names: list[str] = []
    emails: list[str] = []

    def make(subdomain: str, label: str | None = None) -> Company:
        label = label or subdomain
        name = f"{label.title()} Fabricators"
        names.append(name)
        tenant = tenant_provision(name=name, subdomain=subdomain, state="27")
        email = f"owner@{label}.test"
        emails.append(email)
        owner = User.objects.create_user(email, PASSWORD, full_name="Export Owner")
        Membership.objects.create(user=owner, tenant=tenant, is_owner=True)
        numbers = [_next_invoice(tenant.schema_name) for _ in range(3)]
        with schema_context(tenant.schema_name):
            company_settings_update(
                user=owner, data={"legal_name": f"{name} Pvt Ltd", "gstin": GSTIN, "state": "27"}
            )
        connection.set_schema_to_public()
        return Company(tenant=tenant, owner=owner, host=f"{subdomain}.localhost", numbers=numbers)

    yield make

    connection.set_schema_to_public()
    for schema_name in Tenant.objects.filter(name__in=names).values_list("schema_name", flat=True):
        _drop_schema(schema_name)
    Tenant.objects.filter(name__in=names).delete()
    Membership.objects.filter(user__email__in=emails).delete()
    # The ORM also removes allauth's rows (sessions, e-mail addresses) that point at the users.
    User.objects.filter(email__in=emails).delete()


def _manifest(path: Path) -> dict[str, Any]:
    with tarfile.open(path) as tar:
        member = tar.extractfile("manifest.json")
        assert member is not None
        return json.load(member)


def _snapshot() -> dict[str, Any]:
    """What the public schema says about tenants, and which tenant schemas exist."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 't\\_%' ORDER BY 1")
        schemas = [row[0] for row in cursor.fetchall()]
    return {
        "tenants": list(Tenant.objects.order_by("id").values_list("id", "schema_name", "status")),
        "domains": list(Domain.objects.order_by("id").values_list("domain", "tenant_id")),
        "members": list(Membership.objects.order_by("id").values_list("user_id", "tenant_id")),
        "schemas": schemas,
    }


def test_a_lost_schema_is_restored_into_its_tenant(
    make_company: Callable[..., Company], tmp_path: Path
):
    # given a company with data, exported
    company = make_company("exportlost")
    schema_name = company.tenant.schema_name
    before = _rows(schema_name)
    path = tenant_export(tenant=company.tenant, directory=tmp_path)
    # and then its schema is lost
    _drop_schema(schema_name)
    assert not schema_exists(schema_name)

    # when
    restored = tenant_import(path=path)

    # then the same tenant holds exactly the same rows, and its counters carry on
    assert (restored.pk, restored.schema_name, restored.status) == (
        company.tenant.pk,
        schema_name,
        TenantStatus.ACTIVE,
    )
    assert Tenant.objects.filter(name=company.tenant.name).count() == 1
    assert _rows(schema_name) == before
    assert company.numbers == ["INV/26-27/00001", "INV/26-27/00002", "INV/26-27/00003"]
    assert _next_invoice(schema_name) == "INV/26-27/00004"
    # and its host answers its owner
    response = _company_get(company, company.host)
    assert response.status_code == 200
    assert {k: response.json()[k] for k in ("name", "legal_name", "gstin", "state")} == {
        "name": "Exportlost Fabricators",
        "legal_name": "Exportlost Fabricators Pvt Ltd",
        "gstin": GSTIN,
        "state": "27",
    }


def test_the_export_file_holds_a_manifest_and_the_schema_dump(
    make_company: Callable[..., Company], tmp_path: Path
):
    # given
    company = make_company("exportfile")

    # when
    path = tenant_export(tenant=company.tenant, directory=tmp_path)

    # then
    assert path.parent == tmp_path
    assert path.name.startswith(f"{company.tenant.schema_name}-")
    assert path.suffix == ".tar"
    assert path.stat().st_mode & 0o777 == 0o600
    with tarfile.open(path) as tar:
        assert tar.getnames() == ["manifest.json", "schema.dump"]
        dump = tar.extractfile("schema.dump")
        assert dump is not None
        assert dump.read(5) == b"PGDMP"
    manifest = _manifest(path)
    assert manifest["format"] == "b3-tenant-export"
    assert manifest["format_version"] == 1
    assert manifest["tenant"]["id"] == company.tenant.pk
    assert manifest["tenant"]["schema_name"] == company.tenant.schema_name
    assert manifest["tenant"]["name"] == "Exportfile Fabricators"
    assert manifest["tenant"]["status"] == "active"
    assert manifest["domains"] == [{"domain": "exportfile.localhost", "is_primary": True}]
    assert manifest["members"] == [
        {"email": "owner@exportfile.test", "is_owner": True, "status": "active"}
    ]
    assert manifest["migrations"] == sorted([app, name] for app, name in code_leaf_migrations())
    assert manifest["server_major"] == connection.pg_version // 10000
    assert manifest["pg_dump_major"] >= manifest["server_major"]


def test_a_deleted_tenant_is_imported_as_a_new_tenant(
    make_company: Callable[..., Company], tmp_path: Path
):
    # given a company exported with the management command
    company = make_company("exportgone")
    old_id, old_schema = company.tenant.pk, company.tenant.schema_name
    before = _rows(old_schema)
    out = io.StringIO()
    call_command("tenant_export", "exportgone", out=str(tmp_path), stdout=out)
    path = Path(out.getvalue().strip())
    assert path.parent == tmp_path
    # and then the company is deleted: its row (with domain and memberships) and its schema
    _drop_schema(old_schema)
    Tenant.objects.filter(pk=old_id).delete()

    # when
    out = io.StringIO()
    call_command("tenant_import", str(path), stdout=out)

    # then a new tenant holds exactly the same rows under a new schema
    new = Tenant.objects.get(name="Exportgone Fabricators")
    assert new.pk > old_id
    assert new.schema_name == f"t_{new.pk}"
    assert new.status == TenantStatus.ACTIVE
    assert out.getvalue() == f"{new.schema_name} Exportgone Fabricators\n"
    assert not schema_exists(old_schema)
    assert _rows(new.schema_name) == before
    assert _next_invoice(new.schema_name) == "INV/26-27/00004"
    # and the domain and the owner's membership point at it
    assert list(Domain.objects.filter(tenant=new).values_list("domain", "is_primary")) == [
        ("exportgone.localhost", True)
    ]
    assert list(Membership.objects.filter(tenant=new).values_list("user_id", "is_owner")) == [
        (company.owner.pk, True)
    ]
    response = _company_get(company, company.host)
    assert response.status_code == 200
    assert response.json()["legal_name"] == "Exportgone Fabricators Pvt Ltd"


def test_import_skips_a_domain_taken_meanwhile(
    make_company: Callable[..., Company], tmp_path: Path
):
    # given a deleted company whose subdomain another company took meanwhile
    company = make_company("exporttaken")
    path = tenant_export(tenant=company.tenant, directory=tmp_path)
    _drop_schema(company.tenant.schema_name)
    Tenant.objects.filter(pk=company.tenant.pk).delete()
    squatter = make_company("exporttaken", "squatter")

    # when
    new = tenant_import(path=path)

    # then the data came back, the domain stayed with the other company
    assert new.name == "Exporttaken Fabricators"
    assert new.pk != squatter.tenant.pk
    assert list(Domain.objects.filter(tenant=new)) == []
    assert Domain.objects.get(domain="exporttaken.localhost").tenant_id == squatter.tenant.pk
    assert _next_invoice(new.schema_name) == "INV/26-27/00004"


def test_import_into_an_existing_schema_is_refused_and_changes_nothing(
    make_company: Callable[..., Company], tmp_path: Path
):
    # given an export of a company whose schema still exists
    company = make_company("exportclash")
    path = tenant_export(tenant=company.tenant, directory=tmp_path)
    _next_invoice(company.tenant.schema_name)  # the live data moves on after the export
    rows = _rows(company.tenant.schema_name)
    public = _snapshot()

    # when
    with pytest.raises(ApplicationError) as refused:
        tenant_import(path=path)

    # then
    assert refused.value.code == "tenant_import_conflict"
    assert refused.value.detail == (
        f"Schema {company.tenant.schema_name} already exists: drop or rename it before importing."
    )
    assert _rows(company.tenant.schema_name) == rows
    assert _snapshot() == public


def test_a_failed_restore_leaves_nothing_behind(
    make_company: Callable[..., Company], tmp_path: Path
):
    # given a deleted company whose export was cut short (its dump truncated)
    company = make_company("exportcut")
    path = tenant_export(tenant=company.tenant, directory=tmp_path)
    _drop_schema(company.tenant.schema_name)
    Tenant.objects.filter(pk=company.tenant.pk).delete()
    with tarfile.open(path) as tar:
        manifest = tar.extractfile("manifest.json").read()  # type: ignore[union-attr]
        dump = tar.extractfile("schema.dump").read()  # type: ignore[union-attr]
    cut = tmp_path / "cut.tar"
    with tarfile.open(cut, "w") as tar:
        for name, body in (("manifest.json", manifest), ("schema.dump", dump[: len(dump) - 64])):
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    public = _snapshot()

    # when
    with pytest.raises(ApplicationError) as failed:
        tenant_import(path=cut)

    # then
    assert failed.value.code == "tenant_import_failed"
    assert failed.value.detail.startswith("pg_restore failed (1): ")
    assert _snapshot() == public
    assert not schema_exists(company.tenant.schema_name)


def test_an_export_from_newer_code_is_refused(make_company: Callable[..., Company], tmp_path: Path):
    # given an export whose schema has a migration this code does not know
    company = make_company("exportnewer")
    path = tenant_export(tenant=company.tenant, directory=tmp_path)
    _drop_schema(company.tenant.schema_name)
    with tarfile.open(path) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
        dump = tar.extractfile("schema.dump").read()  # type: ignore[union-attr]
    manifest["migrations"].append(["core", "9999_from_the_future"])
    newer = tmp_path / "newer.tar"
    with tarfile.open(newer, "w") as tar:
        for name, body in (("manifest.json", json.dumps(manifest).encode()), ("schema.dump", dump)):
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    public = _snapshot()

    # when
    with pytest.raises(ApplicationError) as refused:
        tenant_import(path=newer)

    # then
    assert refused.value.code == "tenant_import_incompatible"
    assert refused.value.detail == (
        "The export was made by newer code: unknown migrations core.9999_from_the_future."
    )
    assert _snapshot() == public


def test_the_template_cannot_be_exported(db: None, tmp_path: Path):
    # given
    template = Tenant.objects.get(schema_name="tenant_template")

    # when
    with pytest.raises(ApplicationError) as refused:
        tenant_export(tenant=template, directory=tmp_path)

    # then
    assert refused.value.code == "tenant_export_invalid"
    assert list(tmp_path.iterdir()) == []
