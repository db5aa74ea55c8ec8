"""PATCH /api/v1/me/: a signed-in user changes their own name, on the public host or a company."""

from __future__ import annotations

from shared_apps.accounts.models import User


def test_a_member_changes_their_name_on_their_company_host(api_client, users):
    # given
    client = api_client("alpha", users["member_alpha"])
    # when
    response = client.patch("/api/v1/me/", {"full_name": "  Meera Iyer "}, format="json")
    # then
    assert response.status_code == 200
    assert response.json()["full_name"] == "Meera Iyer"
    assert User.objects.get(pk=users["member_alpha"].pk).full_name == "Meera Iyer"


def test_the_public_host_works_too_and_a_long_name_is_a_400(api_client, users):
    # given
    client = api_client(None, users["owner_beta"])
    # when
    too_long = client.patch("/api/v1/me/", {"full_name": "x" * 201}, format="json")
    ok = client.patch("/api/v1/me/", {"full_name": "Beta Owner"}, format="json")
    # then
    assert too_long.status_code == 400
    assert too_long.json()["fields"].keys() == {"full_name"}
    assert ok.status_code == 200
    assert User.objects.get(pk=users["owner_beta"].pk).full_name == "Beta Owner"


def test_anonymous_and_other_companies_cannot(api_client, users):
    # given
    before = User.objects.get(pk=users["owner_beta"].pk).full_name
    # when
    anonymous = api_client("alpha").patch("/api/v1/me/", {"full_name": "X"}, format="json")
    outsider = api_client("alpha", users["owner_beta"]).patch(
        "/api/v1/me/", {"full_name": "X"}, format="json"
    )
    # then
    assert anonymous.status_code in (401, 403)
    assert anonymous.json()["code"] == "not_authenticated"
    assert outsider.status_code == 404
    assert User.objects.get(pk=users["owner_beta"].pk).full_name == before
