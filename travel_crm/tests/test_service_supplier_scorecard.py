from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .service_common import ServiceRecoveryCase


@tagged("post_install", "-at_install")
class TestSupplierScorecard(ServiceRecoveryCase):
    def test_scorecard_counts_services_complaints_feedback_and_breaches(self):
        bookings = self.booking | self._make_booking() | self._make_booking()
        t0 = datetime(2026, 3, 2, 9, 0)
        with freeze_time(t0):
            late = self.env["travel.complaint"].create(
                {
                    "subject": "Dirty room",
                    "booking_id": bookings[0].id,
                    "category_id": self.category_accommodation.id,
                    "priority": "3",
                }
            )
        with freeze_time(t0 + timedelta(days=1)):
            self.env["travel.complaint"]._cron_escalate_sla()
        self.assertEqual(late.supplier_id, self.hotel)
        self.assertEqual(late.sla_status, "breached")
        feedback = self.env["travel.feedback"]
        for booking, score in zip(bookings[:2], (4, 9), strict=True):
            feedback |= feedback.create(
                {
                    "booking_id": booking.id,
                    "partner_id": self.customer.id,
                    "score": score,
                }
            )
        self.env.flush_all()
        hotel = self.hotel.with_user(self.user_agent)
        self.assertEqual(hotel.supplier_service_count, 3)
        self.assertEqual(hotel.supplier_booking_count, 3)
        self.assertEqual(hotel.supplier_complaint_count, 1)
        self.assertAlmostEqual(hotel.supplier_complaint_rate, 33.3, places=1)
        self.assertEqual(hotel.supplier_feedback_score, 6.5)
        self.assertEqual(hotel.supplier_sla_breach_count, 1)
        self.assertEqual(
            self.airline.with_user(self.user_agent).supplier_complaint_count, 0
        )
        self.assertEqual(
            self.customer.with_user(self.user_agent).supplier_service_count, 0
        )

    def test_scorecard_of_many_partners_uses_a_fixed_number_of_queries(self):
        partners = self.hotel | self.airline | self.customer
        partners.invalidate_recordset()
        with self.assertQueryCount(6):
            partners.with_user(self.user_agent).mapped("supplier_complaint_rate")
