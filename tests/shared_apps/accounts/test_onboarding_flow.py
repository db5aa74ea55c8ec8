"""The whole onboarding path over HTTP, as the web app drives it: a business signs up, lands
signed in on its own host, invites a salesperson, who signs up, accepts, and sees only what the
Sales role allows."""

import re
from urllib.parse import unquote, urlsplit

from django.core import mail

from tests.shared_apps.accounts.conftest import SESSION_URL

SIGNUP_URL = "/api/v1/signup/"
SIGNUP_ALLAUTH_URL = "/_allauth/browser/v1/auth/signup"
INVITE_LINK = re.compile(r"http://kitchens\.localhost/invite/accept\?token=(\S+)")


def test_signup_invite_accept_and_role_limits_end_to_end(
    world, db, http, django_capture_on_commit_callbacks
):
    # given a business owner on the public site
    public = http(None)
    signup = public.post(
        SIGNUP_URL,
        {
            "company_name": "Kitchens of Pune",
            "subdomain": "kitchens",
            "full_name": "Priya Owner",
            "email": "priya@kitchens.test",
            "password": "tandoor-range-hood-77",
            "state": "27",
        },
        format="json",
    )
    assert signup.status_code == 201, signup.json()

    # when the owner follows the sign-in link to the company's own host
    owner = http("kitchens")
    handoff = urlsplit(signup.json()["login_url"])
    assert handoff.netloc == "kitchens.localhost"
    landed = owner.get(f"{handoff.path}?{handoff.query}")
    assert (landed.status_code, landed["Location"]) == (302, "/")

    # then they are signed in there and see their company
    assert owner.get(SESSION_URL).status_code == 200
    company = owner.get("/api/v1/core/company/")
    assert (company.status_code, company.json()["name"]) == (200, "Kitchens of Pune")

    # when the owner invites a salesperson with the Sales role
    roles = owner.get("/api/v1/access/roles/", {"page_size": 100}).json()["results"]
    sales_id = next(role["id"] for role in roles if role["code"] == "sales")
    with django_capture_on_commit_callbacks(execute=True):
        invited = owner.post(
            "/api/v1/access/invitations/",
            {"email": "ravi@kitchens.test", "roles": [sales_id]},
            format="json",
        )
    assert invited.status_code == 201, invited.json()
    invitation_mail = next(m for m in mail.outbox if m.to == ["ravi@kitchens.test"])
    token = unquote(INVITE_LINK.search(invitation_mail.body).group(1))

    # and the invitee opens the link, signs up on the company's host and accepts
    invitee = http("kitchens")
    lookup = invitee.get("/api/v1/access/invitations/lookup/", {"token": token})
    assert lookup.status_code == 200, lookup.json()
    assert (lookup.status_code, lookup.json()["company_name"], lookup.json()["email"]) == (
        200,
        "Kitchens of Pune",
        "ravi@kitchens.test",
    )
    joined = invitee.post(
        SIGNUP_ALLAUTH_URL,
        {"email": "ravi@kitchens.test", "password": "masala-dosa-griddle-42"},
        format="json",
    )
    assert joined.status_code == 200, joined.json()
    before_accept = invitee.get("/api/v1/core/company/")
    accepted = invitee.post("/api/v1/access/invitations/accept/", {"token": token}, format="json")

    # then before accepting the company was invisible to them, and now they are a member
    assert before_accept.status_code == 404
    assert accepted.status_code == 201, accepted.json()
    assert [role["code"] for role in accepted.json()["roles"]] == ["sales"]

    # and they see only what Sales allows: the company, not members, roles, audit or settings
    assert invitee.get("/api/v1/core/company/").status_code == 200
    assert invitee.get("/api/v1/access/members/").status_code == 403
    assert invitee.get("/api/v1/access/roles/").status_code == 403
    assert invitee.get("/api/v1/audit/events/").status_code == 403
    refused = invitee.patch("/api/v1/core/company/", {"legal_name": "Hijacked"}, format="json")
    assert refused.status_code == 403
    assert owner.get("/api/v1/core/company/").json()["legal_name"] == "Kitchens of Pune"

    # and the owner's audit log shows the invitation and its acceptance
    actions = [e["action"] for e in owner.get("/api/v1/audit/events/").json()["results"]]
    assert "access.invitation.created" in actions
    assert "access.invitation.accepted" in actions
