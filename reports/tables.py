"""What a report is made of: tables of typed columns, each one a chart's source.

A report's screen, its XLSX workbook and its CSV files are all drawn from the same
`Table`s, so the figures a coordinator sees are the figures a funder gets — except
that in anything that leaves the platform a count of 1 to 4 people is written
"< 5" (`shown_outside`), so nobody can be recognised in a small group.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

TEXT, COUNT, PEOPLE, HOURS, PERCENT, DATE, MONTH = (
    "text", "count", "people", "hours", "percent", "date", "month"
)  # fmt: skip
# Who a row is about (a name): on the coordinator's screen only, never in a funder's file.
PRIVATE = "private"
SMALL_GROUP = 5


@dataclass
class Column:
    label: str
    kind: str = COUNT


@dataclass
class Chart:
    """Which columns a bar chart draws: categories from `category`, one series per value."""

    values: list  # column indexes
    category: int = 0
    horizontal: bool = False
    stacked: bool = False
    description: str = ""


@dataclass
class Table:
    slug: str
    title: str
    columns: list
    rows: list
    totals: list | None = None
    chart: Chart | None = None
    note: str = ""
    # Lines above the table in the workbook instead of the report's notes, where a
    # funder's import reads its rows from a fixed line (La Coop: data from row 4).
    workbook_notes: list | None = None


@dataclass
class Report:
    slug: str
    title: str
    intro: str
    tables: list
    notes: list = field(default_factory=list)


def percent(part, whole):
    """A rate in whole percent (halves rounded up: 1 of 8 is 13 %), None for nothing."""
    if not whole:
        return None
    return int((Decimal(100 * part) / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def shown(value, kind):
    """A cell as the coordinator's screen shows it."""
    if value is None:
        return "—"
    if not isinstance(value, (int, Decimal, datetime.date)):
        return str(value)  # a label in a totals row ("Total")
    if kind == MONTH:
        return date_format(value, "F Y").capitalize()
    if kind == DATE:
        return date_format(value, "d/m/Y")
    if kind == HOURS:
        return number_format(Decimal(value).quantize(Decimal("0.1")), use_l10n=True) + " h"
    if kind == PERCENT:
        return f"{value} %"
    if kind in (COUNT, PEOPLE):
        return number_format(value, force_grouping=True)
    return str(value)


def outside_columns(columns):
    """The indexes of the columns a file for a funder carries (not the names)."""
    return [index for index, column in enumerate(columns) if column.kind != PRIVATE]


def small_group(value, kind):
    return kind == PEOPLE and isinstance(value, int) and 0 < value < SMALL_GROUP


def row_outside(columns, values):
    """A row of a file for a funder: its cells by `shown_outside`, and its rates hidden
    when one of its counts is (a rate of a hidden count would give the count back)."""
    pairs = list(zip(columns, values, strict=True))
    hidden = any(small_group(value, column.kind) for column, value in pairs)
    return [
        _("< 5") if hidden and column.kind == PERCENT and value is not None
        else shown_outside(value, column.kind)
        for column, value in pairs
    ]  # fmt: skip


def shown_outside(value, kind):
    """A cell in a file for a funder: typed values, and "< 5" for a small group."""
    if small_group(value, kind):
        return _("< 5")
    if kind == TEXT and value is not None:
        return str(value)  # a year of birth is a label, not a quantity (no "1 980")
    if kind == MONTH and isinstance(value, datetime.date):
        return value
    if kind == HOURS and value is not None:
        return Decimal(value).quantize(Decimal("0.01"))
    return value
