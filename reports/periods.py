"""The period a report covers, and the filters that narrow it.

A period is two dates, both included. The shortcuts offered on every report (this
month, last month, this year, last year) are computed from `today`, never from the
clock inside a query, so a report for March is the same report whenever it is run.
"""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

MAX_DAYS = 3 * 366  # a longer period is several reports: the page stays quick


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    def __str__(self):
        if self.start.day == 1 and self.end == month_end(self.start):
            return date_format(self.start, "F Y")
        whole_year = (self.start.month, self.start.day, self.end.month, self.end.day) == (
            1,
            1,
            12,
            31,
        )
        if whole_year and self.start.year == self.end.year:
            return str(self.start.year)
        return _("du %(start)s au %(end)s") % {
            "start": date_format(self.start, "d/m/Y"),
            "end": date_format(self.end, "d/m/Y"),
        }

    def months(self):
        """The first day of every month the period touches, in order."""
        month, months = self.start.replace(day=1), []
        while month <= self.end:
            months.append(month)
            month = next_month(month)
        return months


def next_month(day):
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def month_end(day):
    return next_month(day) - datetime.timedelta(days=1)


def month(today):
    return Period(today.replace(day=1), month_end(today))


def last_month(today):
    return month(today.replace(day=1) - datetime.timedelta(days=1))


def year(number):
    return Period(datetime.date(number, 1, 1), datetime.date(number, 12, 31))


def shortcuts(today):
    """(label, period) pairs for the links above every report's form."""
    return [
        (_("Ce mois-ci"), month(today)),
        (_("Le mois dernier"), last_month(today)),
        (_("Cette année"), year(today.year)),
        (_("L'année dernière"), year(today.year - 1)),
    ]


@dataclass(frozen=True)
class Filters:
    """What narrows a report; None means everything."""

    audience: str | None = None
    topic: int | None = None
    town: str | None = None
    venue: int | None = None
    partner: int | None = None
