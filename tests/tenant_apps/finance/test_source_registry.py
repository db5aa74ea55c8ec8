"""Where a journal entry's source link points: a registered page, else the entries-of-a-document
fallback."""

from tenant_apps.finance.registry import source_url


def test_registered_source_types_open_their_own_page():
    # invoicing registers its documents and payments in its AppConfig.ready
    assert source_url("invoicing.invoice", 7) == "/finance/invoices/7"
    assert source_url("invoicing.debit_note", 8) == "/finance/notes/8"
    assert source_url("invoicing.receipt", 9) == "/finance/payments/9"


def test_unregistered_source_types_fall_back_to_the_entries_page():
    assert source_url("production.order", 5) == "/finance/documents/production.order/5"
    assert source_url("", 5) is None
    assert source_url("invoicing.invoice", None) is None
