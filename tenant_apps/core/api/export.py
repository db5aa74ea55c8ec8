"""Spreadsheet export of a list API's current filter: `.xlsx` (openpyxl) or `.csv`.

Every list that people want in Excel offers the same filters on an export endpoint, so "export"
always means "what I am looking at now", whole (not one page). Two ways to offer it:

1. An `/export/` endpoint next to the list (the audit log and the members list do this)::

       class MemberExportApi(ExportApiView):
           required_permission = "access.member.export"
           filterset_class = MemberFilter              # the list's own filters...
           search_fields = [...]                       # ...search...
           ordering_fields = [...]                     # ...and ordering, unchanged
           export_basename = "members"
           export_columns = [
               Column("E-mail", "email"),              # an attribute path...
               Column("Roles", lambda m: ", ".join(r["name"] for r in m.role_list)),
               Column("Joined", "joined_at"),          # datetimes in the company's time zone
           ]

           def get_queryset(self): return selectors.member_list(...)

   `GET .../export/?format=xlsx` (default) or `?format=csv`, plus any list parameter
   (`?status=active&ordering=-joined_at`). Schema: `@export_schema("members_export")`.

2. `?format=xlsx|csv` on the list URL itself: in the list view's `list()`, when
   `export_format_of(request)` is not None, return
   `export_response(request=request, queryset=self.filter_queryset(self.get_queryset()),
   columns=..., basename=...)` instead of the page. Set
   `content_negotiation_class = ExportContentNegotiation` on the view: DRF otherwise reads
   `?format=` as a renderer name and answers 404 for `xlsx`.

What it guarantees:

- permissions: the view's `required_permission` (use the module's `<resource>.export` code);
- the file is named `<company>-<basename>-<YYYY-MM-DD>.<ext>` (company = the host's subdomain);
- CSV is streamed (UTF-8 with BOM so Excel reads ₹ and Hindi names), built in the request's
  tenant even though the body is produced after the view returned;
- XLSX is built in memory with openpyxl's write-only mode (constant memory per row): a header
  row in bold, frozen; the cells are those of the report exporter (`core/exports/xlsx.py`):
  numbers as numbers (Decimal stays exact up to Excel's 15 digits), `Column(..., kind="money")`
  in the Indian grouping, dates as dates (dd-mm-yyyy) in the company's time zone;
- cells a spreadsheet would run as a formula (`=`, `+`, `-`, `@`...) are written as text;
- more than `EXPORT_MAX_ROWS` rows is a 400 `export_too_large` (narrow the filter): one
  `count()` query before the file is built.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from typing import Any, Literal

from django.db.models import Model, QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django_tenants.utils import schema_context
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from rest_framework import generics
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.request import Request

from erp_platform.tenancy import connection
from tenant_apps.core.api.permissions import TenantPermission
from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.core.exports.numbers import cell_text
from tenant_apps.core.exports.responses import CSV_TYPE, XLSX_TYPE, attachment, dated_filename
from tenant_apps.core.exports.tables import Kind
from tenant_apps.core.exports.xlsx import BOLD, FORMULA_START, column_width, sheet_title, xlsx_cell

ExportFormat = Literal["xlsx", "csv"]
FORMATS: tuple[ExportFormat, ...] = ("xlsx", "csv")
EXPORT_MAX_ROWS = 100_000
CHUNK = 2000
WIDTH_SAMPLE = 500  # rows read ahead to fit the xlsx column widths


@dataclass(frozen=True)
class Column:
    """One column: its header and how to read it from a row (an attribute path such as
    `"user.email"`, or a callable taking the row)."""

    header: str
    value: str | Callable[[Any], Any]
    width: int | None = None  # xlsx width in characters; None: fitted to header and values
    # how xlsx shows it (core/exports: money in the Indian grouping...); None: by its type
    kind: Kind | None = None

    def read(self, row: Any) -> Any:
        if callable(self.value):
            return self.value(row)
        current = row
        for part in self.value.split("."):
            current = current.get(part) if isinstance(current, dict) else getattr(current, part)
            if current is None:
                return None
        return current


class ExportContentNegotiation(DefaultContentNegotiation):
    """Leaves `?format=` to the export (DRF would read it as a renderer name): JSON for errors."""

    def select_renderer(self, request: Any, renderers: Any, format_suffix: Any = None) -> Any:
        renderer = renderers[0]
        return renderer, renderer.media_type


def export_format_of(
    request: Request, *, default: ExportFormat | None = None
) -> ExportFormat | None:
    """`?format=` of the request: "xlsx", "csv", `default` when absent; 400 for anything else."""
    value = request.query_params.get("format", "")
    if not value:
        return default
    if value not in FORMATS:
        raise ApplicationError(
            "Choose a file format: xlsx or csv.",
            code="invalid",
            fields={"format": [f'"{value}" is not a valid choice: xlsx or csv.']},
        )
    return value  # type: ignore[return-value]


def export_filename(request: Request, basename: str, fmt: ExportFormat) -> str:
    return dated_filename(request, basename, fmt)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, (dt.date, Decimal)):
        return str(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value)
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


class _Echo:
    """csv.writer target that hands each row back instead of buffering it."""

    def write(self, value: str) -> str:
        return value


def _rows(queryset: QuerySet[Any] | Iterable[Any]) -> Iterator[Any]:
    if isinstance(queryset, QuerySet):
        # A queryset with prefetches needs a chunk size; plain ones stream from a cursor.
        return queryset.iterator(chunk_size=CHUNK)
    return iter(queryset)


def csv_stream(
    queryset: QuerySet[Any] | Iterable[Any], columns: Sequence[Column], schema_name: str
) -> Iterator[str]:
    writer = csv.writer(_Echo())
    # The body is produced after the view has returned: read from the request's tenant
    # whatever the connection was switched to in between.
    with schema_context(schema_name):
        yield "\ufeff" + writer.writerow([c.header for c in columns])
        for row in _rows(queryset):
            yield writer.writerow([_text(c.read(row)) for c in columns])


def xlsx_bytes(
    queryset: QuerySet[Any] | Iterable[Any], columns: Sequence[Column], *, title: str
) -> bytes:
    """Write-only (constant memory per row); the cells are the report exporter's."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(title or "Export"))
    sheet.freeze_panes = "A2"
    # A write-only sheet takes its column widths before the first row: they are fitted to the
    # header and the first WIDTH_SAMPLE rows (read ahead, then written), the rest streams.
    rows = _rows(queryset)
    head = [[column.read(row) for column in columns] for row in islice(rows, WIDTH_SAMPLE)]
    for index, column in enumerate(columns):
        texts = (cell_text(values[index], column.kind or "text") for values in head)
        width = column_width(column.header, texts, column.width)
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.append([xlsx_cell(sheet, column.header, font=BOLD) for column in columns])
    for values in head:
        pairs = zip(values, columns, strict=True)
        sheet.append([xlsx_cell(sheet, value, column.kind) for value, column in pairs])
    for row in rows:
        sheet.append([xlsx_cell(sheet, column.read(row), column.kind) for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(
    *,
    request: Request,
    queryset: QuerySet[Any],
    columns: Sequence[Column],
    basename: str,
    fmt: ExportFormat,
) -> HttpResponse | StreamingHttpResponse:
    """The file of `queryset` (already filtered and ordered) as an attachment."""
    if queryset.count() > EXPORT_MAX_ROWS:
        raise ApplicationError(
            f"More than {EXPORT_MAX_ROWS:,} rows match: narrow the filter to export them.",
            code="export_too_large",
        )
    filename = export_filename(request, basename, fmt)
    if fmt == "csv":
        return attachment(
            csv_stream(queryset, columns, connection.schema_name),
            filename=filename,
            content_type=CSV_TYPE,
        )
    return attachment(
        xlsx_bytes(queryset, columns, title=basename.replace("-", " ").capitalize()),
        filename=filename,
        content_type=XLSX_TYPE,
    )


def export_schema(operation_id: str) -> Callable[[Any], Any]:
    """The OpenAPI description of an export endpoint's GET (filters included)."""
    return extend_schema(
        operation_id=operation_id,
        filters=True,
        parameters=[
            OpenApiParameter(
                "format", str, enum=list(FORMATS), description="File format (default xlsx)."
            )
        ],
        responses={
            (200, XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="Excel file"),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV file"),
        },
    )


class ExportApiView(generics.GenericAPIView[Model]):
    """Base of `/export/` endpoints: the list's filters, search and ordering, every row."""

    permission_classes = [TenantPermission]
    content_negotiation_class = ExportContentNegotiation
    pagination_class = None
    export_basename = "export"
    export_columns: Sequence[Column] = ()
    default_format: ExportFormat = "xlsx"

    def get(
        self, request: Request, *args: Any, **kwargs: Any
    ) -> HttpResponse | StreamingHttpResponse:
        fmt = export_format_of(request, default=self.default_format)
        assert fmt is not None
        return export_response(
            request=request,
            queryset=self.filter_queryset(self.get_queryset()),
            columns=self.export_columns,
            basename=self.export_basename,
            fmt=fmt,
        )
