from odoo import Command
from odoo.tests import Form, HttpCase, TransactionCase, new_test_user, tagged

from .common import booking_line, create_booking

REPORT = "travel_crm.report_travel_booking_itinerary"


@tagged("post_install", "-at_install")
class TestTravelBookingItinerary(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            login="iti_agent",
            email="agent@agency.example.com",
            groups="base.group_user,travel_crm.group_travel_agent",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Iris Itinerant", "email": "iris@example.com"}
        )
        cls.companion = cls.env["res.partner"].create({"name": "Otto Companion"})
        cls.hotel = cls.env["res.partner"].create(
            {
                "name": "Hotel Miradouro",
                "phone": "+351 21 000 1234",
                "email": "desk@miradouro.example.com",
            }
        )
        cls.booking = create_booking(
            cls.env(user=cls.agent),
            cls.customer,
            cls._itinerary_lines(),
            travellers=cls.customer + cls.companion,
            destination_country_ids=[Command.set(cls.env.ref("base.pt").ids)],
            departure_date="2026-06-01",
            return_date="2026-06-10",
        )

    @classmethod
    def _itinerary_lines(cls):
        """An undated insurance, a day tour on the 3rd, the hotel from the 1st
        (costs with odd cents: the printout must not show them)."""
        return [
            booking_line("Travel insurance", "insurance", 40, 31.17),
            booking_line("Sintra day tour", "tour", 60, 45, date_start="2026-06-03"),
            booking_line(
                "Room with a view",
                "hotel",
                150,
                111.11,
                supplier_id=cls.hotel.id,
                date_start="2026-06-01",
                date_end="2026-06-10",
                quantity=9,
            ),
        ]

    def _html(self, user):
        html, _fmt = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(REPORT, self.booking.ids)
        )
        return html.decode()

    def test_itinerary_lists_travellers_days_suppliers_and_totals(self):
        html = self._html(self.agent)
        for text in (
            self.booking.name,
            "Iris Itinerant",
            "Otto Companion",
            "Hotel Miradouro",
            "+351 21 000 1234",
            "desk@miradouro.example.com",
            "Other services",
            "1,450.00",
        ):
            self.assertIn(text, html)
        positions = [
            html.index(name)
            for name in ("Room with a view", "Sintra day tour", "Travel insurance")
        ]
        self.assertEqual(positions, sorted(positions), "services follow the days")

    def test_itinerary_never_shows_costs(self):
        html = self._html(self.agent)
        for cost in ("111.11", "31.17"):
            self.assertNotIn(cost, html)

    def test_send_by_email_uses_template_composer_and_attaches_pdf(self):
        booking = self.booking.with_user(self.agent)
        booking.action_confirm()
        action = booking.action_send_email()
        self.assertEqual(action["res_model"], "mail.compose.message")
        composer_form = Form(
            self.env["mail.compose.message"]
            .with_user(self.agent)
            .with_context(**action["context"])
        )
        self.assertIn("Booking confirmation", composer_form.subject)
        self.assertIn(self.customer, composer_form.partner_ids[:])
        composer = composer_form.save()
        self.assertEqual(len(composer.attachment_ids), 1)
        composer.action_send_mail()

        message = self.booking.message_ids.filtered(
            lambda m: m.message_type == "comment"
        )[:1]
        self.assertIn(self.customer, message.partner_ids)
        # Odoo renders reports as HTML under test (no wkhtmltopdf): the file is
        # named from print_report_name, its extension follows the renderer
        self.assertEqual(
            message.attachment_ids.name.rsplit(".", 1)[0],
            f"Itinerary - {self.booking.name.replace('/', '-')}",
        )
        self.assertEqual(
            message.notification_ids.filtered(
                lambda n: n.res_partner_id == self.customer
            ).notification_type,
            "email",
        )


@tagged("post_install", "-at_install")
class TestTravelBookingItineraryHttp(HttpCase):
    def test_agent_prints_the_itinerary_from_the_web_client(self):
        new_test_user(
            self.env,
            login="iti_http_agent",
            password="iti_http_agent_pw",
            groups="base.group_user,travel_crm.group_travel_agent",
        )
        booking = create_booking(
            self.env,
            self.env["res.partner"].create({"name": "Web Wanda"}),
            [booking_line("City tour", "other", 25)],
        )
        self.authenticate("iti_http_agent", "iti_http_agent_pw")
        response = self.url_open(f"/report/html/{REPORT}/{booking.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Web Wanda", response.text)
        self.assertIn("City tour", response.text)
