"""CompanySettings: fiscal year arithmetic and the one-row-per-schema constraint."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from tenant_apps.core.models import CompanySettings
from tests.conftest import in_schema


@pytest.mark.parametrize(
    ("on", "start", "label"),
    [
        (dt.date(2026, 3, 31), dt.date(2025, 4, 1), "2025-26"),
        (dt.date(2026, 4, 1), dt.date(2026, 4, 1), "2026-27"),
        (dt.date(2026, 12, 31), dt.date(2026, 4, 1), "2026-27"),
        (dt.date(2026, 1, 1), dt.date(2025, 4, 1), "2025-26"),
        (dt.date(2099, 6, 15), dt.date(2099, 4, 1), "2099-00"),
    ],
)
def test_april_fiscal_year(on, start, label):
    # given the Indian fiscal year (1 April)
    company = CompanySettings(fiscal_year_start_month=4, fiscal_year_start_day=1)
    # when
    got_start, got_label = company.fiscal_year_start(on), company.fiscal_year_label(on)
    # then
    assert (got_start, got_label) == (start, label)


@pytest.mark.parametrize("on", [dt.date(2026, 1, 1), dt.date(2026, 7, 1), dt.date(2026, 12, 31)])
def test_calendar_fiscal_year(on):
    # given a fiscal year starting on 1 January
    company = CompanySettings(fiscal_year_start_month=1, fiscal_year_start_day=1)
    # when
    got_start, got_label = company.fiscal_year_start(on), company.fiscal_year_label(on)
    # then
    assert (got_start, got_label) == (dt.date(2026, 1, 1), "2026")


def test_fiscal_year_starting_mid_month():
    # given a fiscal year starting on 15 July
    company = CompanySettings(fiscal_year_start_month=7, fiscal_year_start_day=15)
    # when
    before, on_start = dt.date(2026, 7, 14), dt.date(2026, 7, 15)
    # then
    assert company.fiscal_year_label(before) == "2025-26"
    assert company.fiscal_year_label(on_start) == "2026-27"
    assert company.fiscal_year_start(before) == dt.date(2025, 7, 15)


def test_default_company_settings_use_the_april_fiscal_year(tenant_alpha):
    # given the seeded row of a provisioned tenant
    with in_schema(tenant_alpha.schema_name):
        company = CompanySettings.objects.get()
    # when
    label = company.fiscal_year_label(dt.date(2026, 3, 31))
    # then
    assert (company.fiscal_year_start_month, company.fiscal_year_start_day) == (4, 1)
    assert label == "2025-26"


def test_database_refuses_a_second_company_settings_row(tenant_alpha):
    # given the one seeded row
    with in_schema(tenant_alpha.schema_name):
        assert CompanySettings.objects.count() == 1
        # when
        with pytest.raises(IntegrityError) as refused, transaction.atomic():
            CompanySettings.objects.create(name="Second Company")
        # then
        assert "core_companysettings_singleton_key" in str(refused.value)
        assert list(CompanySettings.objects.values_list("name", flat=True)) == ["Alpha Steel Works"]


def test_database_refuses_a_row_that_is_not_the_singleton(tenant_alpha):
    # given
    with in_schema(tenant_alpha.schema_name):
        # when
        with pytest.raises(IntegrityError) as refused, transaction.atomic():
            CompanySettings.objects.create(name="Not A Singleton", singleton=False)
        # then
        assert "company_settings_singleton" in str(refused.value)
        assert CompanySettings.objects.count() == 1


def test_database_refuses_a_fiscal_month_out_of_range(tenant_alpha):
    # given
    with in_schema(tenant_alpha.schema_name):
        # when
        with pytest.raises(IntegrityError) as refused, transaction.atomic():
            CompanySettings.objects.filter(singleton=True).update(fiscal_year_start_month=13)
        # then
        assert "company_settings_fy_month_valid" in str(refused.value)
        assert CompanySettings.objects.get().fiscal_year_start_month == 4
