"""Per-tenant file storage.

Paths are prefixed with the tenant's immutable id (`tenants/<id>/...`), evaluated on every
access from the connection's current tenant, so one storage object serves every tenant and a
file saved in tenant A cannot be read by name from tenant B. Public-schema code gets `public/`.
"""

from __future__ import annotations

import functools
import os
import posixpath
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django_tenants.utils import get_public_schema_name
from storages.backends.s3 import S3Storage
from storages.utils import safe_join


def tenant_prefix() -> str:
    """`tenants/<id>` for the connection's tenant; `public` only in the public schema.

    `schema_context()` sets a FakeTenant without a pk: the id is then looked up by schema name,
    never replaced by a prefix that every tenant would share.
    """
    schema_name = getattr(connection, "schema_name", get_public_schema_name())
    if schema_name == get_public_schema_name():
        return "public"
    tenant_id = getattr(getattr(connection, "tenant", None), "pk", None)
    if tenant_id is None:
        tenant_id = _tenant_id_for_schema(schema_name)
    return f"tenants/{tenant_id}"


@functools.lru_cache(maxsize=1024)
def _tenant_id_for_schema(schema_name: str) -> int:
    """A schema's tenant id (immutable, so cached); Tenant.DoesNotExist for an unknown one."""
    from shared_apps.tenants.models import Tenant

    return Tenant.objects.values_list("pk", flat=True).get(schema_name=schema_name)


class TenantFileSystemStorage(FileSystemStorage):
    @property  # type: ignore[override]
    def base_location(self) -> str:
        root = self._value_or_setting(self._location, settings.MEDIA_ROOT)  # type: ignore[attr-defined]
        return os.path.join(root, tenant_prefix())

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property  # type: ignore[override]
    def base_url(self) -> str:
        url = self._value_or_setting(self._base_url, settings.MEDIA_URL)  # type: ignore[attr-defined]
        if not url.endswith("/"):
            url += "/"
        return f"{url}{tenant_prefix()}/"


class TenantS3Storage(S3Storage):
    """S3 (or any S3-compatible server) with the tenant prefix before every key."""

    def _normalize_name(self, name: Any) -> str:
        base = posixpath.join(self.location, tenant_prefix())
        try:
            return safe_join(base, name)  # type: ignore[no-any-return]
        except ValueError as exc:
            raise SuspiciousOperation(f"Attempted access to '{name}' denied.") from exc
