"""Core tenant models: the base model, company settings and document sequences."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.in_ import gstin as gstin_number

from tenant_apps.core.fields import CurrencyField
from tenant_apps.core.gst_states import GstState


class BaseModel(models.Model):
    """Every tenant model: BigAutoField id (DEFAULT_AUTO_FIELD), who and when.

    `created_by`/`updated_by` point at global users in the public schema. DO_NOTHING keeps
    Django's delete collector from looking for tenant tables while in the public schema; the
    database's foreign key still refuses to delete a user whose name is on tenant records
    (users are deactivated, not deleted).
    """

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True


def validate_gstin(value: str) -> None:
    try:
        gstin_number.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            f"{value!r} is not a valid GSTIN: {exc}", code="invalid_gstin"
        ) from exc


class CompanySettings(BaseModel):
    """The company's own particulars; exactly one row per tenant schema."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    name = models.CharField(max_length=200, blank=True, help_text="Display name")
    legal_name = models.CharField(max_length=200, blank=True)
    gstin = models.CharField(max_length=15, blank=True, validators=[validate_gstin])
    state = models.CharField(max_length=2, choices=GstState.choices, blank=True)
    fiscal_year_start_month = models.PositiveSmallIntegerField(default=4)
    fiscal_year_start_day = models.PositiveSmallIntegerField(default=1)
    base_currency = CurrencyField()
    # Stored through the default (tenant-prefixed) storage; only services.company_logo_set
    # writes it, after re-encoding the upload. Served by GET /api/v1/core/company/logo/.
    logo = models.FileField(upload_to="company/logo/", blank=True, max_length=200)
    logo_type = models.CharField(max_length=20, blank=True, help_text="image/png|jpeg|webp")

    class Meta:
        verbose_name_plural = "company settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(singleton=True), name="company_settings_singleton"
            ),
            models.CheckConstraint(
                condition=models.Q(fiscal_year_start_month__gte=1, fiscal_year_start_month__lte=12),
                name="company_settings_fy_month_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(fiscal_year_start_day__gte=1, fiscal_year_start_day__lte=28),
                name="company_settings_fy_day_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.legal_name or self.name or "Company settings"

    def fiscal_year_start(self, on: dt.date) -> dt.date:
        start = dt.date(on.year, self.fiscal_year_start_month, self.fiscal_year_start_day)
        return start if on >= start else start.replace(year=on.year - 1)

    def fiscal_year_label(self, on: dt.date) -> str:
        """`2026-27` for a year starting in 2026 and ending in 2027; `2026` for calendar years."""
        start = self.fiscal_year_start(on)
        if (start.month, start.day) == (1, 1):
            return f"{start.year}"
        return f"{start.year}-{(start.year + 1) % 100:02d}"


class DocumentSequence(BaseModel):
    """A gapless counter per series and fiscal year. Only `services.sequence_next` writes it."""

    series = models.CharField(max_length=32)
    fiscal_year = models.CharField(max_length=9)
    prefix = models.CharField(max_length=16)
    padding = models.PositiveSmallIntegerField(default=5)
    last_value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["series", "fiscal_year"], name="document_sequence_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(last_value__gte=0), name="document_sequence_nonneg"
            ),
        ]
        ordering = ["series", "fiscal_year"]

    def __str__(self) -> str:
        return f"{self.prefix}/{self.fiscal_year} @ {self.last_value}"

    def format(self, value: int) -> str:
        return f"{self.prefix}/{self.fiscal_year}/{value:0{self.padding}d}"
