"""Reads for API tokens. A user only ever sees their own tokens."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from tenant_apps.apitokens.models import ApiToken


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_list(*, user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def api_token_get(*, user: Any, token_id: int) -> ApiToken:
    """The user's token with this id; 404 for anyone else's (existence is not confirmed)."""
    token = ApiToken.objects.filter(user=user, pk=token_id).first()
    if token is None:
        raise Http404("No such API token.")
    return token


def api_token_for_secret(token: str) -> ApiToken | None:
    """The token with this secret in the current tenant schema, with its user."""
    return ApiToken.objects.select_related("user").filter(token_hash=token_hash(token)).first()
