"""The company logo: upload (PNG/JPEG/WebP only, re-encoded, at most 1 MB), served as an
attachment with a fixed image type, removed; permission matrix."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tenant_apps.core.models import CompanySettings
from tests.conftest import in_schema
from tests.permission_matrix import (
    NOT_AUTHENTICATED,
    NOT_FOUND,
    PERMISSION_DENIED,
    assert_permission_matrix,
    member_with_permissions,
    tenant_client,
)

LOGO_URL = "/api/v1/core/company/logo/"
COMPANY_URL = "/api/v1/core/company/"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded logos land in the test's own folder, not the checkout's media/."""
    settings.MEDIA_ROOT = str(tmp_path)


def _image(fmt: str, size: tuple[int, int] = (40, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def _upload(name: str, data: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def _logo_row(schema_name: str) -> tuple[str, str]:
    with in_schema(schema_name):
        company = CompanySettings.objects.get()
        return company.logo.name, company.logo_type


@pytest.mark.parametrize(
    ("fmt", "content_type"), [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp")]
)
def test_owner_uploads_a_logo_and_it_is_served_as_that_image(
    api_client, users, tenant_alpha, fmt, content_type
):
    # given
    client = api_client("alpha", users["owner_alpha"])
    # when
    response = client.put(
        LOGO_URL, {"logo": _upload("my logo.bin", _image(fmt))}, format="multipart"
    )
    # then
    assert response.status_code == 200, response.content
    assert response.json()["logo_url"].startswith(LOGO_URL + "?v=")
    name, stored_type = _logo_row(tenant_alpha.schema_name)
    assert stored_type == content_type
    assert name.startswith("company/logo/logo")
    served = client.get(LOGO_URL)
    assert served.status_code == 200
    assert served["Content-Type"] == content_type
    assert served["Content-Disposition"].startswith("attachment;")
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served["Content-Security-Policy"]
    with Image.open(io.BytesIO(served.content)) as image:
        assert image.format == fmt
        assert image.size == (40, 20)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("logo.html", b"<html><script>alert(1)</script></html>"),
        ("logo.gif", None),  # a real GIF: not an accepted format
        ("logo.png", b"\x89PNG\r\n\x1a\n truncated"),
    ],
)
def test_anything_but_png_jpeg_webp_is_a_400_and_nothing_is_stored(
    api_client, users, tenant_alpha, name, data
):
    # given
    client = api_client("alpha", users["owner_alpha"])
    payload = data if data is not None else _image("GIF")
    # when
    response = client.put(LOGO_URL, {"logo": _upload(name, payload)}, format="multipart")
    # then
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Upload a PNG, JPEG or WebP image.",
        "code": "invalid_logo",
        "fields": {"logo": ["Upload a PNG, JPEG or WebP image."]},
    }
    assert _logo_row(tenant_alpha.schema_name) == ("", "")


def test_a_logo_over_1_mb_is_refused(api_client, users, tenant_alpha):
    # given
    client = api_client("alpha", users["owner_alpha"])
    big = _image("PNG") + b"\0" * (1024 * 1024)
    # when
    response = client.put(LOGO_URL, {"logo": _upload("logo.png", big)}, format="multipart")
    # then
    assert response.status_code == 400
    assert response.json()["fields"] == {"logo": ["The logo must be at most 1 MB."]}


def test_replacing_then_removing_the_logo(
    api_client, users, tenant_alpha, tmp_path, django_capture_on_commit_callbacks
):
    # given
    client = api_client("alpha", users["owner_alpha"])
    client.put(LOGO_URL, {"logo": _upload("a.png", _image("PNG"))}, format="multipart")
    first, _ = _logo_row(tenant_alpha.schema_name)
    stored = list(tmp_path.rglob("logo*.png"))
    assert len(stored) == 1 and str(stored[0]).endswith(first)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        replaced = client.put(
            LOGO_URL, {"logo": _upload("b.jpg", _image("JPEG"))}, format="multipart"
        )
    removed = client.delete(LOGO_URL)
    # then the old file went once the new row was committed
    assert not stored[0].exists()
    assert replaced.status_code == 200
    assert removed.status_code == 200
    assert removed.json()["logo_url"] is None
    assert _logo_row(tenant_alpha.schema_name) == ("", "")
    assert client.get(LOGO_URL).status_code == 404


@pytest.mark.parametrize(
    ("method", "permission", "expected"),
    [("get", "core.company.view", 404), ("delete", "core.company.change", 200)],
)
def test_logo_permission_matrix(tenant_alpha, method, permission, expected):
    # given / when / then (GET: no logo yet, so the permitted member gets a 404 of its own)
    assert_permission_matrix(
        method=method,
        path=LOGO_URL,
        tenant=tenant_alpha,
        permission=permission,
        expect_ok=expected,
        snapshot=lambda: _logo_row(tenant_alpha.schema_name),
    )


def test_logo_upload_permission_matrix(tenant_alpha, tenant_beta):
    # given
    outsider = member_with_permissions(tenant=tenant_beta, permissions={"core.company.change"})
    without = member_with_permissions(tenant=tenant_alpha, permissions={"core.company.view"})
    permitted = member_with_permissions(tenant=tenant_alpha, permissions={"core.company.change"})

    def put(user):
        upload = _upload("a.png", _image("PNG"))
        return tenant_client(tenant_alpha, user).put(LOGO_URL, {"logo": upload}, format="multipart")

    # when / then
    denied = [
        (put(None), 403, NOT_AUTHENTICATED),
        (put(outsider), 404, NOT_FOUND),
        (put(without), 403, PERMISSION_DENIED),
    ]
    for response, status, body in denied:
        assert response.status_code == status
        assert response.json() == body
    assert _logo_row(tenant_alpha.schema_name) == ("", "")
    assert put(permitted).status_code == 200
    assert _logo_row(tenant_alpha.schema_name)[1] == "image/png"


def test_one_company_s_logo_is_not_another_s(api_client, users, tenant_alpha, tenant_beta):
    # given alpha has a logo, beta none
    alpha = api_client("alpha", users["owner_alpha"])
    alpha.put(LOGO_URL, {"logo": _upload("a.png", _image("PNG"))}, format="multipart")
    # when
    beta = api_client("beta", users["owner_beta"]).get(LOGO_URL)
    # then
    assert beta.status_code == 404
    assert beta.json()["code"] == "not_found"
    assert alpha.get(LOGO_URL).status_code == 200
