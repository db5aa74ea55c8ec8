"""Business signup on the public host: validate everything, create the owner and the company,
sign the owner in on the company's own host."""

from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import IntegrityError, connection

from shared_apps.accounts import services
from shared_apps.accounts.models import Membership, User
from shared_apps.tenants.models import Domain, Tenant, TenantStatus

SIGNUP_URL = "/api/v1/signup/"
COMPANIES_URL = "/api/v1/companies/"
MY_COMPANIES_URL = "/api/v1/me/companies/"
COMPANY_URL = "/api/v1/core/company/"
STRONG = "kadhai-steam-oven-2025"


def signup_payload(**overrides):
    payload = {
        "company_name": "Acme Fabricators",
        "subdomain": "acme",
        "full_name": "Anil Acme",
        "email": "anil@acme.test",
        "password": STRONG,
        "gstin": "27AAPFU0939F1ZV",
        "state": "27",
    }
    payload.update(overrides)
    return payload


def path_and_query(url):
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}", parts.netloc


def test_signup_creates_the_owner_and_company_and_signs_the_owner_in_on_its_host(world, db, http):
    # given an anonymous visitor on the public site
    public = http(None)

    # when they sign up
    response = public.post(SIGNUP_URL, signup_payload(), format="json")

    # then the company exists at its own address, owned by the new account
    assert response.status_code == 201, response.json()
    body = response.json()
    tenant = Tenant.objects.get(domains__domain="acme.localhost")
    assert body["tenant"] == {
        "id": tenant.pk,
        "name": "Acme Fabricators",
        "domain": "acme.localhost",
    }
    assert body["url"] == "http://acme.localhost/"
    assert tenant.status == TenantStatus.ACTIVE
    user = User.objects.get(email="anil@acme.test")
    assert user.full_name == "Anil Acme"
    assert user.check_password(STRONG)
    assert STRONG not in user.password
    assert list(Membership.objects.filter(tenant=tenant).values_list("user_id", "is_owner")) == [
        (user.pk, True)
    ]
    # and they are signed in on the public host
    assert public.get("/api/v1/me/").json()["email"] == "anil@acme.test"

    # when the browser follows the one-time link on the company's host
    handoff, netloc = path_and_query(body["login_url"])
    tenant_client = http("acme")
    arrived = tenant_client.get(handoff)

    # then the owner is signed in there and sees their company
    assert netloc == "acme.localhost"
    assert (arrived.status_code, arrived["Location"]) == (302, "/")
    company = tenant_client.get(COMPANY_URL)
    assert company.status_code == 200
    assert (company.json()["name"], company.json()["gstin"]) == (
        "Acme Fabricators",
        "27AAPFU0939F1ZV",
    )


def test_signup_sends_a_verification_link_back_to_the_public_site(
    world, db, http, django_capture_on_commit_callbacks
):
    # given / when
    with django_capture_on_commit_callbacks(execute=True):
        response = http(None).post(SIGNUP_URL, signup_payload(), format="json")

    # then one verification mail links to the page on the host the signup came from
    assert response.status_code == 201
    assert [m.to for m in mail.outbox] == [["anil@acme.test"]]
    assert "http://localhost/account/verify-email/" in mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("[B3 MACBIS ERP] ")


def test_the_login_handoff_works_once(world, db, http):
    # given a fresh signup's one-time link
    body = http(None).post(SIGNUP_URL, signup_payload(), format="json").json()
    handoff, _ = path_and_query(body["login_url"])
    assert http("acme").get(handoff).status_code == 302

    # when someone replays it
    replay = http("acme").get(handoff)

    # then it is refused and that browser is not signed in
    assert replay.status_code == 400
    assert replay.json() == {
        "detail": "This sign-in link has expired or was already used. Sign in with your e-mail "
        "address.",
        "code": "handoff_invalid",
        "fields": {},
    }


def test_a_login_handoff_for_one_company_does_not_work_on_another(world, db, http):
    # given a fresh signup's one-time link for acme
    body = http(None).post(SIGNUP_URL, signup_payload(), format="json").json()
    handoff, _ = path_and_query(body["login_url"])

    # when it is used on alpha's host
    elsewhere = http("alpha")
    response = elsewhere.get(handoff)

    # then it is refused, and it still works where it belongs
    assert (response.status_code, response.json()["code"]) == (400, "handoff_invalid")
    assert elsewhere.get(COMPANY_URL).json()["code"] == "not_authenticated"
    assert http("acme").get(handoff).status_code == 302


def test_a_forged_handoff_token_is_refused(world, db, http):
    # given / when
    response = http("alpha").get("/api/v1/auth/handoff/?token=not-a-signed-token")

    # then
    assert (response.status_code, response.json()["code"]) == (400, "handoff_invalid")


def test_every_bad_signup_field_is_reported_at_once(world, db, http):
    # given a form where everything is wrong
    payload = {
        "company_name": "",
        "subdomain": "-Bad_Sub",
        "full_name": "",
        "email": "not-an-email",
        "password": "12345",
        "gstin": "27AAPFU0939F1ZX",
        "state": "99",
    }
    standby_before = Tenant.objects.filter(status=TenantStatus.STANDBY).count()

    # when
    response = http(None).post(SIGNUP_URL, payload, format="json")

    # then every field is named, in the one error shape, and nothing was written
    assert response.status_code == 400
    body = response.json()
    assert (body["detail"], body["code"]) == ("Some fields need attention.", "invalid")
    assert body["fields"] == {
        "company_name": ["Give the company a name."],
        "subdomain": [
            "Use only lowercase letters, digits and hyphens, starting and ending with a letter "
            "or digit."
        ],
        "state": ["'99' is not a GST state code (01-38, 97)."],
        "gstin": body["fields"]["gstin"],
        "full_name": ["Tell us your name."],
        "email": ["Enter a valid e-mail address."],
        "password": [
            "This password is too short. It must contain at least 8 characters.",
            "This password is too common.",
            "This password is entirely numeric.",
        ],
    }
    assert body["fields"]["gstin"][0].startswith("'27AAPFU0939F1ZX' is not a valid GSTIN")
    assert not User.objects.filter(email="not-an-email").exists()
    assert Tenant.objects.filter(status=TenantStatus.STANDBY).count() == standby_before
    assert mail.outbox == []


def test_missing_fields_are_reported_at_once_too(world, db, http):
    # given / when an empty body
    response = http(None).post(SIGNUP_URL, {}, format="json")

    # then
    assert response.status_code == 400
    assert sorted(response.json()["fields"]) == [
        "company_name",
        "email",
        "full_name",
        "password",
        "subdomain",
    ]


def test_a_taken_subdomain_is_reported(world, db, http):
    # given / when alpha's subdomain is asked for
    response = http(None).post(SIGNUP_URL, signup_payload(subdomain="alpha"), format="json")

    # then
    assert response.status_code == 400
    assert response.json() == {
        "detail": "'alpha' is already taken.",
        "code": "invalid",
        "fields": {"subdomain": ["'alpha' is already taken."]},
    }


def test_an_email_already_registered_is_told_to_log_in_and_add_a_company(world, db, http):
    # given alpha's owner signs up again, in another letter case
    users_before = User.objects.count()

    # when
    response = http(None).post(SIGNUP_URL, signup_payload(email="Owner@Alpha.test"), format="json")

    # then
    message = (
        "An account with this e-mail address already exists. Log in, then add the company from "
        "your account."
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": message,
        "code": "email_registered",
        "fields": {"email": [message]},
    }
    assert User.objects.count() == users_before
    assert not Domain.objects.filter(domain="acme.localhost").exists()


def test_a_failed_provisioning_leaves_no_account_behind(world, db):
    # given the database refuses the new company's domain, as when a concurrent signup takes
    # the subdomain between our checks and the insert
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE FUNCTION public.refuse_acme() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF NEW.domain = 'acme.localhost' THEN
                RAISE unique_violation USING MESSAGE = 'acme.localhost was just taken';
              END IF;
              RETURN NEW;
            END $$;
            CREATE TRIGGER refuse_acme BEFORE INSERT ON public.tenants_domain
              FOR EACH ROW EXECUTE FUNCTION public.refuse_acme();
            """
        )

    # when
    with pytest.raises(IntegrityError):
        services.business_signup(**signup_payload())

    # then no account, address or membership is left
    assert not User.objects.filter(email="anil@acme.test").exists()
    assert not Membership.objects.filter(user__email="anil@acme.test").exists()
    assert not Domain.objects.filter(domain="acme.localhost").exists()


def test_a_signed_in_user_adds_a_company_and_sees_both_in_the_switcher(world, db, http, users):
    # given alpha's owner, signed in on the public site
    public = http(None)
    public.force_login(users["owner_alpha"])

    # when they add a company (no password asked)
    response = public.post(
        COMPANIES_URL, {"company_name": "Zeta Ovens", "subdomain": "zeta"}, format="json"
    )

    # then they own it, and the switcher lists both companies
    assert response.status_code == 201, response.json()
    zeta = Tenant.objects.get(domains__domain="zeta.localhost")
    assert response.json()["tenant"] == {
        "id": zeta.pk,
        "name": "Zeta Ovens",
        "domain": "zeta.localhost",
    }
    companies = public.get(MY_COMPANIES_URL)
    assert companies.status_code == 200
    assert companies.json() == [
        {
            "id": world.alpha_id,
            "name": "Alpha Steel Works",
            "domain": "alpha.localhost",
            "url": "http://alpha.localhost/",
            "is_owner": True,
            "status": "active",
            "company_status": "active",
        },
        {
            "id": zeta.pk,
            "name": "Zeta Ovens",
            "domain": "zeta.localhost",
            "url": "http://zeta.localhost/",
            "is_owner": True,
            "status": "active",
            "company_status": "active",
        },
    ]
    # and the one-time link signs them in on the new company's host
    handoff, _ = path_and_query(response.json()["login_url"])
    zeta_client = http("zeta")
    assert zeta_client.get(handoff).status_code == 302
    assert zeta_client.get(COMPANY_URL).json()["name"] == "Zeta Ovens"


def test_adding_a_company_needs_a_signed_in_user(world, db, http):
    # given / when
    response = http(None).post(
        COMPANIES_URL, {"company_name": "Zeta Ovens", "subdomain": "zeta"}, format="json"
    )

    # then
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"
    assert not Domain.objects.filter(domain="zeta.localhost").exists()


def test_adding_a_company_reports_every_bad_field(world, db, http, users):
    # given
    public = http(None)
    public.force_login(users["owner_alpha"])

    # when
    response = public.post(
        COMPANIES_URL, {"company_name": "", "subdomain": "beta", "state": "99"}, format="json"
    )

    # then
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "company_name": ["Give the company a name."],
        "subdomain": ["'beta' is already taken."],
        "state": ["'99' is not a GST state code (01-38, 97)."],
    }


def test_the_switcher_is_only_for_signed_in_users(world, db, http):
    # given / when
    response = http(None).get(MY_COMPANIES_URL)

    # then
    assert response.status_code in (401, 403)


def test_me_returns_the_signed_in_users_profile(world, db, http, users):
    # given
    client = http(None)
    client.force_login(users["member_alpha"])

    # when
    response = client.get("/api/v1/me/")

    # then
    assert response.status_code == 200
    body = response.json()
    body.pop("date_joined")
    assert body == {
        "id": users["member_alpha"].pk,
        "email": "clerk@alpha.test",
        "full_name": "Arjun Clerk",
        "email_verified": False,
        "mfa_enabled": False,
    }


def test_signup_is_rate_limited_per_ip(world, db, http):
    # given ten attempts from one address within the hour (invalid ones count too)
    public = http(None)
    for _ in range(10):
        assert public.post(SIGNUP_URL, {}, format="json").status_code == 400

    # when the eleventh comes
    response = public.post(SIGNUP_URL, signup_payload(), format="json")

    # then it is refused in the error shape, and nothing was created
    assert response.status_code == 429
    assert response.json() == {
        "detail": "Too many sign-ups from your network. Try again later.",
        "code": "rate_limited",
        "fields": {},
    }
    assert not User.objects.filter(email="anil@acme.test").exists()


def test_the_password_is_checked_against_the_users_own_details(world, db, http):
    # given a password made of the e-mail address
    response = http(None).post(
        SIGNUP_URL,
        signup_payload(email="fabricator@acme.test", password="fabricator@acme"),
        format="json",
    )

    # then
    assert response.status_code == 400
    assert response.json()["fields"] == {"password": ["The password is too similar to the email."]}


def test_the_switcher_answers_on_a_company_host_to_its_members_only(world, db, http, users):
    # given alpha's owner and beta's owner on alpha's host
    member, outsider = http("alpha"), http("alpha")
    member.force_login(users["owner_alpha"])
    outsider.force_login(users["owner_beta"])

    # when
    mine = member.get(MY_COMPANIES_URL)
    theirs = outsider.get(MY_COMPANIES_URL)

    # then
    assert [c["domain"] for c in mine.json()] == ["alpha.localhost"]
    assert (theirs.status_code, theirs.json()["code"]) == (404, "not_found")


def test_production_hashes_passwords_with_argon2():
    # the suite swaps in a fast hasher (tests/conftest.py); the project's setting is Argon2
    from erp_platform import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    )
