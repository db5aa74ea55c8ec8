"""A file saved in tenant A is invisible from tenant B, on disk and in S3.

Every name is prefixed with the tenant's immutable id (`tenants/<id>/...`). The storage classes
are the production ones; the only fake is moto's local S3 server.
"""

from collections.abc import Iterator

import boto3
import pytest
from django.core.exceptions import SuspiciousOperation
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django_tenants.utils import tenant_context
from moto.server import ThreadedMotoServer

from erp_platform.storage import TenantFileSystemStorage, TenantS3Storage
from tests.conftest import in_schema

NAME = "docs/quote.txt"
BUCKET = "tenant-files"
S3_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def _files_under(root) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


# ---------------------------------------------------------------------------------------------
# File system
# ---------------------------------------------------------------------------------------------
def test_the_default_storage_is_the_tenant_file_system_storage():
    # given the test settings (no S3_BUCKET)
    # when
    storage = storages["default"]
    # then
    assert type(storage) is TenantFileSystemStorage


def test_a_file_saved_in_alpha_lands_under_alphas_id(tenant_alpha, media_root):
    # given alpha's request context
    with tenant_context(tenant_alpha):
        # when alpha saves a document
        name = default_storage.save(NAME, ContentFile(b"alpha"))
        url = default_storage.url(name)

    # then it is on disk under alpha's id, and nowhere else
    assert name == NAME
    assert _files_under(media_root) == [f"tenants/{tenant_alpha.pk}/{NAME}"]
    assert (media_root / "tenants" / str(tenant_alpha.pk) / NAME).read_bytes() == b"alpha"
    assert url == f"/media/tenants/{tenant_alpha.pk}/{NAME}"


def test_beta_cannot_see_or_open_alphas_file(tenant_alpha, tenant_beta, media_root):
    # given alpha saved a document
    with tenant_context(tenant_alpha):
        default_storage.save(NAME, ContentFile(b"alpha"))

    # when beta looks for the same name
    with tenant_context(tenant_beta):
        exists = default_storage.exists(NAME)
        with pytest.raises(FileNotFoundError):
            default_storage.listdir("docs")
        with pytest.raises(FileNotFoundError):
            default_storage.open(NAME)

    # then beta sees nothing: not the file, not even the folder
    assert exists is False


def test_beta_saving_the_same_name_keeps_its_own_content(tenant_alpha, tenant_beta, media_root):
    # given alpha saved a document
    with tenant_context(tenant_alpha):
        default_storage.save(NAME, ContentFile(b"alpha"))

    # when beta saves a document of the same name
    with tenant_context(tenant_beta):
        name = default_storage.save(NAME, ContentFile(b"beta"))
        with default_storage.open(name) as handle:
            beta_reads = handle.read()

    # then beta got the name unchanged (no collision) and reads its own bytes; alpha's are intact
    assert name == NAME
    assert beta_reads == b"beta"
    with tenant_context(tenant_alpha), default_storage.open(NAME) as handle:
        assert handle.read() == b"alpha"
    assert _files_under(media_root) == sorted(
        [f"tenants/{tenant_alpha.pk}/{NAME}", f"tenants/{tenant_beta.pk}/{NAME}"]
    )


@pytest.mark.parametrize("operation", ["exists", "open", "path", "delete", "save"])
def test_a_path_out_of_the_tenant_prefix_is_refused(
    tenant_alpha, tenant_beta, media_root, operation
):
    # given beta has a document, and alpha knows beta's id
    with tenant_context(tenant_beta):
        default_storage.save(NAME, ContentFile(b"beta"))
    escape = f"../{tenant_beta.pk}/{NAME}"
    calls = {
        "exists": lambda: default_storage.exists(escape),
        "open": lambda: default_storage.open(escape),
        "path": lambda: default_storage.path(escape),
        "delete": lambda: default_storage.delete(escape),
        "save": lambda: default_storage.save(escape, ContentFile(b"alpha")),
    }

    # when alpha climbs out of its prefix
    with tenant_context(tenant_alpha), pytest.raises(SuspiciousOperation):
        calls[operation]()

    # then beta's file is untouched and alpha wrote nothing
    assert _files_under(media_root) == [f"tenants/{tenant_beta.pk}/{NAME}"]
    assert (media_root / "tenants" / str(tenant_beta.pk) / NAME).read_bytes() == b"beta"


def test_schema_context_keeps_files_apart_too(world, db, media_root):
    # given code that switches tenant with schema_context (commands, scripts, this suite)
    with in_schema(world.alpha_schema):
        default_storage.save(NAME, ContentFile(b"alpha"))

    # when beta looks for the same name
    with in_schema(world.beta_schema):
        exists = default_storage.exists(NAME)

    # then beta sees nothing, and alpha's file sits under alpha's id
    assert exists is False
    assert _files_under(media_root) == [f"tenants/{world.alpha_id}/{NAME}"]


# ---------------------------------------------------------------------------------------------
# S3 (moto's local server)
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_bucket(s3_endpoint) -> Iterator:
    bucket = boto3.resource(
        "s3", endpoint_url=s3_endpoint, region_name="us-east-1", **S3_CREDENTIALS
    ).Bucket(BUCKET)
    bucket.create()
    yield bucket
    bucket.objects.all().delete()
    bucket.delete()


@pytest.fixture
def s3_storage(s3_endpoint, s3_bucket) -> TenantS3Storage:
    return TenantS3Storage(
        bucket_name=BUCKET,
        endpoint_url=s3_endpoint,
        access_key="testing",
        secret_key="testing",
        region_name="us-east-1",
    )


def _keys(bucket) -> list[str]:
    return sorted(obj.key for obj in bucket.objects.all())


def test_s3_keys_are_prefixed_with_the_tenant_id(tenant_alpha, s3_storage, s3_bucket):
    # given alpha's request context
    with tenant_context(tenant_alpha):
        # when alpha saves a document
        name = s3_storage.save(NAME, ContentFile(b"alpha"))

    # then the object's key starts with alpha's prefix
    assert name == NAME
    assert _keys(s3_bucket) == [f"tenants/{tenant_alpha.pk}/{NAME}"]
    assert s3_bucket.Object(f"tenants/{tenant_alpha.pk}/{NAME}").get()["Body"].read() == b"alpha"


def test_s3_beta_cannot_see_or_open_alphas_file(tenant_alpha, tenant_beta, s3_storage, s3_bucket):
    # given alpha saved a document
    with tenant_context(tenant_alpha):
        s3_storage.save(NAME, ContentFile(b"alpha"))

    # when beta looks for the same name
    with tenant_context(tenant_beta):
        exists = s3_storage.exists(NAME)
        listing = s3_storage.listdir("docs")
        with pytest.raises(FileNotFoundError):
            s3_storage.open(NAME)

    # then beta sees nothing
    assert exists is False
    assert listing == ([], [])


def test_s3_beta_saving_the_same_name_does_not_overwrite_alpha(
    tenant_alpha, tenant_beta, s3_storage, s3_bucket
):
    # given alpha saved a document (S3 storage overwrites same-named files by default)
    with tenant_context(tenant_alpha):
        s3_storage.save(NAME, ContentFile(b"alpha"))

    # when beta saves a document of the same name
    with tenant_context(tenant_beta):
        s3_storage.save(NAME, ContentFile(b"beta"))
        with s3_storage.open(NAME) as handle:
            beta_reads = handle.read()

    # then each tenant reads its own bytes, from its own key
    assert beta_reads == b"beta"
    with tenant_context(tenant_alpha), s3_storage.open(NAME) as handle:
        assert handle.read() == b"alpha"
    assert _keys(s3_bucket) == sorted(
        [f"tenants/{tenant_alpha.pk}/{NAME}", f"tenants/{tenant_beta.pk}/{NAME}"]
    )


@pytest.mark.parametrize("operation", ["exists", "open", "delete", "save"])
def test_s3_a_key_out_of_the_tenant_prefix_is_refused(
    tenant_alpha, tenant_beta, s3_storage, s3_bucket, operation
):
    # given beta has a document, and alpha knows beta's id
    with tenant_context(tenant_beta):
        s3_storage.save(NAME, ContentFile(b"beta"))
    escape = f"../{tenant_beta.pk}/{NAME}"
    calls = {
        "exists": lambda: s3_storage.exists(escape),
        "open": lambda: s3_storage.open(escape),
        "delete": lambda: s3_storage.delete(escape),
        "save": lambda: s3_storage.save(escape, ContentFile(b"alpha")),
    }

    # when alpha climbs out of its prefix
    with tenant_context(tenant_alpha), pytest.raises(SuspiciousOperation):
        calls[operation]()

    # then beta's object is untouched and alpha wrote nothing
    assert _keys(s3_bucket) == [f"tenants/{tenant_beta.pk}/{NAME}"]
    assert s3_bucket.Object(f"tenants/{tenant_beta.pk}/{NAME}").get()["Body"].read() == b"beta"
