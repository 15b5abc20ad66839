"""SLA arithmetic for complaints, free of the ORM so it can be tested directly.

Rules:

* SLA targets count **calendar hours** from the moment the complaint is reported
  (nights and weekends included): a travel problem does not wait for office hours.
* A target is **at risk** once ``AT_RISK_RATIO`` (80 %) of its allowed time is used
  while it is still pending, and **breached** once its deadline has passed while it
  is still pending, or when it was met after the deadline.
* A complaint has two targets, first response and resolution; its status is the
  worst status of the two. Its next thresholds are those of the targets still
  pending: the earliest at-risk moment and the earliest deadline.
* Compliance is 100 for a complaint whose SLA holds and 0 once breached, so its
  average over complaints is the compliance rate.
"""

from collections import namedtuple
from datetime import timedelta

AT_RISK_RATIO = 0.8

ON_TRACK = "on_track"
AT_RISK = "at_risk"
BREACHED = "breached"
_SEVERITY = {ON_TRACK: 0, AT_RISK: 1, BREACHED: 2}

ComplaintSla = namedtuple("ComplaintSla", "status at_risk_date breach_date")


def compute_deadline(start, hours):
    """Deadline ``hours`` calendar hours after ``start`` (None without a start)."""
    if not start or hours is None:
        return None
    return start + timedelta(hours=hours)


def at_risk_time(start, deadline, ratio=AT_RISK_RATIO):
    """Moment at which ``ratio`` of the time between start and deadline is used."""
    if not start or not deadline:
        return None
    return start + (deadline - start) * ratio


def target_status(start, deadline, now, done_at=None, ratio=AT_RISK_RATIO):
    """Status of one target: met targets are on track unless met late."""
    if not start or not deadline:
        return ON_TRACK
    reference = done_at or now
    if reference > deadline:
        return BREACHED
    if done_at:
        return ON_TRACK
    if reference >= at_risk_time(start, deadline, ratio):
        return AT_RISK
    return ON_TRACK


def worst_status(*statuses):
    """The most severe of the given statuses (on track when none)."""
    return max(statuses, key=_SEVERITY.__getitem__, default=ON_TRACK)


def hours_between(start, end):
    """Elapsed calendar hours between two datetimes, rounded to 2 decimals."""
    if not start or not end:
        return 0.0
    return round((end - start).total_seconds() / 3600.0, 2)


def complaint_sla(start, targets, now, ratio=AT_RISK_RATIO):
    """SLA of a complaint reported at ``start`` with ``targets``, a list of
    ``(deadline, done_at)``: its worst status, and the earliest at-risk moment
    and deadline of the targets still pending (None when none is)."""
    status = worst_status(
        *(
            target_status(start, deadline, now, done_at, ratio)
            for deadline, done_at in targets
        )
    )
    pending = [deadline for deadline, done_at in targets if deadline and not done_at]
    if not pending:
        return ComplaintSla(status, None, None)
    return ComplaintSla(
        status,
        min(at_risk_time(start, deadline, ratio) for deadline in pending),
        min(pending),
    )


def compliance(status):
    """100 while the SLA holds, 0 once it is breached."""
    return 0.0 if status == BREACHED else 100.0
