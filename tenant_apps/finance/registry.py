"""Where a journal entry's source document lives in the app, by `source_type`.

Modules that post register a URL maker once (in their AppConfig.ready):

    from tenant_apps.finance.registry import source_url_register
    source_url_register("invoicing.invoice", lambda source_id: f"/invoicing/invoices/{source_id}")

Unregistered types fall back to `/finance/documents/<source_type>/<source_id>`.
"""

from __future__ import annotations

from collections.abc import Callable

_MAKERS: dict[str, Callable[[int], str]] = {}


def source_url_register(source_type: str, make: Callable[[int], str]) -> None:
    _MAKERS[source_type] = make


def source_url(source_type: str, source_id: int | None) -> str | None:
    if not source_type or source_id is None:
        return None
    make = _MAKERS.get(source_type)
    if make is not None:
        return make(source_id)
    return f"/finance/documents/{source_type}/{source_id}"
