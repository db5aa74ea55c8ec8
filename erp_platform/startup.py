"""Checks a web server runs once before serving (manage.py commands run them as system checks)."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from erp_platform.checks import check_no_transaction_pooler


def refuse_unsafe_database() -> None:
    errors = check_no_transaction_pooler()
    if errors:
        raise ImproperlyConfigured(f"{errors[0].msg} {errors[0].hint}")
