"""Travel document checks for a trip, without the ORM.

The booking gathers travellers, per-country requirements and the travellers'
documents into plain values; this module says what is missing. Kept free of
Odoo so the rules are tested directly and stay readable.
"""

from collections import namedtuple

from dateutil.relativedelta import relativedelta

DEFAULT_VALIDITY_MONTHS = 6

Requirement = namedtuple("Requirement", "country_id country_name months visa_required")
Issue = namedtuple("Issue", "traveller_id traveller_name problem country_name until")

PASSPORT_MISSING = "passport_missing"
PASSPORT_TOO_SHORT = "passport_too_short"
VISA_MISSING = "visa_missing"


def find_document_issues(travellers, requirements, documents, trip_end):
    """Return the problems of each traveller's documents for the trip.

    :param travellers: iterable of ``(partner_id, name)``
    :param requirements: iterable of :class:`Requirement`, one per country
    :param documents: iterable of dicts with ``partner_id``, ``document_type``,
        ``issuing_country_id`` and ``expiry_date`` (a date or False/None for
        documents that do not expire)
    :param trip_end: the return date (or departure when there is no return);
        None checks only that documents exist
    :return: list of :class:`Issue`, at most one passport issue per traveller
        (for the strictest country) and one visa issue per traveller and country
    """
    requirements = sorted(requirements, key=lambda r: -r.months)
    if not requirements:
        return []
    docs_by_partner = {}
    for doc in documents:
        docs_by_partner.setdefault(doc["partner_id"], []).append(doc)
    issues = []
    for partner_id, name in travellers:
        docs = docs_by_partner.get(partner_id, [])
        passport = _passport_problem(docs, requirements, trip_end)
        if passport:
            issues.append(Issue(partner_id, name, *passport))
        issues += [
            Issue(partner_id, name, VISA_MISSING, requirement.country_name, None)
            for requirement in requirements
            if requirement.visa_required
            and not _has_visa(docs, requirement.country_id, trip_end)
        ]
    return issues


def _passport_problem(docs, requirements, trip_end):
    """``(problem, country_name, until)`` of the traveller's passports, or None.

    :param requirements: sorted strictest (most months) first
    """
    passports = [d for d in docs if d["document_type"] == "passport"]
    if not passports:
        return PASSPORT_MISSING, requirements[0].country_name, None
    if not trip_end:
        return None
    expiries = [d["expiry_date"] for d in passports]
    if not all(expiries):
        return None  # a passport without expiry date never expires
    best = max(expiries)
    for requirement in requirements:
        until = trip_end + relativedelta(months=requirement.months)
        if best < until:
            return PASSPORT_TOO_SHORT, requirement.country_name, until
    return None


def _has_visa(docs, country_id, trip_end):
    """A visa issued by the country, valid until the end of the trip."""
    return any(
        d["document_type"] == "visa"
        and d["issuing_country_id"] == country_id
        and (not trip_end or not d["expiry_date"] or d["expiry_date"] >= trip_end)
        for d in docs
    )
