"""XLSX workbooks for funders: real numbers and dates, and never a formula.

A CSV (core.spreadsheets) leaves Excel to guess what each cell is; a workbook says it, so
funders can total, sort and filter what we send: numbers are numbers, dates are dates
shown dd/mm/yyyy (instants in Paris time), yes/no reads oui/non, and every string is
stored as text, so "=1+1" typed in a form stays "=1+1" (openpyxl would make it a formula).
Each sheet: notes on top (the period, the filters, the small-numbers rule), then the
table with a bold header, filters, frozen panes, fitted columns, and a bold totals row.
Pass codes (postcodes, SIRET) as strings: numbers are shown with thousands separators.
"""

import datetime
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CREATOR = "Numixs Formations"
WHOLE_FORMAT = "#,##0"  # French Excel shows 1 234
DECIMAL_FORMAT = "#,##0.00"  # and 1 234,50
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
MAX_TITLE = 31  # Excel's limit for a sheet's name
TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
MAX_TEXT = 32_767  # Excel's limit for a cell
MIN_WIDTH, MAX_WIDTH = 8, 60
BOLD = Font(bold=True)


@dataclass(frozen=True)
class Sheet:
    """One worksheet: notes above a table of rows under headers, maybe a totals row."""

    title: str
    headers: Sequence
    rows: Iterable[Sequence]
    totals: Sequence | None = None
    notes: Sequence[str] = ()


def workbook_bytes(sheets, *, title, subject=""):
    """The .xlsx file of `sheets`, one worksheet each, as bytes."""
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = str(title)
    workbook.properties.subject = str(subject)
    workbook.properties.creator = CREATOR
    titles = sheet_titles([sheet.title for sheet in sheets])
    for sheet, sheet_title in zip(sheets, titles, strict=True):
        _write_sheet(workbook.create_sheet(sheet_title), sheet)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_response(filename, sheets, *, title, subject=""):
    """A download of the workbook; not kept by caches (funders' figures can name people)."""
    if not filename.lower().endswith(".xlsx"):
        filename += ".xlsx"
    response = HttpResponse(
        workbook_bytes(sheets, title=title, subject=subject), content_type=CONTENT_TYPE
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response


def sheet_titles(titles):
    """Names Excel accepts: no []:*?/\\, at most 31 characters, unique ignoring case."""
    taken = {"history"}  # reserved by Excel
    names = []
    for title in titles:
        base = " ".join(TITLE_FORBIDDEN.sub(" ", str(title)).split()).strip("'")
        base = base[:MAX_TITLE].strip() or gettext("Feuille")
        name, number = base, 1
        while name.casefold() in taken:
            number += 1
            suffix = f" ({number})"
            name = base[: MAX_TITLE - len(suffix)].rstrip() + suffix
        taken.add(name.casefold())
        names.append(name)
    return names


def _write_sheet(worksheet, sheet):
    notes = [str(note) for note in sheet.notes]
    for row, note in enumerate(notes, start=1):
        _write(worksheet.cell(row=row, column=1), note)
    header_row = len(notes) + 2 if notes else 1  # a blank line between the notes and the table
    rows = [list(row) for row in sheet.rows]
    table = [list(sheet.headers), *rows]
    for offset, values in enumerate(table):
        for column, value in enumerate(values, start=1):
            _write(worksheet.cell(row=header_row + offset, column=column), value)
    for cell in worksheet[header_row]:
        cell.font = BOLD
    last_row = header_row + len(rows)
    if sheet.totals is not None:
        for column, value in enumerate(sheet.totals, start=1):
            cell = worksheet.cell(row=last_row + 1, column=column)
            _write(cell, value)
            cell.font = BOLD
        table.append(list(sheet.totals))
    columns = max(len(values) for values in table) or 1
    last_column = get_column_letter(columns)
    worksheet.auto_filter.ref = f"A{header_row}:{last_column}{last_row}"
    worksheet.freeze_panes = worksheet.cell(row=header_row + 1, column=2 if columns > 1 else 1)
    _fit_columns(worksheet, table, columns)


def _write(cell, value):
    """One value as a typed cell: a number, a date, oui/non, or text (never a formula)."""
    if value is None:
        return
    if isinstance(value, bool):
        _write_text(cell, gettext("oui") if value else gettext("non"))
    elif isinstance(value, int | float | Decimal):
        cell.value = float(value) if isinstance(value, Decimal) else value
        cell.number_format = WHOLE_FORMAT if isinstance(value, int) else DECIMAL_FORMAT
    elif isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(timezone.localtime(value))
        cell.value = value
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        _write_text(cell, str(value))


def _write_text(cell, text):
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)[:MAX_TEXT]
    cell.data_type = "s"  # openpyxl makes "=..." a formula: this keeps it text


def _shown_width(value):
    """About how many characters Excel shows for a value."""
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return len("00/00/0000 00:00")
    if isinstance(value, datetime.date):
        return len("00/00/0000")
    if isinstance(value, int) and not isinstance(value, bool):
        return len(f"{value:,}")
    if isinstance(value, float | Decimal):
        return len(f"{value:,.2f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def _fit_columns(worksheet, table, columns):
    """Each column as wide as its widest value (the notes may overflow), within limits."""
    for column in range(columns):
        widest = max(
            (_shown_width(values[column]) for values in table if column < len(values)), default=0
        )
        width = min(max(widest + 2, MIN_WIDTH), MAX_WIDTH)
        worksheet.column_dimensions[get_column_letter(column + 1)].width = width
