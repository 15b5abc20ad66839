"""Customer value rules: plain Python, no ORM.

The segmentation (``models/value/segmentation.py``) aggregates bookings in SQL,
where the RFM scores are ranked over the whole population (``_score_sql`` is
that rule), and then applies the rules of this module to each customer with at
least one completed trip; a customer without one gets the defaults
(``VALUE_DEFAULTS``: segment New, stage Prospect, no value). Every rule is
documented in ``readme/USAGE.md``; the tests exercise them directly on
hand-worked numbers.

Vocabulary: a *trip* is a completed booking (state ``done``) of the company; its
date is the return date, else the departure date. The *window* is the analysis
window of the company (``months`` before today).
"""

import math
from dataclasses import dataclass
from datetime import date

# A customer with a single trip has no interval of their own: the company's
# default interval stands in. Two trips a few days apart would make any pause
# look alarming, so an interval never goes below this many days.
MIN_INTERVAL_DAYS = 30
# Retention is clamped so that the expected remaining years stay finite and
# plausible: at most 1 / (1 - 0.9) = 10 years.
MAX_RETENTION = 0.9


@dataclass(frozen=True)
class ValueRules:
    """Thresholds of one company (``res.company._travel_value_rules``; the
    defaults are those of the company's ``travel_value_*`` fields)."""

    window_months: int
    high_score: int
    potential_score: int
    new_days: int
    loyal_trips: int
    lost_days: int
    risk_threshold: float
    default_interval: int
    default_retention: float


@dataclass(frozen=True)
class CustomerStats:
    """What the SQL aggregation tells about one customer in one company (at
    least one completed trip)."""

    total_trips: int
    window_trips: int
    first_trip: date
    last_trip: date
    historical_margin: float


def usual_interval(stats, rules):
    """Days between trips: (last - first) / (trips - 1), floored, >= 30 days.

    A customer with a single trip gets the company's default interval.
    """
    if stats.total_trips < 2:
        return rules.default_interval
    span = (stats.last_trip - stats.first_trip).days
    return max(MIN_INTERVAL_DAYS, span // (stats.total_trips - 1))


def churn_risk(days_since_last_trip, interval):
    """Churn risk 0..1: ``1 - exp(-days / interval)``, rounded to 4 decimals.

    It is the probability that a customer who travels on average every
    ``interval`` days (a Poisson process) would have travelled again by now: 0
    right after a trip, 0.63 after one usual interval, 0.86 after two.
    """
    days = max(0, days_since_last_trip)
    if not interval or interval <= 0:
        return 1.0 if days else 0.0
    return round(1 - math.exp(-days / interval), 4)


def days_until_risk(interval, threshold):
    """Days after the last trip when churn risk reaches ``threshold``.

    Solves ``1 - exp(-d / interval) = threshold`` for d and rounds up to a
    whole day: ``ceil(interval * -ln(1 - threshold))``.
    """
    return math.ceil(round(interval * -math.log(1 - threshold), 6))


def lifecycle_stage(stats, today, at_risk_date, rules):
    """Lifecycle stage and the rule that decided it (first match wins).

    (``prospect``, no completed trip yet, is the default, not a rule here.)

    1. ``churned``: the last trip is more than ``lost_days`` ago;
    2. ``at_risk``: today is on or after the at-risk date (churn risk at or
       above the threshold);
    3. ``loyal``: at least ``loyal_trips`` trips in the window;
    4. ``repeat``: at least two trips;
    5. ``first_time``: otherwise (a single recent trip).
    """
    if (today - stats.last_trip).days > rules.lost_days:
        return "churned", "lost_days"
    if today >= at_risk_date:
        return "at_risk", "risk"
    if stats.window_trips >= rules.loyal_trips:
        return "loyal", "loyal_trips"
    if stats.total_trips >= 2:
        return "repeat", "repeat"
    return "first_time", "first_time"


def value_segment(stats, rfm_total, today, at_risk_date, rules):
    """Value segment and the rule that decided it (first match wins).

    (``new`` without any completed trip is the default, not a rule here.)

    1. ``lost``: the last trip is more than ``lost_days`` ago;
    2. ``at_risk``: today is on or after the at-risk date;
    3. ``high``: R + F + M >= ``high_score``;
    4. ``new``: a single trip whose date is at most ``new_days`` ago;
    5. ``potential``: R + F + M >= ``potential_score``;
    6. ``low``: otherwise.
    """
    if (today - stats.last_trip).days > rules.lost_days:
        return "lost", "lost_days"
    if today >= at_risk_date:
        return "at_risk", "risk"
    if rfm_total >= rules.high_score:
        return "high", "high_score"
    if stats.total_trips == 1 and (today - stats.first_trip).days <= rules.new_days:
        return "new", "new_days"
    if rfm_total >= rules.potential_score:
        return "potential", "potential_score"
    return "low", "low"


def retention_rate(active_previous_year, retained, rules):
    """Share of last-but-one year's customers who travelled again last year.

    Rounded to 2 decimals and clamped to [0, 0.9]; the company's default
    retention applies when nobody travelled in the earlier year.
    """
    if not active_previous_year:
        rate = rules.default_retention
    else:
        rate = retained / active_previous_year
    return round(min(MAX_RETENTION, max(0.0, rate)), 2)


def expected_remaining_years(retention):
    """Expected remaining customer years: ``1 / (1 - retention)``."""
    return 1 / (1 - min(MAX_RETENTION, max(0.0, retention)))


def trips_per_year(stats, rules):
    """Trips a year observed over the window: window trips x 12 / months."""
    return stats.window_trips * 12 / rules.window_months


def lifetime_value(stats, stage, retention, rules):
    """Customer lifetime value and its parts.

    ``historical margin + average margin per trip x trips per year x expected
    remaining years``; a churned customer has no predicted part. Returns
    ``(clv, average_margin, trips_per_year, years)``.
    """
    average = stats.historical_margin / stats.total_trips
    if stage == "churned":
        return stats.historical_margin, average, 0.0, 0.0
    rate = trips_per_year(stats, rules)
    years = expected_remaining_years(retention)
    return stats.historical_margin + average * rate * years, average, rate, years


def segment_duration(date_from, date_to):
    """Days a customer stayed in a segment: 0 while the period is open."""
    return (date_to - date_from).days if date_to else 0
