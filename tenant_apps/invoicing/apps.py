from collections.abc import Callable

from django.apps import AppConfig


class InvoicingConfig(AppConfig):
    name = "tenant_apps.invoicing"
    label = "invoicing"
    verbose_name = "Invoicing"

    def ready(self) -> None:
        from tenant_apps.finance.registry import source_url_register

        # a journal entry's source link opens the document's own page (ledger drill-down)
        pages = {
            "invoice": "invoices",
            "bill": "bills",
            "credit_note": "notes",
            "debit_note": "notes",
            "receipt": "payments",
            "payment": "payments",
        }
        for kind, folder in pages.items():
            source_url_register(f"invoicing.{kind}", _page_url(folder))
        # a period-end exchange revaluation's entries open its page (ADR 0047)
        source_url_register("invoicing.revaluation", _revaluation_url)
        # a month's ITC reversal run (ADR 0074)
        source_url_register("invoicing.itc_reversal", _itc_reversal_url)


def _page_url(folder: str) -> Callable[[int], str]:
    def make(source_id: int) -> str:
        return f"/finance/{folder}/{source_id}"

    return make


def _revaluation_url(source_id: int) -> str:
    return f"/finance/revaluation?revaluation={source_id}"


def _itc_reversal_url(source_id: int) -> str:
    return f"/finance/itc-reversals?run={source_id}"
