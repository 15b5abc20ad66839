from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .privacy_common import TravelPrivacyCase

PERSONAL_VALUES = (
    "Ada Lovelace",
    "ada.lovelace@example.com",
    "EM123456",
    "470 12 34 56",
    "+32470123456",
)


@tagged("post_install", "-at_install")
class TestPrivacyAnonymize(TravelPrivacyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        income = cls.env["account.account"].search(
            [("account_type", "=", "income"), ("company_ids", "in", cls.company.id)],
            limit=1,
        )
        cls.invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.traveller.id,
                "invoice_date": "2026-02-01",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Hotel in Rome",
                            "quantity": 1,
                            "price_unit": 800,
                            "account_id": income.id,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        cls.invoice.action_post()
        cls.booking.invoice_ids = [Command.link(cls.invoice.id)]
        cls.booking.action_confirm()
        cls.booking.action_done()

    def _anonymize(self, partners=None):
        (partners or self.traveller).with_user(
            self.user_manager
        ).action_anonymize_traveller()

    def _end_request(self):
        """Flush and run the commit hooks that write tracking values."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _assert_no_personal_value(self, text):
        for value in PERSONAL_VALUES:
            self.assertNotIn(value, text or "")

    def test_anonymize_erases_every_personal_field(self):
        traveller = self.traveller
        self._anonymize()
        traveller.invalidate_recordset()
        self.assertEqual(traveller.name, f"Anonymized traveller #{traveller.id}")
        self.assertFalse(traveller.active)
        self.assertTrue(traveller.travel_anonymized_date)
        for fname in (
            "email",
            "phone",
            "mobile",
            "street",
            "city",
            "country_id",
            "birthdate",
            "gender",
            "nationality_id",
            "occupation",
            "interest_tag_ids",
            "preferred_destination_ids",
            "meal_preference",
            "dietary_needs",
            "accessibility_needs",
            "travel_notes",
            "comment",
            "marketing_consent",
            "marketing_consent_source",
            "image_1920",
            "email_normalized",
            "phone_sanitized",
        ):
            with self.subTest(field=fname):
                self.assertFalse(traveller[fname])
        self.assertFalse(
            self.env["travel.document"]
            .with_context(active_test=False)
            .search([("partner_id", "=", traveller.id)])
        )
        self.assertFalse(self.companion_link.exists())
        self.assertTrue(self.companion.exists() and self.companion.active)
        last = traveller.travel_consent_log_ids.sorted("id")[-1]
        self.assertEqual(
            (last.consent_type, last.action, last.channel),
            ("marketing", "withdrawn", "system"),
        )

    def test_anonymize_scrubs_chatter_that_quotes_the_traveller(self):
        # a tracked change quoting the name, on a record of the traveller
        self._end_request()
        self.shared_booking.partner_id = self.traveller
        self._end_request()
        self.shared_booking.partner_id = self.other_customer
        self.complaint.subject = "Noisy room"
        self._end_request()
        kept = self.booking.message_ids.filtered(
            lambda m: "late arrival" in (m.body or "")
        )
        self._anonymize()
        own = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", self.traveller.id)]
        )
        self.assertTrue(own)
        for message in own:
            self._assert_no_personal_value(message.body)
            self.assertNotIn("passport renewal", message.body or "")
        messages = self.env["mail.message"].search(
            [
                ("model", "=", "travel.booking"),
                ("res_id", "in", (self.booking | self.shared_booking).ids),
            ]
        )
        for message in messages:
            self._assert_no_personal_value(message.body)
            self._assert_no_personal_value(message.subject)
            self._assert_no_personal_value(message.email_from)
            for tracking in message.sudo().tracking_value_ids:
                self._assert_no_personal_value(tracking.old_value_char)
                self._assert_no_personal_value(tracking.new_value_char)
        self.assertIn("late arrival", kept.body)  # not about them: kept
        # the tracked customer change now shows the anonymous contact
        trackings = self.env["mail.tracking.value"].search(
            [("mail_message_id", "in", messages.ids)]
        )
        self.assertIn(self.traveller.display_name, trackings.mapped("new_value_char"))
        subject_tracking = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id", "in", self.complaint.message_ids.ids),
                ("new_value_char", "=", "Noisy room"),
            ]
        )
        self.assertEqual(subject_tracking.old_value_char, "[removed]")
        self._assert_no_personal_value(self.booking.notes)
        self.assertIn("[removed]", self.booking.notes)
        self._assert_no_personal_value(self.complaint.subject)
        self._assert_no_personal_value(self.complaint.description)
        self.assertFalse(self.complaint.email_from)
        self.assertFalse(self.feedback.comment)

    def test_bookings_invoices_complaints_stay_linked_and_balanced(self):
        booking_totals = self.booking.read(
            ["amount_untaxed", "amount_tax", "amount_total", "margin", "state"]
        )
        move_lines = self.invoice.line_ids.read(
            ["account_id", "debit", "credit", "balance", "partner_id"], load=False
        )
        invoice_total = self.invoice.amount_total
        self._anonymize()
        self.env.invalidate_all()
        self.assertEqual(self.booking.partner_id, self.traveller)
        self.assertIn(
            self.traveller,
            self.shared_booking.with_context(active_test=False).traveller_ids,
        )
        self.assertEqual(
            self.booking.read(
                ["amount_untaxed", "amount_tax", "amount_total", "margin", "state"]
            ),
            booking_totals,
        )
        self.assertEqual(self.booking.invoice_ids, self.invoice)
        self.assertEqual(self.invoice.state, "posted")
        self.assertEqual(self.invoice.partner_id, self.traveller)
        self.assertEqual(self.invoice.amount_total, invoice_total)
        self.assertEqual(
            self.invoice.line_ids.read(
                ["account_id", "debit", "credit", "balance", "partner_id"],
                load=False,
            ),
            move_lines,
        )
        self.assertAlmostEqual(sum(self.invoice.line_ids.mapped("balance")), 0.0)
        # the invoice shows the partner's current (anonymous) name
        self.assertEqual(
            self.invoice.invoice_partner_display_name, self.traveller.display_name
        )
        self.assertEqual(self.complaint.partner_id, self.traveller)
        self.assertEqual(self.complaint.booking_id, self.booking)
        self.assertEqual(self.feedback.score, 9)

    def test_refused_while_a_trip_is_in_progress_and_nothing_written(self):
        self.shared_booking.action_confirm()
        self.shared_booking.action_start()
        logs = self.env["travel.privacy.log"].search_count([])
        with self.assertRaises(UserError) as error:
            self._anonymize(self.traveller | self.companion)
        self.assertIn(self.shared_booking.name, str(error.exception))
        self.env.invalidate_all()
        self.assertEqual(self.traveller.name, "Ada Lovelace")
        self.assertEqual(self.traveller.email, "ada.lovelace@example.com")
        self.assertTrue(self.passport.exists())
        self.assertTrue(self.companion_link.exists())
        self.assertEqual(self.companion.name, "Byron Lovelace")
        self.assertEqual(self.env["travel.privacy.log"].search_count([]), logs)

    def test_several_travellers_at_once_and_logged_without_erased_data(self):
        self._anonymize(self.traveller | self.companion)
        self.assertFalse((self.traveller | self.companion).filtered("active"))
        logs = self.env["travel.privacy.log"].search(
            [("kind", "=", "anonymize")], order="partner_ref"
        )
        self.assertEqual(
            logs.mapped("partner_ref"), sorted([self.traveller.id, self.companion.id])
        )
        self.assertEqual(logs.user_id, self.user_manager)
        for log in logs:
            self._assert_no_personal_value(log.note)
            self.assertNotIn("Byron", log.note)
            self.assertNotIn("Byron", log.partner_id.display_name)
        self.assertIn("Documents deleted: 1", logs[0].note)

    def test_only_managers_anonymize(self):
        for user in (self.user_agent, self.user_internal, self.user_portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.traveller.with_user(user).action_anonymize_traveller()
        self.assertEqual(self.traveller.name, "Ada Lovelace")

    def test_internal_users_are_refused(self):
        with self.assertRaises(UserError):
            self._anonymize(self.user_agent.partner_id)
        self.assertTrue(self.user_agent.partner_id.active)

    def test_portal_account_is_closed(self):
        partner = self.user_portal.partner_id
        self._anonymize(partner)
        self.assertFalse(self.user_portal.active)
        self.assertEqual(self.user_portal.login, f"anonymized-{partner.id}")
