"""The PDFs customers and managers receive, rendered for real by wkhtmltopdf.

Under test Odoo renders a report as HTML unless ``force_report_rendering`` is in
the context. With it, wkhtmltopdf runs and fetches the report's CSS from
``web.base.url``, which HttpCase points at the test's own HTTP server; pdftotext
reads the PDF back. Without wkhtmltopdf or pdftotext these tests fail (Odoo
raises "Unable to find Wkhtmltopdf"), they never skip.
"""

import logging
import re
import shutil
import subprocess
from contextlib import contextmanager

from odoo import Command
from odoo.tests import Form, HttpCase, tagged

from .common import booking_line, create_booking, travel_user

ITINERARY = "travel_crm.travel_booking_report_itinerary"
PRIVACY_EXPORT = "travel_crm.action_report_travel_privacy_export"
# Odoo logs what wkhtmltopdf writes on stderr as a warning. Debian's build (unpatched
# Qt) always says it ignores the header and footer switches, and Qt that it has no
# XDG_RUNTIME_DIR as root; anything else (a stylesheet it could not load) is a fault.
WKHTMLTOPDF_NOTICES = re.compile(
    r"wkhtmltopdf: |The switch --[\w-]+, is not support using unpatched qt, "
    r"and will be ignored\.|QStandardPaths: XDG_RUNTIME_DIR not set, "
    r"defaulting to '[^']*'"
)


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@tagged("post_install", "-at_install")
class TestReportPdf(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = travel_user(
            cls.env, "pdf_agent", "base.group_user,travel_crm.group_travel_agent"
        )
        cls.manager = travel_user(
            cls.env, "pdf_manager", "base.group_user,travel_crm.group_travel_manager"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Petra Pdfington", "email": "petra.pdfington@example.com"}
        )
        cls.booking = create_booking(
            cls.env(user=cls.agent),
            cls.customer,
            # costs with odd cents: the customer's PDF must not show them
            [
                booking_line(
                    "Harbour view suite",
                    "hotel",
                    150,
                    111.11,
                    date_start="2026-06-01",
                    date_end="2026-06-10",
                    quantity=9,
                ),
                booking_line("Lagoon kayak tour", "tour", 60, 43.21),
            ],
            travellers=cls.customer,
            destination_country_ids=[Command.set(cls.env.ref("base.pt").ids)],
            departure_date="2026-06-01",
            return_date="2026-06-10",
        )

    def _pdf_text(self, pdf):
        """The text of a PDF, as pdftotext reads it (one space between words)."""
        self.assertTrue(pdf.startswith(b"%PDF-"), "wkhtmltopdf made no PDF")
        pdftotext = shutil.which("pdftotext")
        self.assertTrue(pdftotext, "pdftotext (Debian's poppler-utils) is missing")
        text = subprocess.run(
            [pdftotext, "-enc", "UTF-8", "-", "-"],
            input=pdf,
            capture_output=True,
            check=True,
        ).stdout.decode()
        return " ".join(text.split())

    @contextmanager
    def _assert_no_pdf_faults(self):
        """No error logged, and no warning but Debian's wkhtmltopdf notices."""
        capture = _Capture()
        logger = logging.getLogger("odoo")
        logger.addHandler(capture)
        try:
            yield
        finally:
            logger.removeHandler(capture)
        faults = [
            record.getMessage()
            for record in capture.records
            if record.levelno >= logging.ERROR
            or WKHTMLTOPDF_NOTICES.sub("", record.getMessage()).strip()
        ]
        self.assertEqual(faults, [])

    def _render(self, report_ref, records, user):
        """The report's PDF text, rendered by wkhtmltopdf as ``user``."""
        self.assertEqual(
            self.env["ir.actions.report"].get_wkhtmltopdf_state(),
            "ok",
            "wkhtmltopdf is missing or unusable: PDFs cannot be printed",
        )
        with self._assert_no_pdf_faults():
            pdf, fmt = (
                self.env["ir.actions.report"]
                .with_user(user)
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(report_ref, records.ids)
            )
        self.assertEqual(fmt, "pdf")
        return self._pdf_text(pdf)

    def _assert_booking_pdf(self, text):
        for expected in (
            self.booking.name,
            "Petra Pdfington",
            "Harbour view suite",
            "Lagoon kayak tour",
            "1,350.00",  # the suite: 9 nights at 150
            "1,410.00",  # the total
        ):
            self.assertIn(expected, text)
        for cost in ("111.11", "43.21", "999.99", "1,043.20"):
            self.assertNotIn(cost, text, "the customer's PDF never shows costs")

    def test_proposal_pdf_shows_customer_reference_services_and_prices(self):
        text = self._render(ITINERARY, self.booking, self.agent)
        self.assertIn("Travel Proposal", text)
        self.assertNotIn("Booking Confirmation", text)
        self._assert_booking_pdf(text)

    def test_itinerary_pdf_of_a_confirmed_booking_is_a_confirmation(self):
        self.booking.with_user(self.agent).action_confirm()
        text = self._render(ITINERARY, self.booking, self.agent)
        self.assertIn("Booking Confirmation", text)
        self.assertNotIn("Travel Proposal", text)
        self._assert_booking_pdf(text)

    def test_proposal_pdf_compares_options_without_costs(self):
        booking = create_booking(
            self.env(user=self.agent),
            self.customer,
            [booking_line("Lagoon kayak tour", "tour", 60, 43.21)],
            departure_date="2026-06-01",
            return_date="2026-06-10",
        )
        cliff, garden = self.env["travel.booking.option"].create(
            [
                {"booking_id": booking.id, "name": "Cliff-top villa", "sequence": 1},
                {"booking_id": booking.id, "name": "Garden rooms", "sequence": 2},
            ]
        )
        booking.write(
            {
                "validity_date": "2026-05-01",
                "line_ids": [
                    booking_line("Villa", "hotel", 300, 222.22, option_id=cliff.id),
                    booking_line("Room", "hotel", 120, 88.88, option_id=garden.id),
                    booking_line("Dolphin cruise", "tour", 45, 33.33, is_optional=True),
                ],
            }
        )
        text = self._render(
            "travel_crm.travel_booking_report_proposal", booking, self.agent
        )
        for expected in (
            "Travel Proposal",
            "Cliff-top villa",
            "Garden rooms",
            "360.00",  # villa and the common tour
            "180.00",  # room and the common tour
            "Dolphin cruise",
            "Add-ons to choose",
            "Valid until",
        ):
            self.assertIn(expected, text)
        for cost in ("222.22", "88.88", "33.33", "43.21"):
            self.assertNotIn(cost, text, "the proposal never shows costs")

    def test_privacy_export_pdf_shows_the_travellers_data(self):
        traveller = self.env["res.partner"].create(
            {
                "name": "Quentin Quillfeather",
                "email": "quentin.quill@example.com",
                "is_traveller": True,
            }
        )
        text = self._render(PRIVACY_EXPORT, traveller, self.manager)
        for expected in (
            "Personal data held on Quentin Quillfeather",
            "quentin.quill@example.com",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("Petra Pdfington", text)
        log = self.env["travel.privacy.log"].search([("partner_id", "=", traveller.id)])
        self.assertEqual(log.mapped("kind"), ["export_pdf"])

    def test_send_by_email_attaches_the_itinerary_pdf(self):
        booking = self.booking.with_user(self.agent)
        action = booking.action_send_email()
        with self._assert_no_pdf_faults():
            composer = Form(
                self.env["mail.compose.message"]
                .with_user(self.agent)
                # the mail waits in the outgoing queue, as a batch would
                .with_context(
                    **action["context"],
                    force_report_rendering=True,
                    mail_notify_force_send=False,
                )
            ).save()
            composer.action_send_mail()

        message = self.booking.message_ids.filtered(
            lambda m: m.message_type == "comment"
        )
        self.assertEqual(len(message), 1)
        self.assertIn(self.customer, message.partner_ids)
        attachment = message.attachment_ids
        self.assertEqual(len(attachment), 1)
        self.assertEqual(attachment.mimetype, "application/pdf")
        self.assertEqual(
            attachment.name, f"Itinerary - {self.booking.name.replace('/', '-')}.pdf"
        )
        text = self._pdf_text(attachment.raw)
        self.assertIn("Travel Proposal", text)
        self._assert_booking_pdf(text)
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertEqual(mail.state, "outgoing")
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertEqual(mail.attachment_ids, attachment)
        self.assertIn(self.booking.name, mail.body_html)
