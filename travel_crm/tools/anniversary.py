"""Anniversaries (birthdays, holidays, days since a trip): one rule for
29 February, which is celebrated on 28 February in common years."""

import calendar
from datetime import timedelta


def anniversary_in(day, year):
    """The anniversary of ``day`` in ``year``."""
    if (day.month, day.day) == (2, 29) and not calendar.isleap(year):
        return day.replace(year=year, day=28)
    return day.replace(year=year)


def next_anniversary(day, today):
    """The anniversary of ``day`` on or after ``today``."""
    candidate = anniversary_in(day, today.year)
    return candidate if candidate >= today else anniversary_in(day, today.year + 1)


def celebrated_days(today):
    """The days of ``today``'s month whose anniversary falls on ``today``."""
    if (today.month, today.day) == (2, 28) and not calendar.isleap(today.year):
        return [28, 29]
    return [today.day]


def month_day_keys(today, days=0):
    """``'MMDD'`` keys of the dates whose anniversary falls from ``today`` to
    ``today + days``."""
    keys = set()
    for offset in range(days + 1):
        day = today + timedelta(days=offset)
        keys.update(f"{day.month:02d}{number:02d}" for number in celebrated_days(day))
    return keys
