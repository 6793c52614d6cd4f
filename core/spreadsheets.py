"""CSV that French Excel opens cleanly, with no cell Excel would run as a formula.

UTF-8 with a byte-order mark (or Excel guesses Windows-1252), semicolons (French
Excel's list separator), dates as dd/mm/yyyy, oui/non, decimal commas, and a quote
before any text starting with = + - @ or a control character (CSV injection).
Every export of the site (admin lists, the partners' CSV) writes through here.
"""

import csv
import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def excel_text(value):
    """One cell as French Excel should show it; never a formula."""
    if isinstance(value, bool):
        return gettext("oui") if value else gettext("non")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "d/m/Y H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "d/m/Y")
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


def excel_decimal(value):
    """French Excel reads a comma as the decimal separator; whole numbers lose ',00'."""
    return f"{value:.2f}".replace(".", ",").replace(",00", "")


class _Line:
    """A file-like object whose write() returns the line: csv.writer as a formatter."""

    def write(self, value):
        return value


class FrenchCsv:
    """Formats rows one at a time, for streaming responses."""

    def __init__(self):
        self._writer = csv.writer(_Line(), delimiter=";")

    def header(self, headings):
        """The first line, with the byte-order mark, as bytes."""
        return ("\ufeff" + self.row(headings)).encode()

    def row(self, values):
        return self._writer.writerow([excel_text(value) for value in values])
