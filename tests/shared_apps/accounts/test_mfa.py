"""MFA through the headless API: TOTP with real codes, recovery codes, and the operators'
console that refuses staff without a second factor."""

import pytest

from shared_apps.accounts.models import Membership, User
from tests.conftest import PASSWORD
from tests.shared_apps.accounts.conftest import (
    MFA_AUTHENTICATE_URL,
    REAUTHENTICATE_URL,
    RECOVERY_CODES_URL,
    SESSION_URL,
    TOTP_URL,
    fresh_totp_code,
    login,
    totp_activate,
)

COMPANY_URL = "/api/v1/core/company/"


@pytest.fixture
def owner_with_totp(world, db, http, users):
    """Alpha's owner activates TOTP through the API; returns (secret, signed-out client)."""
    client = http("alpha")
    assert login(client, "owner@alpha.test").status_code == 200
    secret = totp_activate(client)
    assert client.delete(SESSION_URL).status_code == 401
    return secret, client


def test_a_login_with_totp_asks_for_the_code_and_accepts_a_real_one(owner_with_totp):
    # given alpha's owner with TOTP, signed out
    secret, client = owner_with_totp

    # when they log in with the right password
    first = login(client, "owner@alpha.test")

    # then the API asks for the second factor and does not let them in yet
    assert first.status_code == 401
    body = first.json()
    assert body["meta"]["is_authenticated"] is False
    assert {"id": "mfa_authenticate", "is_pending": True} in [
        {k: flow[k] for k in ("id", "is_pending") if k in flow} for flow in body["data"]["flows"]
    ]
    assert client.get(COMPANY_URL).json()["code"] == "not_authenticated"

    # when they send a real code from their authenticator app
    second = client.post(MFA_AUTHENTICATE_URL, {"code": fresh_totp_code(secret)}, format="json")

    # then they are signed in
    assert second.status_code == 200, second.json()
    assert second.json()["meta"]["is_authenticated"] is True
    assert client.get(COMPANY_URL).json()["name"] == "Alpha Steel Works"


def test_a_wrong_totp_code_is_refused(owner_with_totp):
    # given
    secret, client = owner_with_totp
    assert login(client, "owner@alpha.test").status_code == 401
    wrong = f"{(int(fresh_totp_code(secret)) + 1) % 1_000_000:06d}"

    # when
    response = client.post(MFA_AUTHENTICATE_URL, {"code": wrong}, format="json")

    # then
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "incorrect_code"


def test_a_used_totp_code_cannot_be_replayed_on_another_host(owner_with_totp, http):
    # given alpha's owner signed in on alpha with a code
    secret, client = owner_with_totp
    code = fresh_totp_code(secret)
    assert login(client, "owner@alpha.test").status_code == 401
    assert client.post(MFA_AUTHENTICATE_URL, {"code": code}, format="json").status_code == 200

    # when the same code is replayed on beta's host within its 30 seconds
    other = http("beta")
    assert login(other, "owner@alpha.test").status_code == 401
    replay = other.post(MFA_AUTHENTICATE_URL, {"code": code}, format="json")

    # then it is refused: used codes are remembered across hosts
    assert replay.status_code == 400
    assert replay.json()["errors"][0]["code"] == "incorrect_code"


def test_a_recovery_code_signs_in_once(owner_with_totp, http):
    # given alpha's owner with TOTP, and their recovery codes read in another browser (which
    # needs a full sign-in with a real TOTP code and a fresh password confirmation)
    secret, client = owner_with_totp
    assert login(client, "owner@alpha.test").status_code == 401
    codes_client = http("alpha")
    assert login(codes_client, "owner@alpha.test").status_code == 401
    code = fresh_totp_code(secret)
    assert codes_client.post(MFA_AUTHENTICATE_URL, {"code": code}, format="json").status_code == 200
    reauth = codes_client.post(REAUTHENTICATE_URL, {"password": PASSWORD}, format="json")
    assert reauth.status_code == 200
    codes = codes_client.get(RECOVERY_CODES_URL).json()["data"]["unused_codes"]
    assert len(codes) == 10

    # when the first code is used to finish a login
    first = client.post(MFA_AUTHENTICATE_URL, {"code": codes[0]}, format="json")

    # then it works once
    assert first.status_code == 200, first.json()
    assert client.delete(SESSION_URL).status_code == 401
    assert login(client, "owner@alpha.test").status_code == 401
    again = client.post(MFA_AUTHENTICATE_URL, {"code": codes[0]}, format="json")
    assert again.status_code == 400
    assert again.json()["errors"][0]["code"] == "incorrect_code"
    remaining = codes_client.get(RECOVERY_CODES_URL).json()["data"]["unused_codes"]
    assert remaining == codes[1:]


def test_mfa_cannot_be_added_before_the_email_address_is_verified(world, db, http, tenant_alpha):
    # given a member who signed up but has not verified their address
    from shared_apps.accounts.services import user_create

    user = user_create(email="new@alpha.test", password=PASSWORD, full_name="New Member")
    Membership.objects.create(user=user, tenant=tenant_alpha)
    client = http("alpha")
    assert login(client, "new@alpha.test").status_code == 200

    # when they ask to set up TOTP
    response = client.get(TOTP_URL)

    # then they are told to verify first
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "unverified_email"


def test_the_webauthn_relying_party_is_the_parent_domain(world, db, http, users):
    # given alpha's owner signed in on alpha's host
    client = http("alpha")
    assert login(client, "owner@alpha.test").status_code == 200
    assert client.post(REAUTHENTICATE_URL, {"password": PASSWORD}, format="json").status_code == 200

    # when they start adding a passkey
    response = client.get("/_allauth/browser/v1/account/authenticators/webauthn?passwordless")

    # then the browser is asked to bind it to the parent domain, not to alpha.localhost
    assert response.status_code == 200, response.json()
    options = response.json()["data"]["creation_options"]["publicKey"]
    assert options["rp"] == {"id": "localhost", "name": "B3 MACBIS ERP"}


# ---------------------------------------------------------------------------------------------
# Operators' console
# ---------------------------------------------------------------------------------------------
def test_staff_without_mfa_are_refused_the_console_with_a_clear_message(world, db, http, users):
    # given an operator signed in with a password only, no authenticator
    client = http(None)
    assert login(client, "ops@platform.test").status_code == 200

    # when
    response = client.get("/admin/")

    # then
    assert response.status_code == 403
    assert b"Two-factor authentication required" in response.content
    assert b"authenticator app (TOTP) or a passkey" in response.content


def test_staff_with_mfa_use_the_console_after_signing_in_with_it(world, db, http, users):
    # given an operator who set up TOTP
    client = http(None)
    assert login(client, "ops@platform.test").status_code == 200
    secret = totp_activate(client)

    # when the session that set it up (password only) opens the console, it is refused
    refused = client.get("/admin/")

    # then; and after signing in again with the code, the console opens
    assert refused.status_code == 403
    assert b"Sign in with your second factor" in refused.content
    assert client.delete(SESSION_URL).status_code == 401
    assert login(client, "ops@platform.test").status_code == 401
    assert (
        client.post(
            MFA_AUTHENTICATE_URL, {"code": fresh_totp_code(secret)}, format="json"
        ).status_code
        == 200
    )
    console = client.get("/admin/")
    assert console.status_code == 200
    assert b"Platform console" in console.content
    assert client.get("/admin/accounts/membership/").status_code == 200


def test_the_console_has_no_password_form(world, db, http):
    # given / when an anonymous visitor posts a staff password to the admin login
    client = http(None)
    response = client.post("/admin/login/", {"username": "ops@platform.test", "password": PASSWORD})

    # then nobody is signed in
    assert response.status_code == 200
    assert b"no password form of its own" in response.content
    assert client.get("/api/v1/me/").json()["code"] == "not_authenticated"


def test_the_console_is_not_served_on_tenant_hosts(world, db, http, users):
    # given / when
    response = http("alpha").get("/admin/")

    # then
    assert response.status_code == 404


def test_non_staff_are_not_let_into_the_console(world, db, http, users):
    # given
    client = http(None)
    assert login(client, "clerk@alpha.test").status_code == 200

    # when
    response = client.get("/admin/", follow=True)

    # then
    assert response.redirect_chain == [("/admin/login/?next=/admin/", 302)]
    assert response.status_code == 403
    assert User.objects.get(email="clerk@alpha.test").is_staff is False
