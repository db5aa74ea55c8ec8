"""Roles, role assignments and invitations (tenant schema).

Memberships live in the public schema (`shared_apps.accounts.Membership`); what a member may do
in this company lives here. The owner (`Membership.is_owner`) holds every permission without a
role row; the built-in Owner role exists to be shown, never assigned.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from tenant_apps.core.models import BaseModel

OWNER_ROLE = "owner"
ADMINISTRATOR_ROLE = "administrator"


class Role(BaseModel):
    """A named set of permission codes. Built-in roles are seeded by a data migration."""

    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    is_builtin = models.BooleanField(default=False)
    permissions = ArrayField(models.CharField(max_length=100), default=list, blank=True)

    class Meta:
        ordering = ["-is_builtin", "name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="access_role_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def is_owner_role(self) -> bool:
        return self.code == OWNER_ROLE

    def can_edit(self) -> bool:
        return not self.is_owner_role()

    def can_delete(self) -> bool:
        return not self.is_builtin


class MemberRole(models.Model):
    """A member's role in this company. The user is global (public schema)."""

    # DO_NOTHING: see core.BaseModel; the database's foreign key still guards the user row.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, related_name="+"
    )
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="member_roles")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="access_member_role_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} as {self.role_id}"


class Invitation(BaseModel):
    """An e-mail invitation to join this company with some roles: signed, expiring, single use.

    Only the SHA-256 of the token is stored; resending replaces it, so the old link dies.
    """

    email = models.EmailField()
    roles = models.ManyToManyField(Role, related_name="invitations", blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, null=True, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One open invitation per address: resend it rather than inviting twice.
            models.UniqueConstraint(
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="access_invitation_one_open_per_email",
            ),
            models.CheckConstraint(
                condition=models.Q(accepted_at__isnull=True) | models.Q(revoked_at__isnull=True),
                name="access_invitation_not_accepted_and_revoked",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.email}"

    @property
    def status(self) -> str:
        if self.accepted_at is not None:
            return "accepted"
        if self.revoked_at is not None:
            return "revoked"
        if self.is_expired():
            return "expired"
        return "pending"

    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None
