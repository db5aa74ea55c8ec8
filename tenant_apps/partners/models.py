"""Business partners: one model for customers and vendors (shared master data for CRM, sales,
purchasing and finance). The ledger's lines point here for party balances."""

from django.db import models

from tenant_apps.core.models import BaseModel


class Partner(BaseModel):
    code = models.CharField(max_length=30, unique=True)
    name = models.CharField(max_length=200)
    is_customer = models.BooleanField(default=False)
    is_vendor = models.BooleanField(default=False)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
