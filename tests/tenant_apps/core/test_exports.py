"""The report exporter (core/exports): Indian digit grouping, the Excel workbook read back with
openpyxl (values, number formats, title block, frozen header, bold totals), the PDF and its HTML.

No database: the company header is handed in, as `report_response` does after reading it."""

from __future__ import annotations

import datetime as dt
import io
import re
import zlib
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from tenant_apps.core.exports.numbers import (
    cell_text,
    format_date,
    format_indian,
    format_quantity,
    period_text,
)
from tenant_apps.core.exports.pdf import report_html, report_pdf
from tenant_apps.core.exports.tables import Column, Report, Row, Table
from tenant_apps.core.exports.xlsx import (
    DATE_FORMAT,
    MONEY_FORMAT,
    money_format,
    report_xlsx,
    sheet_title,
)

COMPANY = {
    "name": "Acme Kitchens Pvt Ltd",
    "gstin": "27AAPFU0939F1ZV",
    "state": "Maharashtra (27)",
    "currency": "₹",
    "logo": "",
}


# ---------------------------------------------------------------------------------------------
# Indian digit grouping
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (D("12345678.90"), "1,23,45,678.90"),
        (D("-12345678.90"), "-1,23,45,678.90"),
        (D("100000"), "1,00,000.00"),
        (D("99999.99"), "99,999.99"),
        (D("-999.5"), "-999.50"),
        (D("0"), "0.00"),
        (D("1234567890.12"), "1,23,45,67,890.12"),
        (D("0.005"), "0.01"),  # half up, not half even
        (D("-0.004"), "0.00"),  # never "-0.00"
        (D("1180.0000"), "1,180.00"),  # four stored decimals shown as two
        (12345, "12,345.00"),
    ],
)
def test_amounts_are_grouped_in_lakhs_and_crores(amount, text):
    assert format_indian(amount) == text


def test_places_quantities_dates_and_periods():
    assert format_indian(D("12345678.9"), places=0) == "1,23,45,679"
    assert format_quantity(D("2.000000")) == "2"
    assert format_quantity(D("1250.500000")) == "1,250.5"
    assert format_quantity(D("-150000")) == "-1,50,000"
    assert format_date(dt.date(2026, 4, 1)) == "01-04-2026"
    assert period_text(dt.date(2026, 4, 1), dt.date(2027, 3, 31)) == "01-04-2026 to 31-03-2027"


def test_the_text_of_a_cell_follows_its_column_kind():
    assert cell_text(D("-123456.785"), "money") == "-1,23,456.79"
    assert cell_text("Total", "money") == "Total"  # a label in a totals row stays a label
    assert cell_text(None, "money") == ""
    assert cell_text(D("18.00"), "percent") == "18.00"
    assert cell_text(D("6.000000"), "quantity") == "6"
    assert cell_text(dt.date(2026, 6, 30), "date") == "30-06-2026"
    assert cell_text("INV/26-27/00001", "text") == "INV/26-27/00001"


@pytest.mark.parametrize(
    ("amount", "number_format"),
    [
        (D("0"), MONEY_FORMAT),
        (D("123456.78"), MONEY_FORMAT),
        (D("12345678.90"), MONEY_FORMAT),
        (D("-999.50"), "#,##0.00"),
        (D("-123456.78"), r"#\,##\,##0.00"),
        (D("-1234567"), r"#\,##\,##0.00"),
        (D("-12345678.90"), r"#\,##\,##\,##0.00"),
        (D("-99999.995"), r"#\,##\,##0.00"),  # shown rounded: -1,00,000.00
        (D("1234567890.12"), r"#\,##\,##\,##\,##0.00"),
    ],
)
def test_excel_money_formats_group_by_lakh_and_keep_the_minus_sign(amount, number_format):
    assert money_format(amount) == number_format


def test_sheet_titles_are_valid_and_unique():
    assert sheet_title("Ledger: 1121 Bank/Cash [main]") == "Ledger 1121 Bank Cash main"
    assert sheet_title("x" * 40) == "x" * 31
    assert sheet_title("b2b", taken=["B2B"]) == "b2b (2)"
    assert sheet_title("::") == "Sheet"


def test_a_row_must_have_one_cell_per_column():
    with pytest.raises(ValueError, match="2 cells in a table of 3 columns"):
        Table(columns=[Column("A"), Column("B"), Column("C")], rows=[["a", "b"]])
    with pytest.raises(ValueError, match="Unknown column kind"):
        Column("A", "currency")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# One report, two files
# ---------------------------------------------------------------------------------------------
def _report() -> Report:
    ledger = Table(
        heading="Balances",
        columns=[
            Column("Account"),
            Column("Date", "date"),
            Column("Quantity", "quantity"),
            Column("Rate %", "percent"),
            Column("Debit", "money"),
            Column("Credit", "money"),
        ],
        rows=[
            Row(["1 Assets", None, None, None, D("12345678.90"), None], style="group"),
            Row(
                ["1121 Bank", dt.date(2026, 6, 30), D("2.500000"), D("18"), D("12345678.90"), None],
                depth=1,
            ),
            Row(['=HYPERLINK("x")', None, None, None, None, D("-100000")], depth=1),
        ],
        totals=[
            ["Total", None, None, None, D("12345678.90"), D("-100000")],
            ["Difference", None, None, None, D("12445678.90"), None],
        ],
    )
    empty = Table(sheet="Empty: none", heading="Nothing here", columns=[Column("Name")])
    return Report(
        title="Trial balance",
        subtitle="01-04-2026 to 30-06-2026",
        tables=[ledger, empty],
        notes=["Worked example."],
    )


def test_the_workbook_reads_back_with_numbers_formats_and_bold_totals():
    book = load_workbook(io.BytesIO(report_xlsx(_report(), company=COMPANY)))

    assert book.sheetnames == ["Balances", "Empty none"]
    sheet = book["Balances"]
    # title block, then the bold header row, frozen under it
    assert sheet["A1"].value == "Trial balance · Balances"
    assert sheet["A2"].value == "Acme Kitchens Pvt Ltd · GSTIN 27AAPFU0939F1ZV"
    assert sheet["A3"].value == "01-04-2026 to 30-06-2026 · Amounts in ₹"
    assert [c.value for c in sheet[5]] == [
        "Account",
        "Date",
        "Quantity",
        "Rate %",
        "Debit",
        "Credit",
    ]
    assert all(c.font.b for c in sheet[5])
    assert sheet.freeze_panes == "A6"
    # the group row: bold, amounts as numbers in the Indian format
    assert sheet["A6"].value == "1 Assets" and sheet["A6"].font.b
    assert sheet["E6"].value == 12345678.9
    assert sheet["E6"].number_format == MONEY_FORMAT
    # a body row: indented, a real date, the quantity and the rate as numbers
    assert sheet["A7"].alignment.indent == 1 and not sheet["A7"].font.b
    assert sheet["B7"].value == dt.datetime(2026, 6, 30)
    assert sheet["B7"].is_date and sheet["B7"].number_format == DATE_FORMAT
    assert (sheet["C7"].value, sheet["C7"].number_format) == (2.5, "General")
    assert (sheet["D7"].value, sheet["D7"].number_format) == (18, "0.00")
    # text that a spreadsheet would run is a string cell; a negative lakh keeps its sign
    assert sheet["A8"].value == '=HYPERLINK("x")' and sheet["A8"].data_type == "s"
    assert sheet["F8"].value == -100000
    assert sheet["F8"].number_format == r"#\,##\,##0.00"
    assert sheet["B8"].value is None
    # totals: bold, the first one ruled off above
    assert [c.value for c in sheet[9]] == ["Total", None, None, None, 12345678.9, -100000]
    assert all(c.font.b for c in sheet[9]) and all(c.font.b for c in sheet[10])
    assert sheet["E9"].border.top.style == "thin"
    assert sheet["E10"].border.top.style is None
    assert sheet["E9"].number_format == MONEY_FORMAT
    assert sheet["A12"].value == "Worked example."
    # widths fit the longest text of a column
    assert sheet.column_dimensions["E"].width == len("1,23,45,678.90") + 2
    # an empty table is a sheet with its header and nothing else
    assert [c.value for c in book["Empty none"][5]] == ["Name"]
    assert book["Empty none"].max_row == 7  # title block, header, blank, the report's note


def _pdf_strings(pdf: bytes) -> bytes:
    out = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(out)


def _cells(html: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", c).strip()
        for c in re.findall(r"<t[dh](?:\s[^>]*)?>(.*?)</t[dh]>", html, re.S)
    ]


def test_the_html_has_the_company_header_indian_figures_and_totals():
    html = report_html(_report(), company=COMPANY)

    assert "Acme Kitchens Pvt Ltd" in html and "GSTIN 27AAPFU0939F1ZV" in html
    assert "<h1>Trial balance</h1>" in html
    assert "01-04-2026 to 30-06-2026 · amounts in ₹" in html
    cells = _cells(html)
    assert cells[:6] == ["Account", "Date", "Quantity", "Rate %", "Debit", "Credit"]
    assert cells[6:12] == ["1 Assets", "", "", "", "1,23,45,678.90", ""]
    assert cells[12:18] == ["1121 Bank", "30-06-2026", "2.5", "18.00", "1,23,45,678.90", ""]
    assert cells[18:24] == ["=HYPERLINK(&quot;x&quot;)", "", "", "", "", "-1,00,000.00"]
    assert cells[24:30] == ["Total", "", "", "", "1,23,45,678.90", "-1,00,000.00"]
    assert html.count('<tr class="total">') == 2 and html.count('<tr class="group">') == 1
    assert 'style="padding-left: 6mm"' in html  # depth 1
    assert "<h2>Nothing here</h2>" in html and "Nothing in this table." in html
    assert "Worked example." in html


def test_the_pdf_renders_with_the_report_as_its_title():
    pdf = report_pdf(_report(), company=COMPANY)

    assert pdf.startswith(b"%PDF-")
    assert b"Trial balance" in _pdf_strings(pdf)  # the document title (metadata)


def test_a_wide_report_is_landscape_and_dense():
    wide = Report(title="Wide", tables=[Table(columns=[Column(str(i)) for i in range(10)])])
    narrow = Report(title="Narrow", tables=[Table(columns=[Column("A")])])

    assert wide.is_landscape and not narrow.is_landscape
    assert "size: A4 landscape" in report_html(wide, company=COMPANY)
    assert "size: A4;" in report_html(narrow, company=COMPANY)


def _laid_out_text(html: str) -> list[tuple[float, float, list[str]]]:
    """Per page: width, height and the text WeasyPrint laid out (pypdf and pdfminer are not in
    the lock; the layout is what the PDF is drawn from). `_page_box` is WeasyPrint's own tree."""
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    document = HTML(string=html).render()
    return [
        (
            page.width,
            page.height,
            [b.text for b in page._page_box.descendants() if isinstance(b, boxes.TextBox)],
        )
        for page in document.pages
    ]


def test_the_laid_out_pages_carry_the_figures_the_footer_and_repeat_the_header():
    rows = [Row([f"Account {n}", None, None, None, D("150000.5") * n, None]) for n in range(1, 80)]
    report = _report()
    report.tables[0].rows = [*report.tables[0].rows, *rows]

    pages = _laid_out_text(report_html(report, company=COMPANY))

    assert len(pages) >= 2
    width, height, first = pages[0]
    assert width < height  # six columns: portrait
    assert "Acme Kitchens Pvt Ltd" in first and "1,23,45,678.90" in first
    assert "-1,00,000.00" in first
    every = [text for _, _, texts in pages for text in texts]
    assert "1,18,50,039.50" in every  # 79 x 1,50,000.50
    with_rows = [texts for _, _, texts in pages if any(t.startswith("Account ") for t in texts)]
    assert len(with_rows) >= 2
    for texts in with_rows:
        assert "Debit" in texts  # the header row repeats on every page of the table
    for number, (_, _, texts) in enumerate(pages, start=1):
        assert f"page {number} of {len(pages)}" in texts


def test_the_company_logo_is_inlined_above_the_name():
    import base64

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(buffer, format="PNG")
    logo = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()

    html = report_html(_report(), company={**COMPANY, "logo": logo})

    assert f'<img class="logo" src="{logo}" alt="">' in html
    assert html.index('class="logo"') < html.index("Acme Kitchens Pvt Ltd</div>")
    assert report_pdf(_report(), company={**COMPANY, "logo": logo}).startswith(b"%PDF-")
    assert 'class="logo"' not in report_html(_report(), company=COMPANY)
