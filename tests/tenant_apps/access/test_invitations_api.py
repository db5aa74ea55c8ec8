"""Invitations: create (e-mail with a link to the tenant host), resend, revoke, look up, accept."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shared_apps.accounts.models import Membership, User
from tenant_apps.access.models import Invitation, MemberRole
from tests.conftest import in_schema
from tests.permission_matrix import NOT_AUTHENTICATED, tenant_client
from tests.tenant_apps.access.conftest import token_from

INVITATIONS_URL = "/api/v1/access/invitations/"
ACCEPT_URL = "/api/v1/access/invitations/accept/"
LOOKUP_URL = "/api/v1/access/invitations/lookup/"


def _invite(tenant, owner, mail, capture, email="new@people.test", roles=()):
    with capture(execute=True):
        response = tenant_client(tenant, owner).post(
            INVITATIONS_URL, {"email": email, "roles": list(roles)}, format="json"
        )
    assert response.status_code == 201, response.json()
    return response.json(), token_from(mail[-1])


def _invitations(tenant):
    with in_schema(tenant.schema_name):
        return list(
            Invitation.objects.order_by("pk").values_list(
                "email", "token_hash", "accepted_at", "revoked_at"
            )
        )


def test_invite_sends_a_link_to_the_tenant_host(
    tenant_alpha, users, role_of, mailoutbox, django_capture_on_commit_callbacks
):
    # when
    body, token = _invite(
        tenant_alpha,
        users["owner_alpha"],
        mailoutbox,
        django_capture_on_commit_callbacks,
        email="New@People.test",
        roles=[role_of("sales").pk],
    )
    # then
    assert (body["email"], body["status"], body["invited_by_email"]) == (
        "new@people.test",
        "pending",
        "owner@alpha.test",
    )
    assert [r["code"] for r in body["roles"]] == ["sales"]
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["new@people.test"]
    assert message.subject == "Asha Owner invited you to Alpha Steel Works on B3 MACBIS ERP"
    assert "http://alpha.localhost/invite/accept?token=" in message.body
    assert " as Sales." in message.body
    assert token not in str(body)


def test_inviting_a_member_or_an_open_address_twice_is_refused(
    tenant_alpha, users, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    _invite(tenant_alpha, users["owner_alpha"], mailoutbox, django_capture_on_commit_callbacks)
    before = _invitations(tenant_alpha)
    client = tenant_client(tenant_alpha, users["owner_alpha"])
    # when
    twice = client.post(INVITATIONS_URL, {"email": "new@people.test", "roles": []}, format="json")
    member = client.post(INVITATIONS_URL, {"email": "clerk@alpha.test", "roles": []}, format="json")
    # then
    assert (twice.status_code, twice.json()["code"]) == (409, "already_invited")
    assert (member.status_code, member.json()["code"]) == (409, "already_member")
    assert _invitations(tenant_alpha) == before
    assert len(mailoutbox) == 1


def test_the_seat_limit_refuses_an_invitation(tenant_alpha, users, settings, mailoutbox):
    # given two active members and a limit of two seats
    settings.ACCESS_SEAT_LIMIT = 2
    # when
    response = tenant_client(tenant_alpha, users["owner_alpha"]).post(
        INVITATIONS_URL, {"email": "new@people.test", "roles": []}, format="json"
    )
    # then
    assert response.status_code == 400
    assert response.json()["code"] == "seat_limit"
    assert _invitations(tenant_alpha) == []
    assert mailoutbox == []


def test_lookup_shows_company_and_email_to_anyone_with_the_token(
    tenant_alpha, users, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    _, token = _invite(
        tenant_alpha, users["owner_alpha"], mailoutbox, django_capture_on_commit_callbacks
    )
    # when
    response = tenant_client(tenant_alpha).get(LOOKUP_URL, {"token": token})
    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["company_name"], body["email"]) == ("Alpha Steel Works", "new@people.test")
    assert set(body) == {"company_name", "email", "expires_at"}


def test_lookup_of_a_forged_token_or_another_tenants_token_is_invalid(
    tenant_alpha, tenant_beta, users, mailoutbox, django_capture_on_commit_callbacks
):
    # given a real token of beta
    _, beta_token = _invite(
        tenant_beta, users["owner_beta"], mailoutbox, django_capture_on_commit_callbacks
    )
    # when
    forged = tenant_client(tenant_alpha).get(LOOKUP_URL, {"token": beta_token[:-2] + "xx"})
    foreign = tenant_client(tenant_alpha).get(LOOKUP_URL, {"token": beta_token})
    # then
    expected = {
        "detail": "This invitation link is not valid. Ask for a new one.",
        "code": "invitation_invalid",
        "fields": {},
    }
    assert (forged.status_code, forged.json()) == (400, expected)
    assert (foreign.status_code, foreign.json()) == (400, expected)


def test_accept_makes_the_user_a_member_with_the_roles_once(
    tenant_alpha, users, role_of, mailoutbox, django_capture_on_commit_callbacks
):
    # given an invitation and the invitee's account (not a member yet)
    _, token = _invite(
        tenant_alpha,
        users["owner_alpha"],
        mailoutbox,
        django_capture_on_commit_callbacks,
        roles=[role_of("storekeeper").pk],
    )
    invitee = User.objects.create_user("new@people.test", None)
    client = tenant_client(tenant_alpha, invitee)
    # when
    accepted = client.post(ACCEPT_URL, {"token": token}, format="json")
    again = client.post(ACCEPT_URL, {"token": token}, format="json")
    # then
    assert accepted.status_code == 201
    assert [r["code"] for r in accepted.json()["roles"]] == ["storekeeper"]
    membership = Membership.objects.get(tenant=tenant_alpha, user=invitee)
    assert (membership.is_owner, membership.status) == (False, "active")
    with in_schema(tenant_alpha.schema_name):
        assert list(
            MemberRole.objects.filter(user=invitee).values_list("role__code", flat=True)
        ) == ["storekeeper"]
    assert (again.status_code, again.json()["code"]) == (400, "invitation_used")
    # and the new member sees what the role allows, and no more
    assert client.get("/api/v1/core/company/").status_code == 200
    assert client.get("/api/v1/access/members/").status_code == 403


def test_accept_for_another_email_is_refused(
    tenant_alpha, users, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    _, token = _invite(
        tenant_alpha, users["owner_alpha"], mailoutbox, django_capture_on_commit_callbacks
    )
    before = _invitations(tenant_alpha)
    # when beta's owner, logged in, tries the link
    response = tenant_client(tenant_alpha, users["owner_beta"]).post(
        ACCEPT_URL, {"token": token}, format="json"
    )
    # then
    assert response.status_code == 403
    assert response.json()["code"] == "invitation_email_mismatch"
    assert not Membership.objects.filter(tenant=tenant_alpha, user=users["owner_beta"]).exists()
    assert _invitations(tenant_alpha) == before


def test_accept_needs_a_login(tenant_alpha, users, mailoutbox, django_capture_on_commit_callbacks):
    # given
    _, token = _invite(
        tenant_alpha, users["owner_alpha"], mailoutbox, django_capture_on_commit_callbacks
    )
    # when
    response = tenant_client(tenant_alpha).post(ACCEPT_URL, {"token": token}, format="json")
    # then
    assert response.status_code in (401, 403)
    assert response.json() == NOT_AUTHENTICATED


def test_an_expired_invitation_is_refused(
    tenant_alpha, users, mailoutbox, django_capture_on_commit_callbacks
):
    # given an invitation whose 7 days are over
    body, token = _invite(
        tenant_alpha, users["owner_alpha"], mailoutbox, django_capture_on_commit_callbacks
    )
    with in_schema(tenant_alpha.schema_name):
        Invitation.objects.filter(pk=body["id"]).update(
            expires_at=timezone.now() - dt.timedelta(seconds=1)
        )
    invitee = User.objects.create_user("new@people.test", None)
    # when
    response = tenant_client(tenant_alpha, invitee).post(
        ACCEPT_URL, {"token": token}, format="json"
    )
    # then
    assert response.status_code == 400
    assert response.json()["code"] == "invitation_expired"
    assert not Membership.objects.filter(tenant=tenant_alpha, user=invitee).exists()


def test_resend_kills_the_old_link_and_revoke_kills_the_new(
    tenant_alpha, users, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    body, old_token = _invite(
        tenant_alpha, users["owner_alpha"], mailoutbox, django_capture_on_commit_callbacks
    )
    owner = tenant_client(tenant_alpha, users["owner_alpha"])
    anyone = tenant_client(tenant_alpha)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        resent = owner.post(f"{INVITATIONS_URL}{body['id']}/resend/")
    new_token = token_from(mailoutbox[-1])
    old_lookup = anyone.get(LOOKUP_URL, {"token": old_token})
    new_lookup = anyone.get(LOOKUP_URL, {"token": new_token})
    revoked = owner.post(f"{INVITATIONS_URL}{body['id']}/revoke/")
    revoked_lookup = anyone.get(LOOKUP_URL, {"token": new_token})
    # then
    assert resent.status_code == 200
    assert len(mailoutbox) == 2
    assert new_token != old_token
    assert old_lookup.json()["code"] == "invitation_invalid"
    assert new_lookup.status_code == 200
    assert (revoked.status_code, revoked.json()["status"]) == (200, "revoked")
    assert revoked_lookup.json()["code"] == "invitation_revoked"


def test_invitations_list_filters_by_status(
    tenant_alpha, users, mailoutbox, django_capture_on_commit_callbacks
):
    # given one pending and one revoked invitation
    first, _ = _invite(
        tenant_alpha, users["owner_alpha"], mailoutbox, django_capture_on_commit_callbacks
    )
    _invite(
        tenant_alpha,
        users["owner_alpha"],
        mailoutbox,
        django_capture_on_commit_callbacks,
        email="other@people.test",
    )
    owner = tenant_client(tenant_alpha, users["owner_alpha"])
    owner.post(f"{INVITATIONS_URL}{first['id']}/revoke/")
    # when
    pending = owner.get(INVITATIONS_URL, {"status": "pending"})
    revoked = owner.get(INVITATIONS_URL, {"status": "revoked"})
    # then
    assert [row["email"] for row in pending.json()["results"]] == ["other@people.test"]
    assert [row["email"] for row in revoked.json()["results"]] == ["new@people.test"]
