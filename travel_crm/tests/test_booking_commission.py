from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import booking_line, create_booking


@tagged("post_install", "-at_install")
class TestBookingCommission(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an agency of its own: its rules are the only ones its bookings meet,
        # whatever rules the database's other companies (the demo agency) keep
        cls.company = cls.env["res.company"].create({"name": "Commission Agency"})
        cls.env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=cls.company.ids)
        )
        agent_groups = "base.group_user,travel_crm.group_travel_agent"
        in_company = {
            "company_id": cls.company.id,
            "company_ids": [Command.set(cls.company.ids)],
        }
        cls.eva = new_test_user(
            cls.env, login="com_eva", groups=agent_groups, **in_company
        )
        cls.tom = new_test_user(
            cls.env, login="com_tom", groups=agent_groups, **in_company
        )
        cls.customer = cls.env["res.partner"].create({"name": "Cora Client"})
        Rule = cls.env["travel.commission.rule"]
        Rule.create({"service_type": "hotel", "rate": 10})
        Rule.create({"service_type": "flight", "rate": 2})
        Rule.create({"user_id": cls.eva.id, "rate": 20})
        Rule.create({"user_id": cls.eva.id, "service_type": "flight", "rate": 5})

    def _booking(self, agent):
        return create_booking(
            self.env,
            self.customer,
            [
                booking_line("Hotel", "hotel", 100, 80, quantity=5),
                booking_line("Flight", "flight", 500, 400),
                booking_line("Transfer", "transfer", 50, 30),
            ],
            user_id=agent.id,
        )

    def test_the_most_specific_rule_sets_the_rate(self):
        eva_booking, tom_booking = self._booking(self.eva), self._booking(self.tom)
        # margins: hotel 100, flight 100, transfer 20
        self.assertEqual(eva_booking.line_ids.mapped("commission_rate"), [20, 5, 20])
        self.assertEqual(eva_booking.commission_amount, 20 + 5 + 4)
        self.assertEqual(tom_booking.line_ids.mapped("commission_rate"), [10, 2, 0])
        self.assertEqual(tom_booking.commission_amount, 12)

    def test_reassigning_the_agent_recomputes_and_losses_earn_nothing(self):
        booking = self._booking(self.tom)
        booking.user_id = self.eva
        self.assertEqual(booking.commission_amount, 29)
        booking.line_ids.filtered(lambda li: li.service_type == "hotel").cost_unit = 150
        # hotel now loses 250: no commission on it, the others unchanged
        self.assertEqual(booking.commission_amount, 9)

    def test_changing_a_rule_does_not_rewrite_past_commissions(self):
        booking = self._booking(self.tom)
        # the request that saved the booking ends: stored values are written
        self.env.flush_all()
        self.env["travel.commission.rule"].search(
            [
                ("company_id", "=", self.company.id),
                ("service_type", "=", "hotel"),
                ("user_id", "=", False),
            ]
        ).rate = 50
        booking.invalidate_recordset()
        self.assertEqual(booking.commission_amount, 12)
        self.assertEqual(self._booking(self.tom).commission_amount, 52)

    def test_commission_reported_per_agent_and_month(self):
        with freeze_time("2026-03-15"):
            self._booking(self.eva).action_confirm()
            self._booking(self.tom).action_confirm()
        with freeze_time("2026-04-02"):
            self._booking(self.eva).action_confirm()
        self._booking(self.eva)  # a draft earns nothing yet
        groups = self.env["travel.booking"]._read_group(
            [
                ("state", "in", ("confirmed", "in_progress", "done")),
                ("user_id", "in", (self.eva + self.tom).ids),
            ],
            ["user_id", "date_confirmed:month"],
            ["commission_amount:sum"],
        )
        self.assertEqual(
            sorted((u.login, str(m), c) for u, m, c in groups),
            [
                ("com_eva", "2026-03-01", 29),
                ("com_eva", "2026-04-01", 29),
                ("com_tom", "2026-03-01", 12),
            ],
        )

    def test_rules_are_validated_and_kept_by_managers(self):
        Rule = self.env["travel.commission.rule"]
        with self.assertRaises(ValidationError):
            Rule.create({"rate": 5})
        with self.assertRaises(ValidationError):
            Rule.create({"service_type": "tour", "rate": 120})
        with self.assertRaises(ValidationError):
            Rule.create({"service_type": "hotel", "rate": 3})
        self.assertEqual(
            Rule.search_count(
                [("company_id", "=", self.company.id), ("service_type", "=", "tour")]
            ),
            0,
        )
        with self.assertRaises(AccessError):
            Rule.with_user(self.eva).create({"service_type": "tour", "rate": 1})
        self.assertTrue(
            Rule.with_user(self.eva).search([("user_id", "=", self.eva.id)])
        )
