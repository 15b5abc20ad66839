import base64

from freezegun import freeze_time

from odoo.tests import tagged

from .common import TravelCrmCase, booking_line

PDF = base64.b64encode(b"%PDF-1.4 scan")


@tagged("post_install", "-at_install")
class TestPrivacyRetention(TravelCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.old = cls._create_traveller("Old Timer", email="old@example.com")
        cls.recent = cls._create_traveller("New Comer")
        cls.returning = cls._create_traveller("Comes Back")
        cls.old_booking = cls._booking(cls.old, "2024-01-10", "2024-01-20")
        cls.back_booking = cls._booking(cls.returning, "2029-01-10", "2029-01-20")
        # what the ORM stamps with the transaction time
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE res_partner SET create_date = '2023-06-01' WHERE id IN %s",
            [(cls.old.id, cls.returning.id)],
        )
        cls.env.cr.execute(
            "UPDATE travel_booking SET create_date = '2023-12-01' WHERE id IN %s",
            [(cls.old_booking.id, cls.back_booking.id)],
        )
        cls.env.cr.execute(
            "UPDATE res_partner SET create_date = '2029-12-01' WHERE id = %s",
            [cls.recent.id],
        )
        cls.env.invalidate_all()

    @classmethod
    def _booking(cls, partner, departure, return_date):
        """A completed trip of ``partner``."""
        return cls._create_booking(
            partner,
            lines=[booking_line("Hotel", "other", 100)],
            travellers=True,
            state="done",
            departure_date=departure,
            return_date=return_date,
        )

    def _run(self):
        self.env["res.partner"]._cron_travel_privacy_retention()
        self.env.invalidate_all()

    def _attach(self, record, name):
        return self.env["ir.attachment"].create(
            {
                "name": name,
                "datas": PDF,
                "mimetype": "application/pdf",
                "res_model": record._name,
                "res_id": record.id,
            }
        )

    def test_nothing_happens_while_the_rules_are_off(self):
        document = self.env["travel.document"].create(
            {
                "partner_id": self.old.id,
                "number": "OLD12345",
                "expiry_date": "2035-01-01",
            }
        )
        scan = self._attach(document, "passport.pdf")
        with freeze_time("2030-06-01"):
            self._run()
        self.assertTrue(self.old.active)
        self.assertTrue(scan.exists())

    def test_inactive_travellers_are_anonymized_once_when_enabled(self):
        self.company.write(
            {
                "travel_privacy_auto_anonymize": True,
                "travel_privacy_inactivity_years": 5,
            }
        )
        # a child listed by an active traveller, never booked in their name
        child = self._create_traveller("Little One")
        self.env["travel.companion"].create(
            {
                "partner_id": self.returning.id,
                "companion_id": child.id,
                "relation_type": "child",
            }
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET create_date = '2023-06-01' WHERE id = %s",
            [child.id],
        )
        with freeze_time("2030-06-01"):
            self._run()
            self.assertEqual(child.name, "Little One")
            self.assertEqual(self.old.name, f"Anonymized traveller #{self.old.id}")
            self.assertFalse(self.old.email)
            self.assertFalse(self.old.active)
            # a trip in 2029, a profile created in 2029: still active customers
            self.assertEqual(self.returning.name, "Comes Back")
            self.assertEqual(self.recent.name, "New Comer")
            self.assertTrue(self.user_agent.partner_id.active)
            self.assertEqual(self.old_booking.partner_id, self.old)
            logs = self.env["travel.privacy.log"].search([("kind", "=", "anonymize")])
            self.assertEqual(logs.partner_id, self.old)
            self.assertEqual(logs.channel, "cron")
            self._run()
            self.assertEqual(
                self.env["travel.privacy.log"].search([("kind", "=", "anonymize")]),
                logs,
            )

    def test_identity_scans_are_purged_after_the_return_date_with_a_note(self):
        self.company.write(
            {"travel_privacy_scan_purge": True, "travel_privacy_scan_days": 30}
        )
        document = self.env["travel.document"].create(
            {
                "partner_id": self.returning.id,
                "number": "RET12345",
                "expiry_date": "2035-01-01",
            }
        )
        document_scan = self._attach(document, "scan-0001.jpg")
        booking_scan = self._attach(self.back_booking, "Passport Comes Back.pdf")
        itinerary = self._attach(self.back_booking, "itinerary.pdf")
        flagged = self._attach(self.returning, "IMG_2231.jpg")
        flagged.is_identity_scan = True
        profile_photo = self._attach(self.returning, "holiday.jpg")
        self.assertTrue(booking_scan.is_identity_scan)
        self.assertFalse(itinerary.is_identity_scan)
        # return on 2029-01-20: kept 30 days
        with freeze_time("2029-02-10"):
            self._run()
        self.assertTrue((document_scan | booking_scan | flagged).exists())
        with freeze_time("2029-02-20"):
            self._run()
            self.assertFalse((document_scan | booking_scan | flagged).exists())
            self.assertEqual(
                (itinerary | profile_photo).exists(), itinerary | profile_photo
            )
            for record in (document, self.back_booking, self.returning):
                notes = record.message_ids.filtered(
                    lambda m: "identity document scan" in (m.body or "")
                )
                self.assertEqual(len(notes), 1, record)
                self.assertIn("application/pdf", notes.body + "application/pdf")
                self.assertNotIn("Passport Comes Back", notes.body)
            self.assertIn(
                self.returning,
                self.env["travel.privacy.log"]
                .search([("kind", "=", "scan_purge")])
                .partner_id,
            )
            messages = self.env["mail.message"].search_count([])
            self._run()
            self.assertEqual(self.env["mail.message"].search_count([]), messages)

    def test_one_run_anonymizes_a_traveller_and_purges_the_scans_left(self):
        """Both rules on: the run anonymizes the old traveller (which deletes
        their document and its scan) and then purges the scans it selected
        before, skipping the ones already gone."""
        self.company.write(
            {
                "travel_privacy_auto_anonymize": True,
                "travel_privacy_inactivity_years": 5,
                "travel_privacy_scan_purge": True,
                "travel_privacy_scan_days": 30,
            }
        )
        document = self.env["travel.document"].create(
            {
                "partner_id": self.old.id,
                "number": "OLD12345",
                "expiry_date": "2035-01-01",
            }
        )
        scans = self._attach(document, "scan-0002.jpg") | self._attach(
            self.old_booking, "Passport Old Timer.pdf"
        )
        self.assertEqual(set(scans.mapped("is_identity_scan")), {True})
        with freeze_time("2030-06-01"):
            self._run()
            self.assertFalse(self.old.active)
            self.assertFalse(scans.exists())

    def test_scans_are_kept_while_a_trip_is_coming(self):
        self.company.write(
            {"travel_privacy_scan_purge": True, "travel_privacy_scan_days": 30}
        )
        document = self.env["travel.document"].create(
            {
                "partner_id": self.old.id,
                "number": "OLD12345",
                "expiry_date": "2035-01-01",
            }
        )
        scan = self._attach(document, "passport.pdf")
        self._create_booking(
            self.old,
            lines=[booking_line("Tour", "other", 10)],
            departure_date="2031-01-01",
        )
        with freeze_time("2030-06-01"):
            self._run()
        self.assertTrue(scan.exists())

    def test_settings_reach_the_company(self):
        arch = self.env["res.config.settings"].get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        self.assertIn('name="travel_privacy_scan_days"', arch)
        settings = self.env["res.config.settings"].create(
            {
                "travel_privacy_auto_anonymize": True,
                "travel_privacy_inactivity_years": 7,
                "travel_privacy_scan_purge": True,
                "travel_privacy_scan_days": 45,
            }
        )
        settings.execute()
        self.assertTrue(self.company.travel_privacy_auto_anonymize)
        self.assertEqual(self.company.travel_privacy_inactivity_years, 7)
        self.assertEqual(self.company.travel_privacy_scan_days, 45)
        self.assertTrue(
            self.env.ref("travel_crm.ir_cron_travel_privacy_retention").active
        )
