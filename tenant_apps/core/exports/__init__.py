"""Report files: one table model, one Excel writer, one PDF renderer, one set of responses.

Every module turns its report's figures (computed by its selectors) into a `Report` of
`Table`s and hands it to `report_response(report, fmt=..., filename=...)`:

    report = Report(
        title="Trial balance",
        subtitle=period_text(from_date, to_date),
        tables=[
            Table(
                columns=[Column("Account"), Column("Debit", "money"), Column("Credit", "money")],
                rows=[Row(["1 Assets", d, c], style="group"), Row(["1121 Bank", d, c], depth=1)],
                totals=[["Total", debit, credit]],
            )
        ],
    )
    return report_response(report, fmt="pdf", filename=f"trial-balance-{to_date}")

- `tables`: the model (`Report`, `Table`, `Column` with a kind: text / money / quantity /
  date / percent, `Row` with a style and an indent depth, totals rows, subtitle and notes);
- `numbers`: the Indian digit grouping (`format_indian`: 1,23,45,678.90) and the text of a
  cell of each kind, used by the PDF;
- `xlsx`: the Excel cells (shared with the list exports of `core/api/export.py`) and the
  workbook of a report, one sheet per table;
- `pdf`: the HTML (`core/report.html`, company name, logo and GSTIN on top) and its PDF;
- `company`: what the files show of the company (name, GSTIN, state, currency, logo);
- `responses`: content types, attachment headers, `report_response`.

Decisions: docs/adr/0013-one-report-exporter.md.
"""
