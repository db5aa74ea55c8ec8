"""Shared serializer fields and helpers of the invoicing APIs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound

from tenant_apps.core.fields import (
    AMOUNT_DECIMAL_PLACES,
    AMOUNT_MAX_DIGITS,
    QUANTITY_DECIMAL_PLACES,
    QUANTITY_MAX_DIGITS,
    RATE_DECIMAL_PLACES,
    RATE_MAX_DIGITS,
)
from tenant_apps.core.gst_states import GstState
from tenant_apps.invoicing.models import FOREIGN_PLACE

T = TypeVar("T")

PLACE_CHOICES = [*GstState.choices, (FOREIGN_PLACE, "Outside India (export)")]


def or_404(read: Callable[..., T], **kwargs: Any) -> T:
    try:
        return read(**kwargs)
    except ObjectDoesNotExist as exc:
        raise NotFound() from exc


def money(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=AMOUNT_MAX_DIGITS, decimal_places=AMOUNT_DECIMAL_PLACES, **kwargs
    )


def quantity(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=QUANTITY_MAX_DIGITS, decimal_places=QUANTITY_DECIMAL_PLACES, **kwargs
    )


def rate(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=RATE_MAX_DIGITS, decimal_places=RATE_DECIMAL_PLACES, **kwargs
    )


class PartnerBrief(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    gstin = serializers.CharField()


@extend_schema_field(OpenApiTypes.INT)
class AccountField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """A bank or cash account of the ledger, by id."""

    def get_queryset(self):  # type: ignore[no-untyped-def]
        from tenant_apps.finance.models import Account

        return Account.objects.filter(role__in=("bank", "cash"), is_active=True, is_group=False)


@extend_schema_field(OpenApiTypes.INT)
class DeductionAccountField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """A ledger account by id; the payment service says why one cannot take a deduction
    (a group, inactive, the money's own account, a party control account)."""

    def get_queryset(self):  # type: ignore[no-untyped-def]
        from tenant_apps.finance.models import Account

        return Account.objects.all()
