"""Repeating sittings (courses.schedule.repeated_dates): weekly dates, public holidays left out."""

import datetime

from courses.schedule import french_public_holidays, repeated_dates

D = datetime.date
MONDAY, TUESDAY, THURSDAY = 0, 1, 3


def test_every_tuesday_for_six_weeks():
    repetition = repeated_dates(D(2027, 1, 5), [TUESDAY], 6)
    assert repetition.dates == [D(2027, 1, 5) + datetime.timedelta(weeks=w) for w in range(6)]
    assert repetition.skipped == []


def test_the_first_date_need_not_be_the_weekday():
    # Wednesday 6 January: the first Tuesday on or after it is the 12th.
    assert repeated_dates(D(2027, 1, 6), [TUESDAY], 2).dates == [D(2027, 1, 12), D(2027, 1, 19)]


def test_easter_monday_is_replaced_by_one_more_week():
    repetition = repeated_dates(D(2027, 3, 15), [MONDAY], 4)
    assert D(2027, 3, 29) not in repetition.dates  # Easter Monday 2027
    assert repetition.dates == [D(2027, 3, 15), D(2027, 3, 22), D(2027, 4, 5), D(2027, 4, 12)]
    assert repetition.skipped == [(D(2027, 3, 29), "Lundi de Pâques")]


def test_armistice_day_left_out_without_replacement():
    repetition = repeated_dates(D(2027, 11, 4), [THURSDAY], 3, replace_holidays=False)
    assert repetition.dates == [D(2027, 11, 4), D(2027, 11, 18)]
    assert repetition.skipped == [(D(2027, 11, 11), "Armistice")]


def test_two_weekdays_a_week_and_christmas():
    # Tuesdays and Fridays from 22/12/2026 for 2 weeks: Friday 25 December and Friday
    # 1 January are holidays, replaced by the two Fridays after.
    repetition = repeated_dates(D(2026, 12, 22), [TUESDAY, 4], 2)
    assert repetition.dates == [
        D(2026, 12, 22), D(2026, 12, 29), D(2027, 1, 8), D(2027, 1, 15),
    ]  # fmt: skip
    assert [day for day, _name in repetition.skipped] == [D(2026, 12, 25), D(2027, 1, 1)]


def test_a_whit_monday_and_an_ascension_thursday_from_the_package():
    holidays = french_public_holidays()
    assert D(2027, 5, 17) in holidays and D(2027, 5, 6) in holidays
    assert D(2027, 5, 25) not in holidays  # an ordinary Tuesday


def test_nothing_asked_gives_nothing_and_weeks_are_bounded():
    assert repeated_dates(D(2027, 1, 5), [], 6).dates == []
    assert repeated_dates(D(2027, 1, 5), [TUESDAY], 0).dates == []
    assert len(repeated_dates(D(2027, 1, 5), [TUESDAY], 500, public_holidays={}).dates) == 52
