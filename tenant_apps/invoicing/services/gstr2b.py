"""GSTR-2B reconciliation, the writes (ADR 0065): import a month's file (replacing an earlier
import of that month, keeping the links made by hand), link the rows to documents by number,
link or unlink one row by hand, delete an import.

Every write takes the tenant's GSTR-2B lock first (a transaction-level advisory lock keyed on
the schema), so two imports, or an import and a hand link, never race for one document; the
unique link (one row per document) stays the database's rule underneath."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from tenant_apps.audit.services import audit_record
from tenant_apps.core.exceptions import ApplicationError, ConflictError
from tenant_apps.core.models import CompanySettings
from tenant_apps.core.services import schema_lock
from tenant_apps.invoicing.gstr2b import (
    BOOK_KIND,
    BOOKED,
    free_documents,
    number_key,
    parse,
)
from tenant_apps.invoicing.models import Document, DocumentKind, Gstr2bLine, Gstr2bReturn


def _lock() -> None:
    schema_lock("gstr2b")


def _match(statement: Gstr2bReturn) -> int:
    """Link the return's unlinked rows to the free documents with the same supplier GSTIN,
    kind and number; a number two documents share goes to the one dated nearest. Returns how
    many it linked."""
    lines = list(statement.lines.filter(document__isnull=True))
    if not lines:
        return 0
    index: dict[tuple[str, str, str], list[Document]] = {}
    for document in free_documents({line.supplier_gstin for line in lines}).only(
        "id", "kind", "party_gstin", "reference", "date"
    ):
        key = (document.party_gstin, document.kind, number_key(document.reference))
        index.setdefault(key, []).append(document)
    linked = []
    for line in lines:
        options = index.get((line.supplier_gstin, BOOK_KIND[line.doc_type], line.number_key))
        if not options:
            continue
        best = min(options, key=lambda d: (abs((d.date - line.date).days), d.pk))
        options.remove(best)
        line.document = best
        linked.append(line)
    Gstr2bLine.objects.bulk_update(linked, ["document"])
    return len(linked)


def gstr2b_import(*, user: Any, content: bytes, file_name: str) -> Gstr2bReturn:
    """Read the portal's GSTR-2B file into the month's rows and link them by number. The
    file must be the company's (its GSTIN). A month imported again is replaced: its rows are
    read anew; the links made by hand carry over to the same rows (supplier, kind, number)."""
    parsed = parse(content)
    company_gstin = CompanySettings.objects.get(singleton=True).gstin
    if not company_gstin:
        raise ApplicationError(
            "Set the company's GSTIN in the settings before importing its GSTR-2B.",
            code="no_gstin",
        )
    if parsed.gstin != company_gstin:
        message = f"This GSTR-2B is for {parsed.gstin}; the company's GSTIN is {company_gstin}."
        raise ApplicationError(message, code="wrong_gstin", fields={"file": [message]})
    with transaction.atomic():
        _lock()
        statement, created = Gstr2bReturn.objects.get_or_create(
            period=parsed.period,
            defaults={"gstin": parsed.gstin, "created_by": user, "updated_by": user},
        )
        kept: dict[tuple[str, str, str], int | None] = {}
        if not created:
            kept = {
                (line.supplier_gstin, line.doc_type, line.number_key): line.document_id
                for line in statement.lines.filter(linked_by_hand=True, document__isnull=False)
            }
            statement.lines.all().delete()
        statement.gstin = parsed.gstin
        statement.generated_on = parsed.generated_on
        statement.file_name = file_name[:200]
        statement.skipped = parsed.skipped
        statement.updated_by = user
        statement.save(
            update_fields=[
                "gstin",
                "generated_on",
                "file_name",
                "skipped",
                "updated_by",
                "updated_at",
            ]
        )
        lines = []
        for row in parsed.rows:
            key = number_key(row.number)
            document_id = kept.pop((row.supplier_gstin, row.doc_type, key), None)
            lines.append(
                Gstr2bLine(
                    statement=statement,
                    number_key=key,
                    document_id=document_id,
                    linked_by_hand=document_id is not None,
                    created_by=user,
                    updated_by=user,
                    **row.__dict__,
                )
            )
        Gstr2bLine.objects.bulk_create(lines, batch_size=1000)
        linked = _match(statement)
        audit_record(
            action="invoicing.gstr2b.import",
            actor=user,
            target_type="invoicing.gstr2b",
            target_id=statement.pk,
            data={
                "period": statement.period.strftime("%Y-%m"),
                "rows": len(lines),
                "linked_by_number": linked,
                "replaced": not created,
            },
        )
    return statement


def gstr2b_link(*, user: Any, line: Gstr2bLine, document: Document | None) -> Gstr2bLine:
    """Link a row to a posted purchase document of the same supplier (GSTIN) and kind, or
    unlink it (`document` None). A document already linked to another row is refused
    (`already_linked`, 409): unlink that one first."""
    with transaction.atomic():
        _lock()
        line = Gstr2bLine.objects.select_for_update().get(pk=line.pk)
        if document is not None:
            _check_link(line, document)
        previous = line.document_id
        line.document = document
        line.linked_by_hand = document is not None
        line.updated_by = user
        line.updated_at = timezone.now()
        try:
            with transaction.atomic():
                line.save(update_fields=["document", "linked_by_hand", "updated_by", "updated_at"])
        except IntegrityError as exc:  # the unique link; the lock makes this a last resort
            raise _taken(document) from exc
        audit_record(
            action="invoicing.gstr2b.link" if document else "invoicing.gstr2b.unlink",
            actor=user,
            target_type="invoicing.gstr2b_line",
            target_id=line.pk,
            data={"document": document.pk if document else None, "previous": previous},
        )
    return line


def _taken(document: Any) -> ConflictError:
    other = Gstr2bLine.objects.filter(document=document).select_related("statement").first()
    where = f" ({other.number}, GSTR-2B {other.statement.period:%m-%Y})" if other else ""
    message = f"{document} is already linked to another GSTR-2B row{where}; unlink it first."
    return ConflictError(message, code="already_linked", fields={"document": [message]})


def _check_link(line: Gstr2bLine, document: Document) -> None:
    def refuse(message: str) -> None:
        raise ApplicationError(message, code="invalid", fields={"document": [message]})

    expected = BOOK_KIND[line.doc_type]
    if document.kind != expected:
        refuse(
            f"A supplier's {line.get_doc_type_display().lower()} is booked as a "
            f"{DocumentKind(expected).label.lower()}; {document} is a "
            f"{document.get_kind_display().lower()}."
        )
    if document.status not in BOOKED or document.is_opening:
        refuse(f"{document} is not a posted document.")
    if document.party_gstin != line.supplier_gstin:
        refuse(
            f"{document} is from GSTIN {document.party_gstin or '(none)'}; the row is from "
            f"{line.supplier_gstin}."
        )
    if Gstr2bLine.objects.filter(document=document).exclude(pk=line.pk).exists():
        raise _taken(document)


def gstr2b_delete(*, user: Any, statement: Gstr2bReturn) -> None:
    with transaction.atomic():
        _lock()
        period = statement.period
        statement.lines.all().delete()
        statement.delete()
        audit_record(
            action="invoicing.gstr2b.delete",
            actor=user,
            target_type="invoicing.gstr2b",
            target_id=period.strftime("%Y-%m"),
        )
