"""`Authorization: Bearer b3_…` for integrations.

The token is looked up by its hash in the current tenant schema, so a token is accepted only on
its own company's host; elsewhere it is simply not found. Bearer values that are not ours
(no `b3_` prefix) are left to other authentication classes.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from erp_platform.tenancy import connection
from tenant_apps.apitokens.models import ApiToken
from tenant_apps.apitokens.selectors import api_token_for_secret
from tenant_apps.apitokens.services import TOKEN_SCHEME, api_token_use_record
from tenant_apps.core.api.permissions import member_access_for

KEYWORD = b"bearer"
TOKEN_START = f"{TOKEN_SCHEME}_"
MAX_TOKEN_LENGTH = 200


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        token = _bearer_token(request)
        if token is None:
            return None
        if connection.schema_name == settings.PUBLIC_SCHEMA_NAME:
            raise AuthenticationFailed(
                "API tokens are accepted only on their company's host.", code="token_invalid"
            )
        api_token = api_token_for_secret(token)
        if api_token is None:
            raise AuthenticationFailed("Invalid API token.", code="token_invalid")
        if api_token.is_revoked():
            raise AuthenticationFailed("This API token has been revoked.", code="token_revoked")
        if api_token.is_expired(timezone.now()):
            raise AuthenticationFailed("This API token has expired.", code="token_expired")
        user = api_token.user
        if not user.is_active:
            raise AuthenticationFailed("The token's user is inactive.", code="user_inactive")
        access = member_access_for(request, user)
        if access is None or not access.is_active():
            raise AuthenticationFailed(
                "The token's user is no longer an active member of this company.",
                code="membership_inactive",
            )
        api_token_use_record(token=api_token, request=request._request)
        return user, api_token

    def authenticate_header(self, request: Request) -> str | None:
        """401 with a challenge for a request that presented one of our tokens; requests
        without one keep the API's answer for anonymous callers (403)."""
        if _bearer_token(request) is None:
            return None
        return 'Bearer realm="api", error="invalid_token"'


def _bearer_token(request: Request) -> str | None:
    parts = get_authorization_header(request).split()
    if len(parts) != 2 or parts[0].lower() != KEYWORD:
        return None
    try:
        token = parts[1].decode("ascii")
    except UnicodeDecodeError:
        return None
    if not token.startswith(TOKEN_START) or len(token) > MAX_TOKEN_LENGTH:
        return None
    return token
