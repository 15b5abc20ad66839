from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import format_date

from .common import travel_user
from .engagement_common import TODAY, TravelEngagementCase
from .translation_common import CLOSE, OPEN, marked_catalogue

TIMELINE = "models/engagement/travel_interaction.py"


@tagged("post_install", "-at_install")
class TestTravelInteraction(TravelEngagementCase):
    def _timeline(self, partner, user=None):
        Interaction = self.env["travel.interaction"]
        if user:
            Interaction = Interaction.with_user(user)
        return Interaction.search([("partner_id", "=", partner.id)])

    def _post_one_of_each(self, ana):
        """A note, an email in and out, a call done, a booking where Ana
        travels with a note on it, an SMS and a birthday message."""
        ana.message_post(
            body="Prefers aisle seats",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        ana.message_post(
            body="Can you quote Bali in May?",
            subject="Bali in May",
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        ana.message_post(
            body="Here is your Bali quote",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        call = ana.activity_schedule(
            "mail.mail_activity_data_call",
            summary="Call about Bali",
            user_id=self.agent.id,
        )
        call.action_feedback(feedback="Booked Bali for two")
        booking = self._booking(
            self.bob, "2025-05-01", "2025-05-10", traveller_ids=[Command.set(ana.ids)]
        )
        booking.message_post(
            body="Visa on arrival confirmed",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        with self.mockSMSGateway():
            ana._message_sms("Your flight leaves at 9:40", partner_ids=ana.ids)
        self._rule()
        self._run()
        return booking

    @freeze_time(TODAY)
    def test_timeline_gathers_every_interaction_once(self):
        ana = self.ana
        booking = self._post_one_of_each(ana)
        rows = self._timeline(ana)
        kinds = sorted(rows.mapped("kind"))
        self.assertEqual(
            kinds,
            sorted(
                [
                    "note",
                    "email_in",
                    "email_out",
                    "call",
                    "booking",
                    "note",
                    "sms",
                    "engagement",
                ]
            ),
            rows.mapped("summary"),
        )
        self.assertIn(
            "Bali in May", rows.filtered(lambda r: r.kind == "email_in").summary
        )
        booking_row = rows.filtered(lambda r: r.kind == "booking")
        self.assertIn(booking.name, booking_row.summary)
        self.assertEqual(booking_row.booking_id, booking)
        booking_note = rows.filtered(
            lambda r: r.kind == "note" and r.res_model == "travel.booking"
        )
        self.assertIn("Visa on arrival", booking_note.summary)
        engagement = rows.filtered(lambda r: r.kind == "engagement")
        self.assertIn("Birthday greetings", engagement.summary)
        self.assertEqual(len(rows.ids), len(set(rows.ids)))
        # the customer of the booking sees it too, with distinct row ids
        bob_rows = self._timeline(self.bob)
        self.assertIn("booking", bob_rows.mapped("kind"))
        self.assertFalse(set(bob_rows.ids) & set(rows.ids))

    @freeze_time(TODAY)
    def test_smart_button_counts_and_opens_the_timeline_rows(self):
        ana = self.ana
        self._post_one_of_each(ana)
        rows = self._timeline(ana)
        self.assertEqual(len(rows), 8)
        ana.invalidate_recordset()
        self.assertEqual(ana.with_user(self.agent).travel_interaction_count, len(rows))
        action = ana.action_view_travel_interactions()
        self.assertEqual(self.env["travel.interaction"].search(action["domain"]), rows)
        engagement = rows.filtered(lambda r: r.kind == "engagement")
        opened = engagement.action_open_document()
        self.assertEqual(opened["res_model"], "travel.engagement.message")

    @freeze_time(TODAY)
    def test_each_person_on_a_booking_gets_one_row_with_its_own_id(self):
        """The customer travelling too, and two companions: one booking row
        each, with distinct ids (the web client keys rows by id)."""
        companion = self.env["res.partner"].create(
            {"name": "Companion", "is_traveller": True}
        )
        booking = self._booking(
            self.bob,
            "2025-05-01",
            "2025-05-10",
            traveller_ids=[Command.set((self.bob | self.ana | companion).ids)],
        )
        rows = self.env["travel.interaction"].search(
            [("booking_id", "=", booking.id), ("kind", "=", "booking")]
        )
        self.assertEqual(rows.partner_id, self.bob | self.ana | companion)
        self.assertEqual(len(rows), 3)
        self.assertEqual(len(set(rows.ids)), 3)
        for partner in self.bob | self.ana | companion:
            self.assertEqual(
                self._timeline(partner)
                .filtered(lambda row: row.kind == "booking")
                .booking_id,
                booking,
            )

    def test_timeline_is_for_travel_staff_of_the_company(self):
        booking = self._booking(self.ana, "2025-05-01", "2025-05-10")
        self.assertTrue(self._timeline(self.ana, user=self.agent))
        employee = travel_user(self.env, "engagement_employee", "base.group_user")
        with self.assertRaises(AccessError):
            self._timeline(self.ana, user=employee)
        other = self.env["res.company"].create({"name": "Travel Macau"})
        outsider = travel_user(
            self.env,
            "engagement_outsider_agent",
            "travel_crm.group_travel_agent",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        self.assertNotIn(booking, self._timeline(self.ana, user=outsider).booking_id)


@tagged("post_install", "-at_install")
class TestTravelInteractionService(TravelEngagementCase):
    @freeze_time(TODAY)
    def test_timeline_shows_complaints_and_answered_feedback(self):
        booking = self._booking(self.ana, "2025-02-01", "2025-02-08", state="done")
        complaint = self.env["travel.complaint"].create(
            {
                "partner_id": self.ana.id,
                "booking_id": booking.id,
                "subject": "Lost luggage",
            }
        )
        feedback = self.env["travel.feedback"].create(
            {"booking_id": booking.id, "partner_id": self.ana.id, "score": 9}
        )
        timeline = self.env["travel.interaction"].search(
            [
                ("partner_id", "=", self.ana.id),
                ("kind", "in", ("complaint", "feedback")),
            ]
        )
        self.assertEqual(
            sorted((t.kind, t.res_model, t.res_id) for t in timeline),
            [
                ("complaint", "travel.complaint", complaint.id),
                ("feedback", "travel.feedback", feedback.id),
            ],
        )
        self.assertIn(
            "Lost luggage", timeline.filtered(lambda t: t.kind == "complaint").summary
        )

    @freeze_time(TODAY)
    def test_timeline_shows_points_events(self):
        entry = self.env["travel.loyalty.transaction"].create(
            {
                "name": "Welcome bonus",
                "partner_id": self.ana.id,
                "transaction_type": "bonus",
                "points": 150,
            }
        )
        [row] = self.env["travel.interaction"].search(
            [("partner_id", "=", self.ana.id), ("kind", "=", "points")]
        )
        self.assertEqual(
            (row.res_model, row.res_id), ("travel.loyalty.transaction", entry.id)
        )
        self.assertEqual(row.summary, "Welcome bonus (+150)")


@tagged("post_install", "-at_install")
class TestTravelInteractionDatesAndLanguage(TravelEngagementCase):
    """Each row carries the day of its own event and reads in the reader's
    language (dates as the language writes them, states by their labels)."""

    def _rows(self, lang="en_US", tz="UTC", **domain):
        return (
            self.env["travel.interaction"]
            .with_context(lang=lang, tz=tz)
            .search(
                [("partner_id", "=", self.ana.id)]
                + [(name, "=", value) for name, value in domain.items()]
            )
        )

    @freeze_time(TODAY)
    def test_each_row_is_dated_when_its_event_happened(self):
        booking = self._booking(self.ana, "2025-05-01", "2025-05-10")
        self.env["travel.complaint"].create(
            {
                "partner_id": self.ana.id,
                "subject": "Lost luggage",
                "date_open": "2025-03-01 10:30:00",
            }
        )
        feedback = self.env["travel.feedback"].create(
            {"booking_id": booking.id, "partner_id": self.ana.id, "score": 9}
        )
        feedback.date_answered = "2025-03-10 08:00:00"
        self.env["travel.loyalty.transaction"].create(
            {
                "name": "Welcome bonus",
                "partner_id": self.ana.id,
                "transaction_type": "bonus",
                "points": 150,
                "date": "2025-02-20",
            }
        )
        self._rule()
        self._run()
        sent = self.Message.search([("partner_id", "=", self.ana.id)])
        self.assertTrue(sent.mail_message_id)
        sent.mail_message_id.date = "2025-03-14 07:00:00"
        self.env.flush_all()

        def dates(tz):
            self.env.invalidate_all()
            return {row.kind: str(row.date) for row in self._rows(tz=tz)}

        self.assertEqual(
            dates("UTC"),
            {
                "booking": "2025-05-01 00:00:00",
                "complaint": "2025-03-01 10:30:00",
                "feedback": "2025-03-10 08:00:00",
                "points": "2025-02-20 00:00:00",
                "engagement": "2025-03-14 07:00:00",
            },
        )
        # a day is that day where the reader is: midnight in Macau
        macau = dates("Asia/Macau")
        self.assertEqual(macau["booking"], "2025-04-30 16:00:00")
        self.assertEqual(macau["points"], "2025-02-19 16:00:00")

    def test_points_recorded_on_their_day_keep_their_time(self):
        entry = self.env["travel.loyalty.transaction"].create(
            {
                "name": "Welcome bonus",
                "partner_id": self.ana.id,
                "transaction_type": "bonus",
                "points": 1500,
            }
        )
        # read where the entry was dated (its day in the creator's timezone)
        [row] = self._rows(tz=self.env.user.tz or "UTC", kind="points")
        self.assertEqual(row.date, entry.create_date)
        self.assertEqual(row.summary, "Welcome bonus (+1,500)")

    @freeze_time(TODAY)
    def test_summaries_read_in_the_readers_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        booking = self._booking(self.ana, "2025-05-01", "2025-05-10")
        feedback = self.env["travel.feedback"].create(
            {"booking_id": booking.id, "partner_id": self.ana.id, "score": 9}
        )
        feedback.comment = "Great guide"
        self._rule()
        self._run()
        [row] = self._rows(kind="booking")
        self.assertEqual(
            row.summary, f"{booking.name}, 05/01/2025 to 05/10/2025 (Confirmed)"
        )
        self.assertEqual(
            self._rows(kind="engagement").summary, "Birthday greetings (Email)"
        )
        self.assertEqual(self._rows(kind="feedback").summary, "NPS 9: Great guide")
        # the state's label as translated for the reader
        self.env["ir.model.fields.selection"].search(
            [
                ("field_id.model", "=", "travel.booking"),
                ("field_id.name", "=", "state"),
                ("value", "=", "confirmed"),
            ]
        ).with_context(lang="fr_FR").name = "Confirmée"
        self.assertEqual(
            self._rows("fr_FR", kind="booking").summary,
            f"{booking.name}, 01/05/2025 to 10/05/2025 (Confirmée)",
        )
        # the sentence itself goes through the code translations
        with marked_catalogue("zh_CN", TIMELINE) as marked:
            chinese = self._rows("zh_CN", kind="booking").summary
        self.assertIn("%(booking)s, %(departure)s to %(return)s (%(state)s)", marked)
        self.assertEqual(
            chinese,
            f"{OPEN}{booking.name}, "
            f"{format_date(self.env, '2025-05-01', lang_code='zh_CN')} to "
            f"{format_date(self.env, '2025-05-10', lang_code='zh_CN')} "
            f"(Confirmed){CLOSE}",
        )
        # searching the summary searches its text
        self.assertEqual(
            self.env["travel.interaction"].search(
                [("partner_id", "=", self.ana.id), ("summary", "ilike", booking.name)]
            ),
            row,
        )

    @freeze_time(TODAY)
    def test_a_booking_without_dates_reads_and_sorts_by_its_creation(self):
        booking = self._booking(self.ana, False, False, state="draft")
        [row] = self._rows(kind="booking")
        self.assertEqual(row.summary, f"{booking.name} (Draft)")
        self.assertEqual(row.date, booking.create_date)
        booking.departure_date = "2025-06-01"
        self.env.invalidate_all()
        self.assertEqual(
            self._rows(kind="booking").summary,
            f"{booking.name}, departing 06/01/2025 (Draft)",
        )
