"""List filters for members, roles and invitations."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone

from shared_apps.accounts.models import Membership, MembershipStatus
from tenant_apps.access import selectors
from tenant_apps.access.models import OWNER_ROLE, Invitation, Role

INVITATION_STATUSES = ("pending", "expired", "accepted", "revoked")


class MemberFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=MembershipStatus.choices)
    role = django_filters.CharFilter(method="filter_role", help_text="A role code")

    class Meta:
        model = Membership
        fields = ["status", "role", "is_owner"]

    def filter_role(
        self, queryset: QuerySet[Membership], name: str, value: str
    ) -> QuerySet[Membership]:
        if value == OWNER_ROLE:
            return queryset.filter(is_owner=True)
        return queryset.filter(user_id__in=selectors.member_user_ids_with_role(role_code=value))


class RoleFilter(django_filters.FilterSet):
    class Meta:
        model = Role
        fields = ["is_builtin"]


class InvitationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=[(s, s.capitalize()) for s in INVITATION_STATUSES], method="filter_status"
    )

    class Meta:
        model = Invitation
        fields = ["status"]

    def filter_status(
        self, queryset: QuerySet[Invitation], name: str, value: str
    ) -> QuerySet[Invitation]:
        now = timezone.now()
        open_ = Q(accepted_at__isnull=True, revoked_at__isnull=True)
        conditions = {
            "pending": open_ & Q(expires_at__gt=now),
            "expired": open_ & Q(expires_at__lte=now),
            "accepted": Q(accepted_at__isnull=False),
            "revoked": Q(revoked_at__isnull=False),
        }
        return queryset.filter(conditions[value])
