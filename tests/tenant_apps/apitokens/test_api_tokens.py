"""Personal API tokens: shown once, stored hashed, accepted only on their own tenant's host."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.utils import timezone
from rest_framework.test import APIClient

from shared_apps.accounts.models import Membership, MembershipStatus
from tenant_apps.apitokens.models import ApiToken
from tenant_apps.apitokens.services import api_token_create
from tenant_apps.audit.models import AuditEvent
from tests.conftest import host_of, in_schema

TOKENS_URL = "/api/v1/tokens/"
COMPANY_URL = "/api/v1/core/company/"
TOKEN_FIELDS = {"id", "name", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at"}


def _bearer(subdomain: str | None, secret: str) -> APIClient:
    host = host_of(subdomain) if subdomain else host_of("x").split(".", 1)[1]
    return APIClient(HTTP_HOST=host, HTTP_AUTHORIZATION=f"Bearer {secret}")


def _make(schema_name: str, user, name: str = "ci", **kwargs) -> tuple[ApiToken, str]:
    with in_schema(schema_name):
        created = api_token_create(user=user, name=name, **kwargs)
    return created.token, created.secret


def _row(schema_name: str, token_id: int) -> dict:
    with in_schema(schema_name):
        return ApiToken.objects.filter(pk=token_id).values().get()


def _audit(schema_name: str, action: str) -> list[tuple]:
    with in_schema(schema_name):
        return list(
            AuditEvent.objects.filter(action=action)
            .order_by("id")
            .values_list("actor_id", "target_type", "target_id", "data")
        )


# ---------------------------------------------------------------------------------------------
# create, list, revoke
# ---------------------------------------------------------------------------------------------
def test_create_returns_the_token_once_and_stores_only_its_hash(api_client, users, tenant_alpha):
    # given
    client = api_client("alpha", users["owner_alpha"])
    # when
    response = client.post(TOKENS_URL, {"name": "Tally sync"})
    # then
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {*TOKEN_FIELDS, "token"}
    secret = body["token"]
    scheme, prefix, random_part = secret.split("_", 2)
    assert (scheme, prefix, len(prefix), body["prefix"]) == ("b3", body["prefix"], 8, prefix)
    assert len(random_part) >= 43  # 32 random bytes, URL-safe base64
    row = _row(tenant_alpha.schema_name, body["id"])
    assert row["token_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {str(value) for value in row.values()}
    assert random_part not in "".join(str(value) for value in row.values())
    assert (row["user_id"], row["name"], row["revoked_at"], row["expires_at"]) == (
        users["owner_alpha"].pk,
        "Tally sync",
        None,
        None,
    )
    assert _audit(tenant_alpha.schema_name, "apitokens.token.create") == [
        (
            users["owner_alpha"].pk,
            "apitokens.token",
            str(body["id"]),
            {"name": "Tally sync", "prefix": prefix, "expires_at": None},
        )
    ]


def test_list_shows_my_tokens_with_prefix_and_never_the_secret(api_client, users, tenant_alpha):
    # given
    mine, my_secret = _make(tenant_alpha.schema_name, users["owner_alpha"], "mine")
    _make(tenant_alpha.schema_name, users["member_alpha"], "someone else's")
    client = api_client("alpha", users["owner_alpha"])
    # when
    response = client.get(TOKENS_URL)
    # then
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(item["id"], item["name"], item["prefix"]) for item in results] == [
        (mine.pk, "mine", mine.prefix)
    ]
    assert set(results[0]) == TOKEN_FIELDS
    assert my_secret not in response.content.decode()
    assert my_secret.split("_", 2)[2] not in response.content.decode()


def test_create_with_a_past_expiry_is_refused_and_creates_nothing(api_client, users, tenant_alpha):
    # given
    client = api_client("alpha", users["owner_alpha"])
    with in_schema(tenant_alpha.schema_name):
        before = ApiToken.objects.count()
    # when
    response = client.post(TOKENS_URL, {"name": "old", "expires_at": "2020-01-01T00:00:00Z"})
    # then
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The expiry must be in the future.",
        "code": "invalid",
        "fields": {"expires_at": ["The expiry must be in the future."]},
    }
    with in_schema(tenant_alpha.schema_name):
        assert ApiToken.objects.count() == before


def test_revoke_my_token(api_client, users, tenant_alpha):
    # given
    token, _ = _make(tenant_alpha.schema_name, users["owner_alpha"])
    client = api_client("alpha", users["owner_alpha"])
    # when
    response = client.delete(f"{TOKENS_URL}{token.pk}/")
    # then
    assert response.status_code == 204
    assert _row(tenant_alpha.schema_name, token.pk)["revoked_at"] is not None
    assert _audit(tenant_alpha.schema_name, "apitokens.token.revoke") == [
        (
            users["owner_alpha"].pk,
            "apitokens.token",
            str(token.pk),
            {"name": "ci", "prefix": token.prefix},
        )
    ]


def test_revoking_another_users_token_is_a_404_and_changes_nothing(api_client, users, tenant_alpha):
    # given
    theirs, _ = _make(tenant_alpha.schema_name, users["member_alpha"])
    before = _row(tenant_alpha.schema_name, theirs.pk)
    client = api_client("alpha", users["owner_alpha"])
    # when
    response = client.delete(f"{TOKENS_URL}{theirs.pk}/")
    # then
    assert response.status_code == 404
    assert _row(tenant_alpha.schema_name, theirs.pk) == before
    assert _audit(tenant_alpha.schema_name, "apitokens.token.revoke") == []


# ---------------------------------------------------------------------------------------------
# Bearer authentication
# ---------------------------------------------------------------------------------------------
def test_bearer_token_works_on_its_tenants_host(users, tenant_alpha):
    # given
    _, secret = _make(tenant_alpha.schema_name, users["owner_alpha"])
    # when
    response = _bearer("alpha", secret).get(COMPANY_URL)
    # then
    assert response.status_code == 200
    assert response.json()["name"] == "Alpha Steel Works"


def test_the_token_carries_its_users_permissions(users, tenant_alpha):
    # given a member (who may not change company settings) and their token
    _, secret = _make(tenant_alpha.schema_name, users["member_alpha"])
    with in_schema(tenant_alpha.schema_name):
        from tenant_apps.core.models import CompanySettings

        before = CompanySettings.objects.values().get()
    # when
    response = _bearer("alpha", secret).patch(COMPANY_URL, {"name": "Taken over"})
    # then
    assert response.status_code == 403
    with in_schema(tenant_alpha.schema_name):
        assert CompanySettings.objects.values().get() == before


def test_the_same_token_on_another_tenants_host_is_a_401(users, tenant_alpha, tenant_beta):
    # given
    _, secret = _make(tenant_alpha.schema_name, users["owner_alpha"])
    # when
    response = _bearer("beta", secret).get(COMPANY_URL)
    # then
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Invalid API token.",
        "code": "token_invalid",
        "fields": {},
    }
    assert response["WWW-Authenticate"] == 'Bearer realm="api", error="invalid_token"'
    assert "Beta Kitchens" not in response.content.decode()


def test_a_token_on_the_public_host_is_a_401(users, tenant_alpha):
    # given
    _, secret = _make(tenant_alpha.schema_name, users["owner_alpha"])
    # when
    response = _bearer(None, secret).get("/api/v1/operator/tenants/")
    # then
    assert response.status_code == 401
    assert response.json()["code"] == "token_invalid"


def test_an_unknown_token_is_a_401(tenant_alpha):
    # when
    response = _bearer("alpha", "b3_00000000_" + "A" * 43).get(COMPANY_URL)
    # then
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Invalid API token.",
        "code": "token_invalid",
        "fields": {},
    }


def test_a_bearer_value_that_is_not_ours_is_left_to_other_schemes(tenant_alpha):
    # when (no b3_ prefix: not an API token, so the caller is simply anonymous)
    response = _bearer("alpha", "eyJhbGciOiJIUzI1NiJ9.e30.x").get(COMPANY_URL)
    # then
    assert response.status_code == 403
    assert response.json()["code"] == "not_authenticated"


def test_a_revoked_token_is_a_401(api_client, users, tenant_alpha):
    # given
    token, secret = _make(tenant_alpha.schema_name, users["owner_alpha"])
    assert (
        api_client("alpha", users["owner_alpha"]).delete(f"{TOKENS_URL}{token.pk}/").status_code
        == 204
    )
    before = _row(tenant_alpha.schema_name, token.pk)
    # when
    response = _bearer("alpha", secret).get(COMPANY_URL)
    # then
    assert response.status_code == 401
    assert response.json() == {
        "detail": "This API token has been revoked.",
        "code": "token_revoked",
        "fields": {},
    }
    assert _row(tenant_alpha.schema_name, token.pk) == before  # not even last_used_at
    assert _audit(tenant_alpha.schema_name, "apitokens.token.use") == []


def test_an_expired_token_is_a_401(users, tenant_alpha):
    # given a token whose expiry has passed
    token, secret = _make(
        tenant_alpha.schema_name,
        users["owner_alpha"],
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    with in_schema(tenant_alpha.schema_name):
        ApiToken.objects.filter(pk=token.pk).update(
            expires_at=timezone.now() - dt.timedelta(seconds=1)
        )
    # when
    response = _bearer("alpha", secret).get(COMPANY_URL)
    # then
    assert response.status_code == 401
    assert response.json() == {
        "detail": "This API token has expired.",
        "code": "token_expired",
        "fields": {},
    }
    assert _row(tenant_alpha.schema_name, token.pk)["last_used_at"] is None


def test_a_token_whose_user_is_no_longer_an_active_member_is_a_401(users, tenant_alpha):
    # given
    _, secret = _make(tenant_alpha.schema_name, users["member_alpha"])
    Membership.objects.filter(user=users["member_alpha"], tenant=tenant_alpha).update(
        status=MembershipStatus.SUSPENDED
    )
    # when
    response = _bearer("alpha", secret).get(COMPANY_URL)
    # then
    assert response.status_code == 401
    assert response.json() == {
        "detail": "The token's user is no longer an active member of this company.",
        "code": "membership_inactive",
        "fields": {},
    }


def test_a_token_whose_membership_was_removed_is_a_401(users, tenant_alpha):
    # given
    _, secret = _make(tenant_alpha.schema_name, users["member_alpha"])
    Membership.objects.filter(user=users["member_alpha"], tenant=tenant_alpha).delete()
    # when
    response = _bearer("alpha", secret).get(COMPANY_URL)
    # then
    assert response.status_code == 401
    assert response.json()["code"] == "membership_inactive"


def test_a_token_of_a_deactivated_user_is_a_401(users, tenant_alpha):
    # given
    _, secret = _make(tenant_alpha.schema_name, users["member_alpha"])
    users["member_alpha"].is_active = False
    users["member_alpha"].save(update_fields=["is_active"])
    # when
    response = _bearer("alpha", secret).get(COMPANY_URL)
    # then
    assert response.status_code == 401
    assert response.json()["code"] == "user_inactive"


def test_a_token_cannot_create_tokens(users, tenant_alpha):
    # given
    _, secret = _make(tenant_alpha.schema_name, users["owner_alpha"])
    with in_schema(tenant_alpha.schema_name):
        before = ApiToken.objects.count()
    # when
    response = _bearer("alpha", secret).post(TOKENS_URL, {"name": "successor"})
    # then
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Create API tokens from a signed-in session, not with a token."
    )
    with in_schema(tenant_alpha.schema_name):
        assert ApiToken.objects.count() == before


# ---------------------------------------------------------------------------------------------
# last use: at most once a minute, with one audit event
# ---------------------------------------------------------------------------------------------
def test_use_sets_last_used_at_and_records_one_audit_event_a_minute(users, tenant_alpha):
    # given
    token, secret = _make(tenant_alpha.schema_name, users["owner_alpha"])
    client = _bearer("alpha", secret)
    started = timezone.now()
    # when
    first = client.get(COMPANY_URL)
    second = client.get(COMPANY_URL)
    # then
    assert (first.status_code, second.status_code) == (200, 200)
    last_used = _row(tenant_alpha.schema_name, token.pk)["last_used_at"]
    assert started <= last_used <= timezone.now()
    use_event = (
        users["owner_alpha"].pk,
        "apitokens.token",
        str(token.pk),
        {"name": "ci", "prefix": token.prefix},
    )
    assert _audit(tenant_alpha.schema_name, "apitokens.token.use") == [use_event]


def test_use_after_a_minute_records_again(users, tenant_alpha):
    # given a token last used two minutes ago
    token, secret = _make(tenant_alpha.schema_name, users["owner_alpha"])
    client = _bearer("alpha", secret)
    assert client.get(COMPANY_URL).status_code == 200
    two_minutes_ago = timezone.now() - dt.timedelta(minutes=2)
    with in_schema(tenant_alpha.schema_name):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=two_minutes_ago)
    # when
    response = client.get(COMPANY_URL)
    # then
    assert response.status_code == 200
    assert _row(tenant_alpha.schema_name, token.pk)["last_used_at"] > two_minutes_ago
    assert len(_audit(tenant_alpha.schema_name, "apitokens.token.use")) == 2
