"""File responses: content types, the attachment header, a report as xlsx or PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Literal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from rest_framework.request import Request

from tenant_apps.core.exports.company import company_header
from tenant_apps.core.exports.pdf import report_pdf
from tenant_apps.core.exports.tables import Report
from tenant_apps.core.exports.xlsx import report_xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"
CSV_TYPE = "text/csv; charset=utf-8"
CONTENT_TYPES = {"xlsx": XLSX_TYPE, "pdf": PDF_TYPE, "csv": CSV_TYPE}
ReportFormat = Literal["xlsx", "pdf"]


def dated_filename(request: Request, basename: str, ext: str, *, on: dt.date | None = None) -> str:
    """`<company>-<basename>-<YYYY-MM-DD>.<ext>`: company is the host's subdomain, the date
    today in the company's time zone unless given."""
    company = request.get_host().split(":")[0].split(".")[0] or "company"
    return f"{company}-{basename}-{(on or timezone.localdate()).isoformat()}.{ext}"


def attachment(
    content: bytes | Iterator[str], *, filename: str, content_type: str
) -> HttpResponse | StreamingHttpResponse:
    """`content` as a download named `filename` (bytes: a plain response; an iterator: a
    streamed one), never cached, never sniffed."""
    response: HttpResponse | StreamingHttpResponse
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type=content_type)
    else:
        response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def report_format_of(request: Request) -> ReportFormat:
    """`?format=` of a report file: xlsx or pdf, else a 400 on `format`."""
    from tenant_apps.core.exceptions import ApplicationError

    fmt = request.query_params.get("format", "")
    if fmt == "xlsx":
        return "xlsx"
    if fmt == "pdf":
        return "pdf"
    raise ApplicationError(
        "Choose a format: xlsx or pdf.",
        code="invalid",
        fields={"format": [f"{fmt!r} is not one of xlsx, pdf."]},
    )


def report_response(report: Report, *, fmt: ReportFormat | str, filename: str) -> HttpResponse:
    """`report` as `<filename>.xlsx` or `<filename>.pdf` (`fmt` validated by the caller)."""
    if fmt == "xlsx":
        content = report_xlsx(report, company=company_header(logo=False))
    elif fmt == "pdf":
        content = report_pdf(report, company=company_header())
    else:
        raise ValueError(f"Unknown report format {fmt!r}")
    response = attachment(content, filename=f"{filename}.{fmt}", content_type=CONTENT_TYPES[fmt])
    assert isinstance(response, HttpResponse)
    return response
