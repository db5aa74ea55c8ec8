"""Entry numbers show the fiscal year short (`JV/26-27/00001`), as `core.services.sequence_next`
numbers every other series now (ADR 0062: CGST Rule 46 allows a tax document number at most 16
characters). The posting function changes in that one line."""

from __future__ import annotations

import importlib

from django.db import migrations

previous = importlib.import_module("tenant_apps.finance.migrations.0014_posting_rules_in_function")

LONG = "o_number := v_prefix || '/' || v_fy || '/'"
SHORT = (
    "o_number := v_prefix || '/' || CASE WHEN v_fy ~ '^[0-9]{4}-[0-9]{2}$' "
    "THEN substr(v_fy, 3) ELSE v_fy END || '/'"
)
assert previous.POST_FUNCTION.count(LONG) == 1
POST_FUNCTION = previous.POST_FUNCTION.replace(LONG, SHORT)


class Migration(migrations.Migration):
    dependencies = [("finance", "0014_posting_rules_in_function")]

    operations = [migrations.RunSQL(POST_FUNCTION, previous.POST_FUNCTION)]
