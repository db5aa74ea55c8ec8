"""A user's sessions across hosts: listed, and revocable from any of them; allauth's API is
documented where it is served."""

from tests.shared_apps.accounts.conftest import login

SESSIONS_URL = "/_allauth/browser/v1/auth/sessions"
COMPANY_URL = "/api/v1/core/company/"


def test_a_user_lists_and_revokes_their_other_sessions(world, db, http, users):
    # given alpha's owner signed in on alpha's host and on the public site
    laptop, phone = http("alpha"), http(None)
    assert login(laptop, "owner@alpha.test").status_code == 200
    assert login(phone, "owner@alpha.test").status_code == 200

    # when the laptop lists the sessions and ends the other one
    listed = laptop.get(SESSIONS_URL)
    assert listed.status_code == 200
    sessions = listed.json()["data"]
    assert sorted(s["is_current"] for s in sessions) == [False, True]
    other = next(s["id"] for s in sessions if not s["is_current"])
    revoked = laptop.delete(SESSIONS_URL, {"sessions": [other]}, format="json")

    # then the phone is signed out and the laptop is not
    assert revoked.status_code == 200
    assert [s["is_current"] for s in revoked.json()["data"]] == [True]
    assert phone.get("/api/v1/me/").json()["code"] == "not_authenticated"
    assert laptop.get(COMPANY_URL).status_code == 200


def test_the_allauth_api_specification_is_served(world, db, http):
    # given / when
    response = http(None).get("/_allauth/openapi.json")

    # then
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/_allauth/{client}/v1/auth/login" in paths
    assert "/_allauth/{client}/v1/account/authenticators/totp" in paths


def test_the_public_schema_documents_the_accounts_endpoints(world, db, http):
    # given / when
    response = http(None).get("/api/schema/", {"format": "json"})

    # then
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ("/api/v1/signup/", "/api/v1/companies/", "/api/v1/me/", "/api/v1/me/companies/"):
        assert path in paths
