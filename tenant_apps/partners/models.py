"""Business partners: one model for customers and vendors (shared master data for CRM, sales,
purchasing and finance). The ledger's lines point here for party balances."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models

from tenant_apps.core.fields import CurrencyField, MoneyField
from tenant_apps.core.gst_states import GstState
from tenant_apps.core.models import BaseModel


class Partner(BaseModel):
    code = models.CharField(max_length=30, unique=True)
    name = models.CharField(max_length=200)
    is_customer = models.BooleanField(default=False)
    is_vendor = models.BooleanField(default=False)
    legal_name = models.CharField(max_length=200, blank=True)
    gstin = models.CharField(max_length=15, blank=True, db_index=True)
    pan = models.CharField(max_length=10, blank=True)
    # The party's GST state: from the GSTIN when there is one, else the billing state.
    state = models.CharField(max_length=2, choices=GstState.choices, blank=True)
    billing_address = models.TextField(blank=True)
    billing_city = models.CharField(max_length=100, blank=True)
    billing_state = models.CharField(max_length=2, choices=GstState.choices, blank=True)
    billing_pincode = models.CharField(max_length=10, blank=True)
    shipping_address = models.TextField(blank=True)
    shipping_city = models.CharField(max_length=100, blank=True)
    shipping_state = models.CharField(max_length=2, choices=GstState.choices, blank=True)
    shipping_pincode = models.CharField(max_length=10, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    payment_terms_days = models.PositiveSmallIntegerField(default=0)
    credit_limit = MoneyField()
    currency = CurrencyField()
    tags = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    is_active = models.BooleanField(default=True)
    # Payment reminders on a schedule (ADR 0052, 0058): a customer can be left out of them;
    # a person can still e-mail a reminder from the invoice.
    send_reminders = models.BooleanField(
        default=True,
        db_default=True,
        help_text="Send this customer's overdue invoices automatic payment reminders",
    )
    # Credit control (ADR 0059): a customer the company trusts (a government body, a group
    # company) is never put on credit hold for overdue invoices; its credit limit still holds.
    credit_hold_exempt = models.BooleanField(
        default=False,
        db_default=False,
        help_text="Never hold this customer's invoices for overdue ones (the limit still holds)",
    )
    # Reverse charge (ADR 0071): a vendor whose supplies the company pays the GST on itself (a
    # goods transport agency, an advocate, a supplier abroad); its new bills start so marked.
    reverse_charge = models.BooleanField(
        default=False,
        db_default=False,
        help_text="This vendor's bills are under reverse charge by default (the company pays "
        "the GST)",
    )

    class Meta:
        ordering = ["name", "id"]
        indexes = [GinIndex(fields=["tags"], name="partner_tags_gin")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(credit_limit__gte=0), name="partner_credit_limit_nonneg"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def display_name(self) -> str:
        return self.legal_name or self.name

    def is_registered(self) -> bool:
        """A GST-registered party (B2B): it has a GSTIN."""
        return bool(self.gstin)


class PartnerContact(BaseModel):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    designation = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    is_primary = models.BooleanField(default=False)

    class Meta:
        ordering = ["partner", "-is_primary", "id"]

    def __str__(self) -> str:
        return self.name
