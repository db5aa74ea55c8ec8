"""Accounts test helpers.

Every test gets its own cache key prefix, so rate-limit counters, used TOTP codes and hand-off
tokens never leak between tests, between pytest-xdist workers sharing one Redis, or between two
runs a few minutes apart (the counters live for up to an hour).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

import pyotp
import pytest
from django.conf import settings
from rest_framework.test import APIClient

from tests.conftest import PASSWORD, host_of

RUN_ID = time.time_ns()
LOGIN_URL = "/_allauth/browser/v1/auth/login"
SESSION_URL = "/_allauth/browser/v1/auth/session"
TOTP_URL = "/_allauth/browser/v1/account/authenticators/totp"
RECOVERY_CODES_URL = "/_allauth/browser/v1/account/authenticators/recovery-codes"
MFA_AUTHENTICATE_URL = "/_allauth/browser/v1/auth/2fa/authenticate"
REAUTHENTICATE_URL = "/_allauth/browser/v1/auth/reauthenticate"


@pytest.fixture(autouse=True)
def _own_cache_namespace(request: pytest.FixtureRequest, settings: Any) -> None:
    digest = hashlib.sha256(f"{RUN_ID}:{request.node.nodeid}".encode()).hexdigest()[:16]
    default = settings.CACHES["default"]
    settings.CACHES = {**settings.CACHES, "default": {**default, "KEY_PREFIX": digest}}


@pytest.fixture
def http() -> Callable[..., APIClient]:
    """`http("alpha")`: an anonymous client on alpha's host; `http(None)` on the public host."""

    def make(subdomain: str | None) -> APIClient:
        return APIClient(HTTP_HOST=host_of(subdomain) if subdomain else settings.BASE_DOMAIN)

    return make


def login(client: APIClient, email: str, password: str = PASSWORD) -> Any:
    return client.post(LOGIN_URL, {"email": email, "password": password}, format="json")


def totp_activate(client: APIClient, password: str = PASSWORD) -> str:
    """Set up TOTP for the signed-in user through the API, as the frontend does: confirm the
    password (adding a factor needs a fresh reauthentication), fetch a secret, send a real code.
    Returns the secret."""
    reauth = client.post(REAUTHENTICATE_URL, {"password": password}, format="json")
    assert reauth.status_code == 200, reauth.json()
    setup = client.get(TOTP_URL)
    assert setup.status_code == 404, setup.json()  # no authenticator yet: here is a new secret
    secret: str = setup.json()["meta"]["secret"]
    activated = client.post(TOTP_URL, {"code": pyotp.TOTP(secret).now()}, format="json")
    assert activated.status_code == 200, activated.json()
    assert activated.json()["data"]["type"] == "totp"
    return secret


def fresh_totp_code(secret: str) -> str:
    """The current code, taken at least 3 s before its 30 s window closes (no boundary flakes)."""
    if 30 - time.time() % 30 < 3:
        time.sleep(30 - time.time() % 30 + 0.1)
    return pyotp.TOTP(secret).now()
