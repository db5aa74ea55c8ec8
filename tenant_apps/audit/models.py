"""The audit log: who did what, when, from where, in this tenant. Append-only in the database."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class AuditEvent(models.Model):
    """One thing that happened. Only `services.audit_record` writes it; the database refuses
    UPDATE, DELETE and TRUNCATE (migration 0002), so a row once written stays as written.

    `actor` points at a global user in the public schema. DO_NOTHING, as on BaseModel: Django's
    delete collector must not look for tenant tables from the public schema, and the foreign key
    itself refuses to delete a user named in the log (users are deactivated, not deleted).
    `actor_email` is a snapshot, so the log reads the same after the user changes their e-mail.
    """

    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_email = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=100, help_text="`<module>.<resource>.<verb>`")
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=512, blank=True)
    data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        indexes = [
            models.Index(fields=["occurred_at"], name="audit_event_occurred_idx"),
            # pattern ops: serves `action = x` and the prefix filter `action LIKE 'x.%'`
            models.Index(
                fields=["action"], name="audit_event_action_idx", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["actor"], name="audit_event_actor_idx"),
            models.Index(fields=["target_type", "target_id"], name="audit_event_target_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(action=""), name="audit_event_action_set"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.actor_email or '-'} {self.action}"
