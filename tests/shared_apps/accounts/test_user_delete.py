"""Global users are deleted from the public schema, where tenant tables are out of sight."""

import pytest
from django.db import IntegrityError, connection, transaction

from shared_apps.accounts.models import User
from tenant_apps.core.models import CompanySettings
from tests.conftest import in_schema


def test_a_user_without_records_can_be_deleted_from_the_public_schema(world, db):
    # given a user nobody's records name
    user = User.objects.create_user("temp@nowhere.test", "x-pass-12345")

    # when
    user.delete()

    # then
    assert not User.objects.filter(email="temp@nowhere.test").exists()


def test_the_database_refuses_to_delete_a_user_named_on_tenant_records(world, db):
    # given a user who last changed alpha's company settings
    user = User.objects.create_user("editor@alpha.test", "x-pass-12345")
    with in_schema(world.alpha_schema):
        CompanySettings.objects.filter(singleton=True).update(updated_by=user)

    # when / then the foreign key from the tenant schema refuses the delete (checked at once
    # here; at commit otherwise, as Django's foreign keys are deferred)
    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        User.objects.filter(pk=user.pk).delete()
    assert User.objects.filter(pk=user.pk).exists()
