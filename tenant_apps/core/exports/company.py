"""What a report file shows of the company: name, GSTIN, state, base currency, logo."""

from __future__ import annotations

import base64
from typing import Any

from babel.numbers import get_currency_symbol

from tenant_apps.core.gst_states import GstState
from tenant_apps.core.models import CompanySettings


def logo_data_uri(company: CompanySettings) -> str:
    """The company's logo as a data URI, or "" (none, or its file is missing)."""
    logo = getattr(company, "logo", None)
    if not logo:
        return ""
    try:
        with logo.open("rb") as handle:
            data = handle.read()
    except OSError:
        return ""
    kind = getattr(company, "logo_type", "") or "image/png"
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def company_header(*, logo: bool = True) -> dict[str, Any]:
    """What report headers show of the company (this tenant's settings row)."""
    company = CompanySettings.objects.get(singleton=True)
    try:
        state = f"{GstState(company.state).label} ({company.state})" if company.state else ""
    except ValueError:
        state = company.state
    currency = company.base_currency or "INR"
    return {
        "name": company.legal_name or company.name,
        "gstin": company.gstin,
        "state": state,
        "currency": get_currency_symbol(currency, locale="en_IN"),
        "logo": logo_data_uri(company) if logo else "",
    }
