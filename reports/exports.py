"""A report as files for funders: one XLSX workbook (a sheet per table) or one CSV per table.

Both are drawn from the report's tables, cell by cell through `shown_outside`: typed
numbers and dates, and "< 5" for a group of fewer than five people.
"""

from decimal import Decimal

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from core.spreadsheets import FrenchCsv, excel_decimal
from core.workbooks import Sheet, xlsx_response
from reports.tables import SMALL_GROUP, outside_columns, row_outside

SMALL_GROUP_NOTE = _("Les effectifs de moins de %(n)d personnes sont notés « < %(n)d ».")


def _cells(columns, values):
    cells = row_outside(columns, values)
    return [cells[i] for i in outside_columns(columns)]


def _headers(columns):
    return [str(columns[i].label) for i in outside_columns(columns)]


def _csv_cells(columns, values):
    """As in the workbook, with French Excel's decimal comma (a CSV cell has no type)."""
    cells = _cells(columns, values)
    return [excel_decimal(c) if isinstance(c, Decimal) else c for c in cells]


def _filename(report, period, extension, table=None):
    part = f"-{table.slug}" if table else ""
    return f"numixs-{report.slug}{part}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{extension}"


def notes_of(report, described):
    return [
        f"Numixs Formations — {report.title}",
        *described,
        SMALL_GROUP_NOTE % {"n": SMALL_GROUP},
        *report.notes,
    ]


def workbook(report, period, described):
    notes = notes_of(report, described)
    sheets = [
        Sheet(
            title=table.title,
            headers=_headers(table.columns),
            rows=[_cells(table.columns, row) for row in table.rows],
            totals=_cells(table.columns, table.totals) if table.totals else None,
            notes=table.workbook_notes
            if table.workbook_notes is not None
            else [*notes, *([table.note] if table.note else [])],
        )
        for table in report.tables
    ]
    return xlsx_response(
        _filename(report, period, "xlsx"), sheets, title=report.title, subject=str(period)
    )


def csv_file(report, table, period):
    csv = FrenchCsv()
    lines = [csv.header(_headers(table.columns))]
    rows = [*table.rows, *([table.totals] if table.totals else [])]
    lines += [csv.row(_csv_cells(table.columns, row)).encode() for row in rows]
    response = HttpResponse(b"".join(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        True, _filename(report, period, "csv", table)
    )
    response["Cache-Control"] = "no-store"
    return response
