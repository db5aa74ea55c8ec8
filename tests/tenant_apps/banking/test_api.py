"""The banking API over HTTP: the four-actor matrix over every endpoint (the multipart import
with its own four actors, the shared matrix speaks JSON)."""

from __future__ import annotations

from typing import Any

import pytest

from tenant_apps.banking.models import BankMatch, BankStatement, BankStatementLine
from tenant_apps.finance.models import JournalEntry
from tests.conftest import in_schema
from tests.permission_matrix import (
    NOT_AUTHENTICATED,
    NOT_FOUND,
    PERMISSION_DENIED,
    _other_tenant,
    assert_permission_matrix,
    member_with_permissions,
    tenant_client,
)
from tests.tenant_apps.banking.conftest import (
    bank_line_of,
    csv_file,
    expense_ledger,
    receipt,
    statement,
)
from tests.tenant_apps.invoicing.conftest import _books

API = "/api/v1/banking"


def _state(tenant: Any) -> Any:
    with in_schema(tenant.schema_name):
        return (
            list(BankStatement.objects.order_by("pk").values_list("pk", "closing_balance")),
            list(BankStatementLine.objects.order_by("pk").values_list("pk", "amount")),
            list(BankMatch.objects.order_by("pk").values_list("statement_line", "journal_line")),
            JournalEntry.objects.count(),
        )


@pytest.fixture
def targets(tenant_alpha, users) -> dict[str, Any]:
    from tenant_apps.banking.services import line_match

    with in_schema(tenant_alpha.schema_name):
        books = _books(users["owner_alpha"])
        first = receipt(books, "1000", 10)
        second = receipt(books, "300", 11)
        s = statement(
            books,
            [
                "10/06/2026,NEFT,,,1000.00,1000.00",
                "11/06/2026,Charges,,50.00,,950.00",
                "11/06/2026,IMPS,,,300.00,1250.00",
            ],
        )
        one, two, three = s.lines.order_by("line_no")
        line_match(
            user=books.user,
            line=three,
            journal_line_ids=[bank_line_of(second.journal_entry, books).pk],
        )
        return {
            "books": books,
            "statement": s.pk,
            "open_line": one.pk,
            "charge_line": two.pk,
            "matched_line": three.pk,
            "journal_line": bank_line_of(first.journal_entry, books).pk,
            "ledger": expense_ledger().pk,
            "bank": books.bank.pk,
        }


CASES: list[tuple[str, str, str, Any, int]] = [
    ("get", "/statements/", "banking.statement.view", None, 200),
    ("get", "/statements/template/", "banking.statement.create", None, 200),
    ("get", "/statements/{statement}/", "banking.statement.view", None, 200),
    ("delete", "/statements/{statement}/", "banking.statement.delete", None, 204),
    ("post", "/statements/{statement}/auto-match/", "banking.reconciliation.change", None, 200),
    (
        "post",
        "/statements/{statement}/lines/{open_line}/match/",
        "banking.reconciliation.change",
        "MATCH",
        200,
    ),
    (
        "post",
        "/statements/{statement}/lines/{matched_line}/unmatch/",
        "banking.reconciliation.change",
        None,
        200,
    ),
    (
        "post",
        "/statements/{statement}/lines/{charge_line}/create-entry/",
        "banking.reconciliation.change",
        "ENTRY",
        201,
    ),
    (
        "get",
        "/reconciliation/?account={bank}&date=2026-06-30",
        "banking.statement.view",
        None,
        200,
    ),
    (
        "get",
        "/reconciliation/export/?account={bank}&date=2026-06-30&format=xlsx",
        "banking.reconciliation.export",
        None,
        200,
    ),
]


@pytest.mark.parametrize(
    ("method", "path", "permission", "body", "expected"), CASES, ids=lambda v: str(v)[:40]
)
def test_every_banking_endpoint_is_in_the_permission_matrix(
    tenant_alpha, targets, method, path, permission, body, expected
):
    if body == "MATCH":
        body = {"journal_lines": [targets["journal_line"]]}
    elif body == "ENTRY":
        body = {"ledger": targets["ledger"], "narration": "Bank charges"}
    response = assert_permission_matrix(
        method=method,
        path=API + path.format(**targets),
        tenant=tenant_alpha,
        permission=permission,
        body=body,
        expect_ok=expected,
        snapshot=lambda: _state(tenant_alpha),
    )
    if body == {"journal_lines": [targets["journal_line"]]}:
        assert response.json()["lines"][0]["matched"] is True


def test_the_statement_import_is_in_the_permission_matrix(tenant_alpha, targets):
    from tenant_apps.access.registry import permission_codes

    permission = "banking.statement.create"
    outsider = member_with_permissions(tenant=_other_tenant(tenant_alpha), permissions={permission})
    without = member_with_permissions(
        tenant=tenant_alpha, permissions=permission_codes() - {permission}, label="without"
    )
    permitted = member_with_permissions(tenant=tenant_alpha, permissions={permission}, label="with")
    before = _state(tenant_alpha)

    def post(user: Any) -> Any:
        upload = csv_file(["20/06/2026,Deposit,,,10.00,1260.00"])
        return tenant_client(tenant_alpha, user).post(
            f"{API}/statements/", {"account": targets["bank"], "file": upload}, format="multipart"
        )

    for user, status, body in (
        (None, (401, 403), NOT_AUTHENTICATED),
        (outsider, (404,), NOT_FOUND),
        (without, (403,), PERMISSION_DENIED),
    ):
        response = post(user)
        assert response.status_code in status
        assert response.json() == body
    assert _state(tenant_alpha) == before
    response = post(permitted)
    assert response.status_code == 201, response.json()
    assert response.json()["opening_balance"] == "1250.0000"
