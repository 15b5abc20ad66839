"""Travel document checks for a trip, without the ORM.

The booking gathers travellers, the requirements of each traveller (one per
destination, chosen by the traveller's nationality) and the travellers'
documents into plain values; this module says what is missing. Kept free of
Odoo so the rules are tested directly and stay readable.
"""

from collections import namedtuple

from dateutil.relativedelta import relativedelta

DEFAULT_VALIDITY_MONTHS = 6
PASSPORT = "passport"
# Chinese permits that are valid for a trip only with an endorsement (签注) in
# force until the return: the Exit-Entry Permit for Travelling to and from Hong
# Kong and Macau and the Travel Permit to and from Taiwan of mainland residents.
ENDORSED_TYPES = frozenset({"hk_macau_permit", "taiwan_permit"})

Requirement = namedtuple(
    "Requirement",
    "country_id country_name months visa_required document_type visa_free_days",
    defaults=(PASSPORT, 0),
)
Issue = namedtuple(
    "Issue",
    "traveller_id traveller_name problem country_name until document_type",
    defaults=(PASSPORT,),
)

PASSPORT_MISSING = "passport_missing"
PASSPORT_TOO_SHORT = "passport_too_short"
DOCUMENT_MISSING = "document_missing"
DOCUMENT_TOO_SHORT = "document_too_short"
ENDORSEMENT_MISSING = "endorsement_missing"
ENDORSEMENT_TOO_SHORT = "endorsement_too_short"
VISA_MISSING = "visa_missing"


def trip_length(departure, return_date):
    """Days of the trip, both ends counted; None when a date is unknown."""
    if not departure or not return_date:
        return None
    return (return_date - departure).days + 1


def find_document_issues(travellers, requirements, documents, trip_end, trip_days=None):
    """Return the problems of each traveller's documents for the trip.

    :param travellers: iterable of ``(partner_id, name)``
    :param requirements: list of :class:`Requirement` (one per country) that
        every traveller must meet, or ``{partner_id: [Requirement]}`` when they
        depend on the traveller (nationality)
    :param documents: iterable of dicts with ``partner_id``, ``document_type``,
        ``issuing_country_id``, ``expiry_date`` (a date or False/None for
        documents that do not expire) and optionally
        ``endorsement_expiry_date``
    :param trip_end: the return date (or departure when there is no return);
        None checks only that documents exist
    :param trip_days: the length of the trip (:func:`trip_length`); a
        visa-free stay is granted only when it is known and short enough
    :return: list of :class:`Issue`: per traveller at most one issue per
        document type asked for (for the strictest country) and one visa issue
        per country
    """
    docs_by_partner = {}
    for doc in documents:
        docs_by_partner.setdefault(doc["partner_id"], []).append(doc)
    issues = []
    for partner_id, name in travellers:
        if isinstance(requirements, dict):
            own = requirements.get(partner_id, [])
        else:
            own = requirements
        issues += [
            Issue(partner_id, name, *problem)
            for problem in _traveller_problems(
                own, docs_by_partner.get(partner_id, []), trip_end, trip_days
            )
        ]
    return issues


def _traveller_problems(requirements, docs, trip_end, trip_days):
    """``(problem, country_name, until, document_type)`` of one traveller."""
    by_type = {}
    for requirement in sorted(requirements, key=lambda r: -r.months):
        by_type.setdefault(requirement.document_type, []).append(requirement)
    problems = []
    for document_type, type_requirements in by_type.items():
        of_type = [d for d in docs if d["document_type"] == document_type]
        problem = _document_problem(of_type, type_requirements, trip_end)
        if not problem and document_type in ENDORSED_TYPES:
            problem = _endorsement_problem(of_type, type_requirements, trip_end)
        if problem:
            problems.append((*problem, document_type))
    problems += [
        (VISA_MISSING, requirement.country_name, None, "visa")
        for requirement in requirements
        if requirement.visa_required
        and not _visa_free(requirement, trip_days)
        and not _has_visa(docs, requirement.country_id, trip_end)
    ]
    return problems


def _document_problem(documents, requirements, trip_end):
    """``(problem, country_name, until)`` of the documents of one type, or None.

    :param requirements: of this type, sorted strictest (most months) first
    """
    passport = requirements[0].document_type == PASSPORT
    if not documents:
        missing = PASSPORT_MISSING if passport else DOCUMENT_MISSING
        return missing, requirements[0].country_name, None
    if not trip_end:
        return None
    expiries = [d["expiry_date"] for d in documents]
    if not all(expiries):
        return None  # a document without expiry date never expires
    best = max(expiries)
    for requirement in requirements:
        until = trip_end + relativedelta(months=requirement.months)
        if best < until:
            short = PASSPORT_TOO_SHORT if passport else DOCUMENT_TOO_SHORT
            return short, requirement.country_name, until
    return None


def _endorsement_problem(documents, requirements, trip_end):
    """The endorsement of a permit must be on file and last the whole trip."""
    endorsements = [
        d.get("endorsement_expiry_date")
        for d in documents
        if d.get("endorsement_expiry_date")
    ]
    country = requirements[0].country_name
    if not endorsements:
        return ENDORSEMENT_MISSING, country, None
    if trip_end and max(endorsements) < trip_end:
        return ENDORSEMENT_TOO_SHORT, country, trip_end
    return None


def _visa_free(requirement, trip_days):
    return bool(
        requirement.visa_free_days
        and trip_days is not None
        and trip_days <= requirement.visa_free_days
    )


def _has_visa(docs, country_id, trip_end):
    """A visa issued by the country, valid until the end of the trip."""
    return any(
        d["document_type"] == "visa"
        and d["issuing_country_id"] == country_id
        and (not trip_end or not d["expiry_date"] or d["expiry_date"] >= trip_end)
        for d in docs
    )
