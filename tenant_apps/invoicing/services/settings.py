"""Writes to the invoicing reference data: GST rates and what documents print."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.invoicing.models import InvoiceSettings, TaxRate

# A rate's percentages and start are history: a change is a new rate.
TAX_RATE_FROZEN = ("code", "rate", "cess_rate", "valid_from")
TAX_RATE_CHANGEABLE = ("name", "valid_to", "is_active")


def tax_rate_create(*, user: Any, data: dict[str, Any]) -> TaxRate:
    try:
        with transaction.atomic(durable=True):
            return TaxRate.objects.create(created_by=user, updated_by=user, **data)
    except IntegrityError as exc:
        raise ApplicationError(
            "A rate with this code exists.", code="duplicate_code", fields={"code": ["Taken."]}
        ) from exc


def tax_rate_update(*, tax_rate: TaxRate, user: Any, data: dict[str, Any]) -> TaxRate:
    frozen = [k for k in TAX_RATE_FROZEN if k in data]
    if frozen:
        raise ApplicationError(
            "A rate's code, percentages and start date do not change: add a new rate.",
            code="rate_frozen",
            fields={k: ["Cannot change."] for k in frozen},
        )
    fields = [k for k in TAX_RATE_CHANGEABLE if k in data]
    with transaction.atomic(durable=True):
        for key in fields:
            setattr(tax_rate, key, data[key])
        tax_rate.updated_by = user
        tax_rate.save(update_fields=[*fields, "updated_by", "updated_at"])
    return tax_rate


def invoice_settings_update(*, user: Any, data: dict[str, Any]) -> InvoiceSettings:
    with transaction.atomic(durable=True):
        settings, _ = InvoiceSettings.objects.select_for_update().get_or_create(singleton=True)
        for key, value in data.items():
            setattr(settings, key, value)
        settings.updated_by = user
        settings.save(update_fields=[*data, "updated_by", "updated_at"])
    return settings
