from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import TravelCrmCase


@tagged("post_install", "-at_install")
class TestTravelDocument(TravelCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.belgium = cls.env.ref("base.be")
        cls.france = cls.env.ref("base.fr")
        cls.traveller = cls._create_traveller("Ada Lovelace")
        cls.Document = cls.env["travel.document"]

    def _document(self, **vals):
        return self.Document.create(
            {
                "partner_id": self.traveller.id,
                "document_type": "passport",
                "number": "EM123456",
                "issuing_country_id": self.belgium.id,
                "issue_date": "2020-01-10",
                "expiry_date": "2030-01-09",
                **vals,
            }
        )

    def _count(self):
        return self.Document.with_context(active_test=False).search_count([])

    def test_create_normalizes_number_and_takes_company(self):
        document = self._document(number=" em 12 34 56 ")
        self.assertEqual(document.number, "EM123456")
        self.assertEqual(document.company_id, self.env.company)
        self.assertEqual(self.traveller.travel_document_ids, document)
        self.assertEqual(self.traveller.travel_document_count, 1)

    def test_display_name_does_not_reveal_the_number(self):
        document = self._document()
        self.assertEqual(document.display_name, "Passport · BE · exp. 2030-01-09")
        self.assertNotIn("EM123456", document.display_name)

    def test_expiry_before_issue_is_refused_and_nothing_written(self):
        before = self._count()
        with self.assertRaises(ValidationError) as error:
            self._document(issue_date="2024-05-01", expiry_date="2024-04-30")
        self.assertIn("must be after its issue date", str(error.exception))
        with self.assertRaises(ValidationError):
            self._document(issue_date="2024-05-01", expiry_date="2024-05-01")
        self.assertEqual(self._count(), before)

    def test_changing_expiry_before_issue_is_refused_and_record_unchanged(self):
        document = self._document()
        with self.assertRaises(ValidationError):
            document.write({"expiry_date": "2019-12-31"})
        document.invalidate_recordset()
        self.assertEqual(document.expiry_date, date(2030, 1, 9))

    def test_malformed_numbers_are_refused_and_nothing_written(self):
        before = self._count()
        for number in ("", "   ", "A1", "EM#12345", "12345;DROP", "-12345", "ÄÖ12345"):
            with self.subTest(number=number):
                with self.assertRaises(ValidationError) as error:
                    self._document(number=number)
                self.assertIn("document number must have", str(error.exception))
        self.assertEqual(self._count(), before)

    def test_reasonable_numbers_are_accepted(self):
        for number, country in (
            ("T22000129", "base.de"),
            ("123-4567890-1", "base.us"),
            ("ab2024/cd991", "base.au"),
        ):
            document = self._document(
                number=number, issuing_country_id=self.env.ref(country).id
            )
            self.assertEqual(document.number, number.upper())

    def test_same_document_twice_is_refused_and_nothing_written(self):
        self._document()
        other = self._create_traveller("Ada Copy")
        before = self._count()
        with self.assertRaises(ValidationError) as error:
            self._document(partner_id=other.id, number="em 123 456")
        self.assertIn("already recorded", str(error.exception))
        with self.assertRaises(ValidationError):
            self.Document.create(
                [
                    {
                        "partner_id": other.id,
                        "document_type": "visa",
                        "number": "V999",
                        "issuing_country_id": self.france.id,
                    },
                    {
                        "partner_id": other.id,
                        "document_type": "visa",
                        "number": "V999",
                        "issuing_country_id": self.france.id,
                    },
                ]
            )
        self.assertEqual(self._count(), before)

    def test_archived_document_still_counts_as_recorded(self):
        self._document().action_archive()
        with self.assertRaises(ValidationError):
            self._document()

    def test_same_number_of_another_type_or_country_is_accepted(self):
        passport = self._document()
        visa = self._document(document_type="visa")
        french = self._document(issuing_country_id=self.france.id)
        self.assertEqual(len(passport | visa | french), 3)

    @freeze_time("2026-03-15")
    def test_expires_soon_is_computed_and_searchable(self):
        soon = self._document(number="SOON1", expiry_date="2026-09-15")
        today = self._document(number="TODAY1", expiry_date="2026-03-15")
        later = self._document(number="LATER1", expiry_date="2026-09-16")
        expired = self._document(number="OLD1", expiry_date="2026-03-14")
        # a visa may have no expiry date (a passport may not)
        undated = self._document(
            number="NODATE1", document_type="visa", expiry_date=False
        )
        documents = soon | today | later | expired | undated
        self.assertEqual(documents.filtered("expires_soon"), soon | today)
        self.assertEqual(documents.filtered("is_expired"), expired)
        domain = [("id", "in", documents.ids)]
        self.assertEqual(
            self.Document.search(domain + [("expires_soon", "=", True)]), soon | today
        )
        self.assertEqual(
            self.Document.search(domain + [("expires_soon", "=", False)]),
            later | expired | undated,
        )
        self.assertEqual(
            self.Document.search(domain + [("expires_soon", "!=", True)]),
            later | expired | undated,
        )
        self.assertEqual(
            self.Document.search(domain + [("is_expired", "=", True)]), expired
        )

    def test_staff_read_document_numbers(self):
        document = self._document()
        for user in (self.user_agent, self.user_manager):
            with self.subTest(user=user.login):
                as_user = document.with_user(user)
                self.assertEqual(as_user.read(["number"])[0]["number"], "EM123456")
                partner = self.traveller.with_user(user)
                self.assertEqual(partner.travel_document_ids.number, "EM123456")

    def test_non_staff_cannot_read_document_numbers(self):
        document = self._document()
        for user in (self.user_internal, self.user_portal):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    document.with_user(user).read(["number"])
                with self.assertRaises(AccessError):
                    self.Document.with_user(user).search([("number", "=", "EM123456")])
                with self.assertRaises(AccessError):
                    self.traveller.with_user(user).read(["travel_document_ids"])

    def test_internal_user_still_reads_the_partner(self):
        self._document()
        partner = self.traveller.with_user(self.user_internal)
        values = partner.read(["name", "is_traveller"])[0]
        self.assertEqual(values["name"], "Ada Lovelace")
        self.assertTrue(values["is_traveller"])
        visible_fields = partner.fields_get()
        self.assertIn("is_traveller", visible_fields)
        self.assertNotIn("travel_document_ids", visible_fields)
        self.assertNotIn("duplicate_partner_id", visible_fields)

    def test_documents_of_another_company_stay_hidden(self):
        other = self.env["res.company"].create({"name": "Other Agency"})
        document = self._document(company_id=other.id)
        agent = self.user_agent
        self.assertNotIn(document, self.Document.with_user(agent).search([]))
        with self.assertRaises(AccessError):
            document.with_user(agent).read(["document_type"])

    def test_number_never_reaches_the_chatter(self):
        document = self._document(number="SECRET123")
        # end the creating "request": later writes are tracked, as in real use
        self.env.flush_all()
        self.env.cr.precommit.run()
        document.write({"number": "SECRET456", "expiry_date": "2031-01-09"})
        document.message_post(body="Renewal requested")
        self.traveller.write(
            {"travel_document_ids": [(1, document.id, {"number": "SECRET789"})]}
        )
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written at commit
        messages = self.env["mail.message"].search(
            [
                "|",
                "&",
                ("model", "=", "travel.document"),
                ("res_id", "=", document.id),
                "&",
                ("model", "=", "res.partner"),
                ("res_id", "=", self.traveller.id),
            ]
        )
        # tracking works (the expiry change is logged) but never for the number
        tracked = messages.tracking_value_ids
        self.assertIn("expiry_date", tracked.field_id.mapped("name"))
        self.assertNotIn("number", tracked.field_id.mapped("name"))
        texts = (
            messages.mapped("body")
            + messages.mapped("subject")
            + tracked.mapped("old_value_char")
            + tracked.mapped("new_value_char")
        )
        for secret in ("SECRET123", "SECRET456", "SECRET789"):
            self.assertFalse([t for t in texts if t and secret in str(t)], secret)
            self.assertFalse(
                self.env["mail.tracking.value"].search(
                    [
                        "|",
                        ("old_value_char", "ilike", secret),
                        ("new_value_char", "ilike", secret),
                    ]
                )
            )
            self.assertFalse(
                self.env["mail.message"].search([("body", "ilike", secret)])
            )
