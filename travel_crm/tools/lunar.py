"""Chinese lunar calendar dates for festival greetings, without the ORM.

The conversion is lunardate's (tables for 1900-2099). A festival is a lunar
month and day of the common (not leap) month: 1/1 Spring Festival, 1/15
Lantern, 5/5 Dragon Boat, 7/7 Qixi, 8/15 Mid-Autumn, 9/9 Double Ninth. Day 30
of a month that has 29 days that year falls on its 29th, so that 12/30 is
always the lunar New Year's Eve.
"""

from datetime import timedelta

from lunardate import LunarDate

FIRST_YEAR = 1900
LAST_YEAR = 2099


def lunar_to_solar(lunar_year, month, day):
    """The Gregorian date of lunar ``month``/``day`` of ``lunar_year``, or None
    outside the calendar's years."""
    if not FIRST_YEAR <= lunar_year <= LAST_YEAR:
        return None
    for candidate in (day, 29) if day == 30 else (day,):
        try:
            return LunarDate(lunar_year, month, candidate).to_solar_date()
        except ValueError:
            continue
    return None


def lunar_occurrences(month, day, first, last):
    """Gregorian dates from ``first`` to ``last`` (dates) on which lunar
    ``month``/``day`` falls, each with its lunar year: ``[(date, lunar_year)]``.
    """
    found = []
    # lunar year Y runs from late January / February of Y to early Y + 1
    for lunar_year in range(first.year - 1, last.year + 1):
        solar = lunar_to_solar(lunar_year, month, day)
        if solar and first <= solar <= last:
            found.append((solar, lunar_year))
    return found


def next_lunar_date(month, day, today):
    """The first day on or after ``today`` that lunar ``month``/``day`` falls
    on, or None beyond the calendar's last year."""
    window = lunar_occurrences(month, day, today, today + timedelta(days=400))
    return window[0][0] if window else None


def lunar_year_of(month, day, today):
    """The lunar year whose ``month``/``day`` falls on ``today``, or None."""
    found = lunar_occurrences(month, day, today, today)
    return found[0][1] if found else None
