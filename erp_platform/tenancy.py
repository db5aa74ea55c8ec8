"""The tenant-aware database connection, typed: `connection.set_tenant(...)`,
`connection.schema_name`, `connection.set_schema_to_public()` are django-tenants' additions.

The backend class is imported for type checking only: importing it at run time loads models,
which must not happen before `django.setup()` (e.g. in a spawned worker process)."""

from typing import TYPE_CHECKING, cast

from django.db import connection as _connection

if TYPE_CHECKING:
    from django_tenants.postgresql_backend.base import DatabaseWrapper

connection = cast("DatabaseWrapper", _connection)
