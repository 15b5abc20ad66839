"""Who may enter where: a hand-made table of travellers (nationality,
documents) x destinations x trip dates and the verdict of the check.

The check compares documents with the trip's dates, never with today: the
dates below are fixed. The shipped rules are removed in the test's
transaction; the table's own rules stand in for them.
"""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from odoo.addons.travel_crm.tools.passport_check import (
    DOCUMENT_MISSING,
    ENDORSEMENT_MISSING,
    ENDORSEMENT_TOO_SHORT,
    PASSPORT_MISSING,
    PASSPORT_TOO_SHORT,
    VISA_MISSING,
)

from .common import booking_line, create_booking

# Trips: 10 days, 46 days, and 10 days a month later.
SHORT = ("2027-05-01", "2027-05-10")
LONG = ("2027-05-01", "2027-06-15")
LATER = ("2027-06-01", "2027-06-10")
ONE_WAY = ("2027-05-01", False)

# traveller, destinations, trip, expected {(problem, destination code)}
TABLE = [
    ("mainland", "hk", SHORT, set()),
    ("mainland", "hk", LATER, {(ENDORSEMENT_TOO_SHORT, "hk")}),
    ("mainland_no_endorsement", "mo", SHORT, {(ENDORSEMENT_MISSING, "mo")}),
    ("mainland_passport_only", "hk", SHORT, {(DOCUMENT_MISSING, "hk")}),
    ("mainland", "jp", SHORT, {(VISA_MISSING, "jp")}),
    ("mainland_with_jp_visa", "jp", SHORT, set()),
    ("mainland", "th", SHORT, set()),
    ("mainland", "th", LONG, {(VISA_MISSING, "th")}),
    ("mainland", "th", ONE_WAY, {(VISA_MISSING, "th")}),
    ("mainland_passport_only", "th", SHORT, {(PASSPORT_TOO_SHORT, "th")}),
    ("mainland", "tw", SHORT, {(DOCUMENT_MISSING, "tw"), (VISA_MISSING, "tw")}),
    ("mainland", "cn", SHORT, set()),
    ("hongkonger", "cn", SHORT, set()),
    ("hongkonger", "jp", LONG, set()),
    ("hongkonger", "hk,cn,jp", SHORT, set()),
    ("taiwanese", "cn", SHORT, {(DOCUMENT_MISSING, "cn")}),
    ("taiwanese", "jp,cn", LONG, {(DOCUMENT_MISSING, "cn")}),
    ("french", "jp", SHORT, {(PASSPORT_TOO_SHORT, "jp")}),
    ("french", "fr", SHORT, set()),
    ("french", "be", SHORT, {(PASSPORT_TOO_SHORT, "be")}),
    ("unknown", "be", SHORT, set()),
    ("unknown", "jp", SHORT, set()),
    ("no_documents", "jp", SHORT, {(PASSPORT_MISSING, "jp")}),
]


@tagged("post_install", "-at_install")
class TestEntryRuleTable(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.country = {
            code: cls.env.ref(f"base.{code}")
            for code in ("cn", "hk", "mo", "tw", "jp", "th", "fr", "be")
        }
        cls.env.company.country_id = cls.country["be"]
        cls.env.company.travel_passport_check = "warning"
        Rule = cls.env["travel.destination.rule"].with_context(active_test=False)
        Rule.search([]).unlink()
        rules = [
            ("hk", "cn", "hk_macau_permit", 0, False, 0),
            ("mo", "cn", "hk_macau_permit", 0, False, 0),
            ("tw", "cn", "taiwan_permit", 0, True, 0),
            ("cn", "hk", "home_return_permit", 0, False, 0),
            ("cn", "tw", "taiwan_compatriot_permit", 0, False, 0),
            ("jp", "cn", "passport", 0, True, 0),
            ("jp", "hk,tw", "passport", 0, True, 90),
            ("jp", "", "passport", 6, False, 0),
            ("th", "cn", "passport", 6, True, 30),
        ]
        Rule.create([cls._rule_vals(*rule) for rule in rules])
        cls.traveller = cls._create_travellers()

    @classmethod
    def _rule_vals(cls, destination, nationalities, document_type, months, visa, days):
        return {
            "country_id": cls.country[destination].id,
            "nationality_ids": [
                Command.set([cls.country[n].id for n in nationalities.split(",") if n])
            ],
            "document_type": document_type,
            "passport_validity_months": months,
            "visa_required": visa,
            "visa_free_days": days,
        }

    @classmethod
    def _create_travellers(cls):
        c = cls.country
        people = {
            "mainland": "cn",
            "mainland_no_endorsement": "cn",
            "mainland_passport_only": "cn",
            "mainland_with_jp_visa": "cn",
            "hongkonger": "hk",
            "taiwanese": "tw",
            "french": "fr",
            "unknown": "",
            "no_documents": "fr",
        }
        travellers = {
            key: cls.env["res.partner"].create(
                {
                    "name": f"Entry {key}",
                    "is_traveller": True,
                    "nationality_id": c[code].id if code else False,
                }
            )
            for key, code in people.items()
        }
        docs = [
            ("mainland", "passport", "cn", "2031-01-01", False),
            ("mainland", "hk_macau_permit", "cn", "2030-06-30", "2027-05-31"),
            ("mainland_no_endorsement", "passport", "cn", "2031-01-01", False),
            ("mainland_no_endorsement", "hk_macau_permit", "cn", "2030-06-30", False),
            ("mainland_passport_only", "passport", "cn", "2027-03-01", False),
            ("mainland_with_jp_visa", "passport", "cn", "2031-01-01", False),
            ("mainland_with_jp_visa", "visa", "jp", "2027-08-01", False),
            ("hongkonger", "passport", "hk", "2030-01-01", False),
            ("hongkonger", "home_return_permit", "cn", "2029-01-01", False),
            ("taiwanese", "passport", "tw", "2027-10-01", False),
            ("french", "passport", "fr", "2027-02-01", False),
            ("unknown", "passport", "fr", "2030-01-01", False),
        ]
        cls.env["travel.document"].create(
            [
                {
                    "partner_id": travellers[who].id,
                    "document_type": document_type,
                    "number": f"E{index:02d}X{who[:4].upper()}",
                    "issuing_country_id": c[issuer].id,
                    "issue_date": "2020-01-01",
                    "expiry_date": expiry,
                    "endorsement_expiry_date": endorsement,
                }
                for index, (who, document_type, issuer, expiry, endorsement) in (
                    enumerate(docs)
                )
            ]
        )
        return travellers

    def _booking(self, travellers, destinations, trip):
        return create_booking(
            self.env,
            travellers[0],
            [booking_line("Trip", "tour", 100)],
            travellers=self.env["res.partner"].union(*travellers),
            destination_country_ids=[
                Command.set([self.country[d].id for d in destinations.split(",")])
            ],
            departure_date=trip[0],
            return_date=trip[1],
        )

    def _verdict(self, booking):
        names = {country.name: code for code, country in self.country.items()}
        return {
            (issue.traveller_id, issue.problem, names[issue.country_name])
            for issue in booking._get_travel_document_issues().get(booking, [])
        }

    def test_each_traveller_destination_and_trip_gets_its_verdict(self):
        for who, destinations, trip, expected in TABLE:
            traveller = self.traveller[who]
            with self.subTest(traveller=who, destinations=destinations, trip=trip):
                booking = self._booking([traveller], destinations, trip)
                self.assertEqual(
                    self._verdict(booking),
                    {(traveller.id, problem, code) for problem, code in expected},
                )

    def test_a_group_is_checked_traveller_by_traveller(self):
        mainland, taiwanese = self.traveller["mainland"], self.traveller["taiwanese"]
        booking = self._booking([mainland, taiwanese], "tw,cn", SHORT)
        # the mainlander lacks what Taiwan asks of mainlanders; the Taiwanese
        # goes home to Taiwan and lacks the permit for the mainland
        self.assertEqual(
            self._verdict(booking),
            {
                (mainland.id, DOCUMENT_MISSING, "tw"),
                (mainland.id, VISA_MISSING, "tw"),
                (taiwanese.id, DOCUMENT_MISSING, "cn"),
            },
        )
        messages = booking.travel_document_warning.splitlines()
        self.assertEqual(len(messages), 3)
        self.assertIn(
            "Entry mainland has no Travel Permit to and from Taiwan on file "
            "(needed for Taiwan).",
            messages,
        )
        self.assertIn("Entry mainland needs a visa for Taiwan.", messages)
        self.assertIn(
            "Entry taiwanese has no Mainland Travel Permit for Taiwan Residents on "
            "file (needed for China).",
            messages,
        )

    def test_endorsement_message_says_until_when(self):
        booking = self._booking([self.traveller["mainland"]], "hk", LATER)
        self.assertIn(
            "The endorsement on the Exit-Entry Permit for Travelling to and from "
            "Hong Kong and Macau of Entry mainland must be valid until",
            booking.travel_document_warning,
        )

    def test_blocking_company_refuses_and_names_each_traveller(self):
        self.env.company.travel_passport_check = "block"
        mainland, taiwanese = self.traveller["mainland"], self.traveller["taiwanese"]
        booking = self._booking([mainland, taiwanese], "tw,cn", SHORT)
        with self.assertRaises(UserError) as caught:
            booking.action_confirm()
        self.assertIn("Entry mainland needs a visa for Taiwan.", str(caught.exception))
        self.assertIn("Entry taiwanese has no Mainland", str(caught.exception))
        self.assertEqual(booking.state, "draft")

    def test_warning_company_confirms_and_logs_the_problems(self):
        booking = self._booking([self.traveller["mainland"]], "jp", SHORT)
        result = booking.action_confirm()
        self.assertEqual(booking.state, "confirmed")
        self.assertEqual(result["tag"], "display_notification")
        self.assertIn(
            "Entry mainland needs a visa for Japan.", result["params"]["message"]
        )

    def test_proposal_shows_nothing_when_documents_fit(self):
        booking = self._booking([self.traveller["hongkonger"]], "hk,cn,jp", SHORT)
        self.assertFalse(booking.travel_document_warning)
        self.assertIs(booking.action_confirm(), True)
