"""Complaints from report to closure: who is on them, the lifecycle, the
compensation (the SLA: test_service_complaint_sla.py)."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .service_common import ServiceRecoveryCase


@tagged("post_install", "-at_install")
class TestComplaintWorkflow(ServiceRecoveryCase):
    def test_supplier_is_taken_from_the_booking_service_of_the_category(self):
        complaint = self._complaint(category_id=self.category_accommodation.id)
        self.assertEqual(complaint.supplier_id, self.hotel)
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.user_id, self.user_agent, "the booking's agent")
        flight_line = self.booking.line_ids.filtered(
            lambda line: line.service_type == "flight"
        )
        complaint.booking_line_id = flight_line
        self.assertEqual(complaint.supplier_id, self.airline)
        # two suppliers and no hint: left empty for the agent to choose
        self.assertFalse(self._complaint().supplier_id)

    def test_form_fills_customer_from_booking(self):
        form = Form(self.env["travel.complaint"].with_user(self.user_agent))
        form.subject = "Guide never showed up"
        form.booking_id = self.booking
        self.assertEqual(form.partner_id, self.customer)
        complaint = form.save()
        self.assertEqual(complaint.state, "new")
        self.assertEqual(complaint.company_id, self.booking.company_id)

    def test_resolve_requires_a_resolution_and_writes_nothing_without_it(self):
        complaint = self._complaint()
        with self.assertRaises(UserError):
            complaint.action_resolve()
        self.assertEqual(complaint.state, "new")
        self.assertFalse(complaint.date_resolved)
        complaint.resolution = "<p><br></p>"
        with self.assertRaises(UserError):
            complaint.action_resolve()

    def test_lifecycle_start_resolve_close_reopen_is_tracked(self):
        complaint = self._complaint()
        complaint.with_user(self.agent_2).action_start()
        self.assertEqual(complaint.state, "in_progress")
        # the first response is a reply sent to the customer, not this step
        self.assertFalse(complaint.first_response_date)
        with self.assertRaises(UserError):
            complaint.action_close()
        complaint.resolution = "<p>Partial refund agreed with the hotel.</p>"
        complaint.action_resolve()
        self.assertEqual(complaint.state, "resolved")
        self.assertTrue(complaint.date_resolved)
        complaint.action_close()
        self.assertEqual(complaint.state, "closed")
        self.env.flush_all()
        self.env.cr.flush()  # tracking of what happened so far
        complaint.action_reopen()
        self.assertEqual(complaint.state, "in_progress")
        self.assertFalse(complaint.date_resolved)
        self.assertEqual(complaint.reopen_count, 1)
        self.env.flush_all()
        self.env.cr.flush()
        complaint.invalidate_recordset(["message_ids"])
        tracked = complaint.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "state"
        )
        self.assertIn("In Progress", tracked.mapped("new_value_char"))
        self.assertIn("Closed", tracked.mapped("old_value_char"))
        self.assertTrue(
            any("reopened" in (m.body or "") for m in complaint.message_ids)
        )
        with self.assertRaises(UserError):
            complaint.action_reopen()

    def test_actions_work_on_several_complaints(self):
        complaints = self._complaint() | self._complaint()
        complaints.action_start()
        complaints.write({"resolution": "<p>Apologies</p>"})
        complaints.action_resolve()
        self.assertEqual(set(complaints.mapped("state")), {"resolved"})

    def test_compensation_amount_required_for_voucher(self):
        complaint = self._complaint(
            resolution="<p>Voucher</p>", compensation_type="voucher"
        )
        with self.assertRaises(UserError):
            complaint.action_resolve()
        self.assertEqual(complaint.state, "new")

    def test_loyalty_points_compensation_posts_one_ledger_entry(self):
        complaint = self._complaint(
            resolution="<p>Points</p>",
            compensation_type="loyalty_points",
            compensation_points=500,
        )
        balance = self.customer.loyalty_points
        complaint.action_resolve()
        entry = self.env["travel.loyalty.transaction"].search(
            [("booking_id", "=", self.booking.id), ("points", "=", 500)]
        )
        self.assertEqual(len(entry), 1)
        self.assertTrue(complaint.compensation_done)
        self.assertEqual(self.customer.loyalty_points, balance + 500)


@tagged("post_install", "-at_install")
class TestComplaintRefund(ServiceRecoveryCase):
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
                "partner_id": cls.customer.id,
                "invoice_date": "2026-09-01",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Trip to Porto",
                            "quantity": 1,
                            "price_unit": 900,
                            "account_id": income.id,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        cls.invoice.action_post()
        cls.booking.invoice_ids = [Command.link(cls.invoice.id)]

    def test_refund_creates_a_draft_credit_note_against_the_invoice(self):
        complaint = self._complaint(
            resolution="<p>Refund of one night</p>",
            compensation_type="refund",
            compensation_amount=100,
        )
        complaint.with_user(self.user_agent).action_resolve()
        refund = complaint.refund_move_id
        self.assertTrue(refund)
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.state, "draft")
        self.assertEqual(refund.reversed_entry_id, self.invoice)
        self.assertEqual(refund.partner_id, self.customer)
        self.assertEqual(refund.amount_total, 100)
        self.assertIn(refund, self.booking.invoice_ids)
        # an agent without accounting rights still opens the complaint
        form = Form(complaint.with_user(self.user_agent))
        self.assertEqual(form.refund_move_id, refund)
        self.assertTrue(complaint.compensation_done)
        # reopening and resolving again does not refund twice
        complaint.action_reopen()
        complaint.action_resolve()
        self.assertEqual(
            self.env["account.move"].search_count(
                [("reversed_entry_id", "=", self.invoice.id)]
            ),
            1,
        )

    def test_refund_above_invoice_or_without_invoice_is_refused(self):
        complaint = self._complaint(
            resolution="<p>Refund</p>",
            compensation_type="refund",
            compensation_amount=5000,
        )
        with self.assertRaises(UserError):
            complaint.action_resolve()
        self.assertEqual(complaint.state, "new")
        other_booking = self._make_booking()
        complaint = self._complaint(
            booking_id=other_booking.id,
            resolution="<p>Refund</p>",
            compensation_type="refund",
            compensation_amount=50,
        )
        with self.assertRaises(UserError):
            complaint.action_resolve()
        self.assertFalse(complaint.refund_move_id)
