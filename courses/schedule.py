"""Repeating sittings: "every Tuesday 9:30–12:30 for 6 weeks", without public holidays.

The one rule of which dates a repetition gives (`repeated_dates`); the admin's
session form (`courses.admin_forms`) and anything else that schedules call it.

French public holidays come from the `holidays` package (metropolitan France:
its maintainers follow the law, e.g. Whit Monday, and compute Easter), in French.
"""

import datetime
from dataclasses import dataclass, field

import holidays

# How far a repetition may run, whatever is typed (a year of weekly sittings).
MAX_WEEKS = 52


def french_public_holidays():
    """{date: French name} of metropolitan France's public holidays, for any year asked."""
    return holidays.country_holidays("FR", language="fr")


@dataclass(frozen=True)
class Repetition:
    dates: list  # the sittings' dates, in order
    skipped: list = field(default_factory=list)  # [(date, holiday's name)] left out


def repeated_dates(first_date, weekdays, weeks, *, public_holidays=None, replace_holidays=True):
    """The dates of "every <weekdays> for <weeks> weeks", from `first_date` (included).

    Each chosen weekday (0 = Monday … 6 = Sunday) gives `weeks` dates, the first on
    or after `first_date`. A public holiday is never a sitting (attendance sheets
    signed on a public holiday are what auditors reject): it is skipped and, when
    `replace_holidays` is true, replaced by one more week at the end, so that the
    session keeps its planned hours. `public_holidays`: a container of dates with
    `.get(date)` for a name (default: France's).
    """
    weekdays = sorted({int(day) for day in weekdays})
    if not weekdays or weeks < 1:
        return Repetition(dates=[])
    weeks = min(weeks, MAX_WEEKS)
    public_holidays = french_public_holidays() if public_holidays is None else public_holidays
    dates, skipped = [], []
    for weekday in weekdays:
        day = first_date + datetime.timedelta(days=(weekday - first_date.weekday()) % 7)
        counted = 0
        # Bounded: at most as many extra weeks as there are holidays met (a few a year).
        for _week in range(weeks + MAX_WEEKS):
            if counted == weeks:
                break
            if day in public_holidays:
                skipped.append((day, public_holidays.get(day) or ""))
                if not replace_holidays:
                    counted += 1
            else:
                dates.append(day)
                counted += 1
            day += datetime.timedelta(weeks=1)
    return Repetition(dates=sorted(dates), skipped=sorted(skipped))
