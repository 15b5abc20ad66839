"""Plain-Python arithmetic of the loyalty programme (no ORM, tested directly).

Rounding rule: points are whole numbers and are always rounded *down* (floor),
so a customer never receives a fraction of a point nor a point that was not
fully paid for. The multiplier applies to the unrounded base, then the result
is floored once: 99.9 units x 1 point/unit x 1.25 = 124.875 -> 124 points.
"""

import math

# Guard against binary noise: 1.1 * 3 == 3.3000000000000003, 0.29 * 100 == 28.999…
_EPSILON = 1e-9


def floor_points(value):
    """Round a non-negative amount of points down to a whole number."""
    if value <= 0:
        return 0
    return math.floor(value + _EPSILON)


def earn_points(amount, rate, multiplier=1.0):
    """Points earned on ``amount`` currency units.

    :returns: ``(earned, qualifying)``: ``earned`` includes the tier
        multiplier; ``qualifying`` (what counts toward tiers) is the base
        rate only, so a high tier does not accelerate itself.
    """
    if amount <= 0 or rate <= 0:
        return 0, 0
    base = amount * rate
    return floor_points(base * (multiplier or 1.0)), floor_points(base)


def tier_for_points(thresholds, points):
    """The tier ``points`` qualifying points reach: the one with the highest
    threshold at or below ``points``.

    :param thresholds: iterable of ``(key, min_points)``
    :returns: the key of that tier, or ``None`` when no threshold is reached
    """
    reached = [
        (min_points, key) for key, min_points in thresholds if min_points <= points
    ]
    if not reached:
        return None
    return max(reached, key=lambda pair: pair[0])[1]


def fifo_allocate(need, lots):
    """Take ``need`` points from ``lots`` first-in first-out.

    :param int need: points to take (>= 0)
    :param lots: iterable of ``(key, available)`` in consumption order
    :returns: ``(takes, shortfall)``: ``takes`` is a list of ``(key, taken)``
        with ``taken > 0``; ``shortfall`` is what the lots could not cover.
    """
    if need < 0:
        raise ValueError("need must be >= 0")
    takes = []
    for key, available in lots:
        if need <= 0:
            break
        if available <= 0:
            continue
        taken = min(need, available)
        takes.append((key, taken))
        need -= taken
    return takes, need


def reversal_target(earned, refunded, total):
    """Points of an award to take back when ``refunded`` of ``total`` is refunded.

    Proportional, rounded up so that a full refund always reverses the whole
    award (a customer never keeps points for money returned to them).
    """
    if earned <= 0 or refunded <= 0:
        return 0
    if total <= 0 or refunded >= total:
        return earned
    return min(earned, math.ceil(earned * refunded / total - _EPSILON))
