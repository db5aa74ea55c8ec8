"""Personal access tokens for integrations: per user, per tenant (the row lives in the tenant's
schema, so a token is found only on its own company's host)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

TOKEN_PREFIX_LENGTH = 8


class ApiToken(models.Model):
    """Only the SHA-256 of the token is stored; the token itself is shown once, at creation.

    `user` points at a global user in the public schema; DO_NOTHING for the reason given on
    `tenant_apps.core.models.BaseModel`.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, related_name="+"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=TOKEN_PREFIX_LENGTH, help_text="Shown in lists.")
    token_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256, hex")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "created_at"], name="apitoken_user_created_idx")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(name=""), name="apitoken_name_set"),
            models.CheckConstraint(
                condition=models.Q(prefix__regex=r"^[0-9a-f]{8}$"), name="apitoken_prefix_hex8"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (b3_{self.prefix}…)"

    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, now: dt.datetime) -> bool:
        return self.expires_at is not None and self.expires_at <= now
