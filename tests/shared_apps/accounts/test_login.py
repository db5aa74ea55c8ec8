"""Signing in through allauth headless on a company's host; throttling that spans hosts;
password reset links that come back to the host they were asked from."""

import re

from django.core import mail

from shared_apps.accounts.models import User
from tests.conftest import PASSWORD
from tests.shared_apps.accounts.conftest import SESSION_URL, login

COMPANY_URL = "/api/v1/core/company/"
RESET_REQUEST_URL = "/_allauth/browser/v1/auth/password/request"
RESET_URL = "/_allauth/browser/v1/auth/password/reset"


def test_a_member_logs_in_on_their_companys_host(world, db, http, users):
    # given alpha's owner on alpha's host
    client = http("alpha")

    # when they log in with e-mail and password
    response = login(client, "owner@alpha.test")

    # then they are signed in, and the company's API answers them
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["meta"]["is_authenticated"] is True
    assert body["data"]["user"]["email"] == "owner@alpha.test"
    assert client.get(COMPANY_URL).json()["name"] == "Alpha Steel Works"


def test_a_wrong_password_is_refused(world, db, http, users):
    # given / when
    response = login(http("alpha"), "clerk@alpha.test", "not-the-password")

    # then
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "email_password_mismatch"


def test_logging_out_ends_the_session(world, db, http, users):
    # given a signed-in owner
    client = http("alpha")
    assert login(client, "owner@alpha.test").status_code == 200
    assert client.get(COMPANY_URL).status_code == 200

    # when
    response = client.delete(SESSION_URL)

    # then
    assert response.status_code == 401
    assert client.get(COMPANY_URL).json()["code"] == "not_authenticated"


def test_failed_logins_are_throttled_per_account_across_subdomains(world, db, http, users):
    # given three wrong passwords for alpha's owner on alpha's host and two on beta's
    alpha, beta = http("alpha"), http("beta")
    for client in (alpha, alpha, alpha, beta, beta):
        assert login(client, "owner@alpha.test", "wrong-password").status_code == 400

    # when the right password is tried on beta's host
    response = login(beta, "owner@alpha.test", PASSWORD)

    # then the account's limit (5 per 5 minutes) counts every host: refused
    assert response.status_code == 429
    assert response.json()["errors"][0]["code"] == "too_many_login_attempts"
    # and a different account from the same address is not locked out
    assert login(beta, "owner@beta.test", PASSWORD).status_code == 200


def test_failed_logins_are_throttled_per_ip_across_subdomains(world, db, http, users):
    # given ten failed logins from one address for ten different e-mails, on two hosts
    alpha, beta = http("alpha"), http("beta")
    for n in range(10):
        client = alpha if n % 2 else beta
        assert login(client, f"nobody{n}@nowhere.test", "wrong-password").status_code == 400

    # when that address tries a real account on a third host (the public site)
    response = login(http(None), "clerk@alpha.test", PASSWORD)

    # then the per-IP limit (10 a minute) already spans every host
    assert response.status_code == 429


def test_password_reset_mail_links_back_to_the_host_it_was_asked_from(world, db, http, users):
    # given / when the clerk asks for a reset on alpha's host
    response = http("alpha").post(RESET_REQUEST_URL, {"email": "clerk@alpha.test"}, format="json")

    # then the mail links to alpha's reset page, and names the company
    assert response.status_code == 200
    assert [m.to for m in mail.outbox] == [["clerk@alpha.test"]]
    body = mail.outbox[0].body
    links = re.findall(r"http://[^\s]+", body)
    assert len(links) == 2
    assert links[0].startswith("http://alpha.localhost/account/password/reset/key/")
    assert links[1] == "http://alpha.localhost"
    assert "Alpha Steel Works" in body

    # and the key in the link sets a new password
    key = links[0].rsplit("/", 1)[1]
    reset = http("alpha").post(
        RESET_URL, {"key": key, "password": "a-brand-new-passphrase"}, format="json"
    )
    assert reset.status_code in (200, 401), reset.json()
    assert User.objects.get(email="clerk@alpha.test").check_password("a-brand-new-passphrase")


def test_password_reset_asked_on_the_public_site_links_to_the_public_site(world, db, http, users):
    # given / when
    http(None).post(RESET_REQUEST_URL, {"email": "owner@beta.test"}, format="json")

    # then
    link = re.findall(r"http://[^\s]+", mail.outbox[0].body)[0]
    assert link.startswith("http://localhost/account/password/reset/key/")


def test_the_login_endpoint_exists_on_the_public_host_too(world, db, http, users):
    # given / when
    response = login(http(None), "ops@platform.test")

    # then
    assert response.status_code == 200
