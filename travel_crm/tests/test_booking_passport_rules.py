from datetime import date

from odoo.tests import BaseCase, tagged

from odoo.addons.travel_crm.tools.passport_check import (
    PASSPORT_MISSING,
    PASSPORT_TOO_SHORT,
    VISA_MISSING,
    Requirement,
    find_document_issues,
)

RETURN = date(2026, 8, 20)
PT = Requirement(1, "Portugal", 6, False)
BR = Requirement(2, "Brazil", 3, True)
ANA = (10, "Ana")
BEN = (11, "Ben")


def passport(partner_id, expiry):
    return {
        "partner_id": partner_id,
        "document_type": "passport",
        "issuing_country_id": 99,
        "expiry_date": expiry,
    }


def visa(partner_id, country_id, expiry):
    return {
        "partner_id": partner_id,
        "document_type": "visa",
        "issuing_country_id": country_id,
        "expiry_date": expiry,
    }


@tagged("post_install", "-at_install")
class TestPassportCheck(BaseCase):
    def test_passport_valid_six_months_after_return_passes(self):
        docs = [passport(10, date(2027, 2, 20))]
        self.assertEqual(find_document_issues([ANA], [PT], docs, RETURN), [])

    def test_passport_expiring_a_day_too_early_is_reported_with_the_date(self):
        docs = [passport(10, date(2027, 2, 19))]
        [issue] = find_document_issues([ANA], [PT], docs, RETURN)
        self.assertEqual(issue.problem, PASSPORT_TOO_SHORT)
        self.assertEqual(issue.traveller_name, "Ana")
        self.assertEqual(issue.until, date(2027, 2, 20))

    def test_missing_passport_is_reported_once_per_traveller(self):
        issues = find_document_issues(
            [ANA, BEN], [PT, Requirement(3, "Spain", 6, False)], [], RETURN
        )
        self.assertEqual(
            [(i.traveller_id, i.problem) for i in issues],
            [
                (10, PASSPORT_MISSING),
                (11, PASSPORT_MISSING),
            ],
        )

    def test_the_strictest_country_decides_and_the_best_passport_counts(self):
        docs = [passport(10, date(2026, 9, 1)), passport(10, date(2026, 12, 1))]
        visa_ok = visa(10, 2, None)
        # Brazil needs 3 months (until 2026-11-20): the newer passport is enough
        self.assertEqual(
            find_document_issues([ANA], [BR], docs + [visa_ok], RETURN), []
        )
        # with Portugal as well, 6 months are needed
        [issue] = find_document_issues([ANA], [BR, PT], docs + [visa_ok], RETURN)
        self.assertEqual(
            (issue.problem, issue.country_name), (PASSPORT_TOO_SHORT, "Portugal")
        )

    def test_visa_must_come_from_the_country_and_last_the_trip(self):
        docs = [passport(10, date(2030, 1, 1))]
        [issue] = find_document_issues([ANA], [BR], docs, RETURN)
        self.assertEqual((issue.problem, issue.country_name), (VISA_MISSING, "Brazil"))
        wrong_country = docs + [visa(10, 1, date(2027, 1, 1))]
        self.assertEqual(
            len(find_document_issues([ANA], [BR], wrong_country, RETURN)), 1
        )
        expired = docs + [visa(10, 2, date(2026, 8, 19))]
        self.assertEqual(len(find_document_issues([ANA], [BR], expired, RETURN)), 1)
        valid = docs + [visa(10, 2, date(2026, 8, 20))]
        self.assertEqual(find_document_issues([ANA], [BR], valid, RETURN), [])

    def test_without_requirements_or_trip_dates(self):
        self.assertEqual(find_document_issues([ANA], [], [], RETURN), [])
        # no dates: only the presence of a passport is checked
        docs = [passport(10, date(2020, 1, 1))]
        self.assertEqual(find_document_issues([ANA], [PT], docs, None), [])
        self.assertEqual(
            find_document_issues([ANA], [PT], [], None)[0].problem, PASSPORT_MISSING
        )

    def test_passport_without_expiry_date_never_expires(self):
        self.assertEqual(
            find_document_issues([ANA], [PT], [passport(10, None)], RETURN), []
        )
