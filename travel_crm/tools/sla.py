"""SLA arithmetic for complaints, free of the ORM so it can be tested directly.

All datetimes are naive UTC, as Odoo stores them.

Rules:

* A target (first response, resolution) counts **working time** on a
  ``WorkCalendar``: its weekly hours in the calendar's own timezone (so a
  Shanghai office keeps Shanghai hours on a UTC server, and a Paris office keeps
  09:00 local across a daylight-saving change), minus its leaves (public
  holidays are leaves). Without a calendar (``None``) it counts **calendar
  hours round the clock**: a traveller stranded abroad does not wait for office
  hours.
* **The clock stops while the complaint waits** (on the customer or a
  supplier): working time inside a wait does not count. Waits are ``(start,
  end)`` pairs, ``end`` None while the wait lasts; overlapping (nested) waits
  count once.
* The **deadline** of a target is the first moment the clock reaches its hours;
  a wait still going on does not move it yet (its length is not known), a wait
  that ended moves it by the working time it lasted.
* A target is **at risk** once ``AT_RISK_RATIO`` (80 %) of its time is used while
  it is still pending, and **breached** once its deadline has passed while it is
  still pending, or when it was met after the deadline. During a wait the clock
  stands still, so a waiting complaint neither becomes at risk nor breaches.
* A complaint's status is the worst of its targets; its next thresholds are the
  earliest at-risk moment and the earliest deadline of the targets still
  pending, and none while it waits (nothing can change until it resumes).
* Compliance is 100 for a complaint whose SLA holds and 0 once breached, so its
  average over complaints is the compliance rate.
"""

import math
from collections import namedtuple
from datetime import datetime, time, timedelta

import pytz

AT_RISK_RATIO = 0.8
# How far a calendar is searched for working time before giving up (a calendar
# whose working hours all lie in the past or were all taken by leaves).
MAX_SPAN_DAYS = 3 * 366
FOREVER = datetime.max

ON_TRACK = "on_track"
AT_RISK = "at_risk"
BREACHED = "breached"
_SEVERITY = {ON_TRACK: 0, AT_RISK: 1, BREACHED: 2}

ComplaintSla = namedtuple("ComplaintSla", "status at_risk_date breach_date")
# One weekly working slot, as resource.calendar.attendance: weekday 0 = Monday,
# hours as floats in the calendar's timezone; week_type 0/1 on a two-week
# calendar, date_from/date_to (dates) bound the slot when set.
Attendance = namedtuple(
    "Attendance",
    "weekday hour_from hour_to week_type date_from date_to",
    defaults=(None, None, None),
)


def merge(intervals):
    """Sorted union of ``(start, end)`` intervals (touching ones joined)."""
    result = []
    for start, end in sorted(i for i in intervals if i[0] < i[1]):
        if result and start <= result[-1][1]:
            result[-1] = (result[-1][0], max(result[-1][1], end))
        else:
            result.append((start, end))
    return result


def week_type(day):
    """Odd or even week of a two-week calendar (resource's own rule)."""
    return int(math.floor((day.toordinal() - 1) / 7) % 2)


class WorkCalendar:
    """Working hours of a calendar in its timezone, minus its leaves (UTC
    intervals). The intervals of each day are computed once and kept."""

    def __init__(self, tz, attendances, leaves=(), two_weeks=False):
        self.tz = pytz.timezone(tz) if isinstance(tz, str) else tz
        self.attendances = [a for a in attendances if a.hour_to > a.hour_from]
        self.leaves = merge(leaves)
        self.two_weeks = two_weeks
        self._days = {}

    def _local_to_utc(self, day, hours):
        # to the minute, as resource's float_to_time; 24.0 is the next midnight
        moment = datetime.combine(day, time()) + timedelta(minutes=round(hours * 60))
        local = self.tz.localize(moment)
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def day(self, day):
        """The working intervals of the local date ``day``, in UTC."""
        if day not in self._days:
            parity = week_type(day)
            slots = [
                (
                    self._local_to_utc(day, a.hour_from),
                    self._local_to_utc(day, a.hour_to),
                )
                for a in self.attendances
                if a.weekday == day.weekday()
                and (not self.two_weeks or int(a.week_type) == parity)
                and not (a.date_from and day < a.date_from)
                and not (a.date_to and day > a.date_to)
            ]
            self._days[day] = subtract(merge(slots), self.leaves)
        return self._days[day]

    def intervals(self, start, until=None):
        """Working intervals from ``start`` on (the first one cut at
        ``start``), up to the day of ``until`` when given."""
        if not self.attendances:
            return
        first = self.local_date(start)
        last = self.local_date(until) if until else first + timedelta(MAX_SPAN_DAYS)
        day = first
        while day <= last:
            for begin, end in self.day(day):
                if end > start:
                    yield max(begin, start), end
            day += timedelta(1)

    def local_date(self, moment):
        return pytz.utc.localize(moment).astimezone(self.tz).date()


def subtract(intervals, holes):
    """``intervals`` minus ``holes``, both sorted and merged."""
    result = []
    for start, end in intervals:
        current = start
        for hole_start, hole_end in holes:
            if hole_end <= current or hole_start >= end:
                continue
            if hole_start > current:
                result.append((current, hole_start))
            current = max(current, hole_end)
            if current >= end:
                break
        if current < end:
            result.append((current, end))
    return result


def _holes(waits, start):
    """Merged waits from ``start`` on; a wait still going on runs forever."""
    return merge(
        (max(begin, start), end or FOREVER)
        for begin, end in waits
        if begin and (end or FOREVER) > start
    )


def _clock(calendar, start, waits=(), until=None):
    """The intervals in which the SLA clock runs from ``start``: working time
    minus waits, in order."""
    stream = calendar.intervals(start, until) if calendar else iter([(start, FOREVER)])
    holes = _holes(waits, start)
    first_hole = 0
    for begin, end in stream:
        while first_hole < len(holes) and holes[first_hole][1] <= begin:
            first_hole += 1
        current = begin
        for hole_start, hole_end in holes[first_hole:]:
            if hole_start >= end:
                break
            if hole_start > current:
                yield current, hole_start
            current = max(current, hole_end)
            if current >= end:
                break
        if current == FOREVER:
            return  # a wait still going on: the clock stands still from here
        if current < end:
            yield current, end


def reach(calendar, start, hours, waits=()):
    """The moment the clock started at ``start`` reaches ``hours`` (None
    without a start or hours, or when a wait still going on stops it first)."""
    if not start or hours is None:
        return None
    remaining = timedelta(hours=hours)
    if remaining <= timedelta(0):
        return start
    for begin, end in _clock(calendar, start, waits):
        if end - begin >= remaining:
            return begin + remaining
        remaining -= end - begin
    return None


def elapsed(calendar, start, end, waits=()):
    """Hours the clock ran between ``start`` and ``end`` (0 without both)."""
    if not start or not end or end <= start:
        return 0.0
    total = timedelta(0)
    for begin, stop in _clock(calendar, start, waits, until=end):
        if begin >= end:
            break
        total += min(stop, end) - begin
    return total.total_seconds() / 3600.0


def paused_hours(calendar, start, waits):
    """Working hours spent in the waits that ended (each hour once)."""
    closed = [(begin, end) for begin, end in waits if begin and end]
    if not closed:
        return 0.0
    until = max(end for _begin, end in closed)
    return elapsed(calendar, start, until) - elapsed(calendar, start, until, closed)


def closed_waits(waits):
    return [(begin, end) for begin, end in waits if end]


def open_wait_start(waits):
    """When the wait still going on began (None when none is)."""
    return min((begin for begin, end in waits if not end), default=None)


def deadline(calendar, start, hours, waits=()):
    """Deadline of a target: its hours on the clock, moved by the waits that
    ended (a wait still going on moves it once it ends)."""
    return reach(calendar, start, hours, closed_waits(waits))


def target_status(calendar, start, hours, now, done_at=None, waits=(), ratio=None):
    """(status, at-risk moment, deadline) of one target of ``hours``."""
    ratio = AT_RISK_RATIO if ratio is None else ratio
    due = reach(calendar, start, hours, waits)
    risk = reach(calendar, start, hours * ratio, waits) if hours is not None else None
    waiting_since = open_wait_start(waits)
    reference = done_at or (min(now, waiting_since) if waiting_since else now)
    if due and reference > due:
        return BREACHED, risk, due
    if done_at or not risk or reference < risk:
        return ON_TRACK, risk, due
    return AT_RISK, risk, due


def worst_status(*statuses):
    """The most severe of the given statuses (on track when none)."""
    return max(statuses, key=_SEVERITY.__getitem__, default=ON_TRACK)


def complaint_sla(calendar, start, targets, now, waits=(), ratio=None):
    """SLA of a complaint reported at ``start`` with ``targets``, a list of
    ``(hours, done_at)``: its worst status, and the earliest at-risk moment and
    deadline of the targets still pending (None when none is, or while it
    waits)."""
    if not start:
        return ComplaintSla(ON_TRACK, None, None)
    results = [
        (target_status(calendar, start, hours, now, done_at, waits, ratio), done_at)
        for hours, done_at in targets
        if hours is not None
    ]
    status = worst_status(*(result[0] for result, _done in results))
    pending = [result for result, done_at in results if not done_at and result[2]]
    if not pending or open_wait_start(waits):
        return ComplaintSla(status, None, None)
    return ComplaintSla(
        status,
        min(risk for _status, risk, _due in pending),
        min(due for _status, _risk, due in pending),
    )


def compliance(status):
    """100 while the SLA holds, 0 once it is breached."""
    return 0.0 if status == BREACHED else 100.0
