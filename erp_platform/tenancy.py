"""The tenant-aware database connection, typed: `connection.set_tenant(...)`,
`connection.schema_name`, `connection.set_schema_to_public()` are django-tenants' additions."""

from typing import cast

from django.db import connection as _connection
from django_tenants.postgresql_backend.base import DatabaseWrapper

connection = cast(DatabaseWrapper, _connection)
