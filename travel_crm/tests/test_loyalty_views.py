from odoo.tests import Form, tagged

from .common import travel_user
from .loyalty_common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestLoyaltyViews(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = travel_user(
            cls.env,
            login="loyalty_view_agent",
            groups="base.group_user,travel_crm.group_travel_agent",
        )

    def test_settings_change_the_company_programme(self):
        settings = Form(self.env["res.config.settings"])
        settings.loyalty_point_value = 0.05
        settings.loyalty_expiry_months = 18
        settings.loyalty_earn_basis = "margin"
        settings.save().execute()
        self.assertEqual(self.company.loyalty_point_value, 0.05)
        self.assertEqual(self.company.loyalty_expiry_months, 18)
        self.assertEqual(self.company.loyalty_earn_basis, "margin")

    def test_agent_sees_tier_balance_and_expiring_points_on_the_traveller(self):
        self._done_booking(price=5200)
        form = Form(self.customer.with_user(self.agent))
        self.assertEqual(form.loyalty_tier_id, self.gold)
        self.assertEqual(form.loyalty_points, 5200)
        self.assertEqual(form.loyalty_qualifying_points, 5200)
        self.assertEqual(form.loyalty_expiring_points, 0)
        action = self.customer.with_user(self.agent).action_view_loyalty_ledger()
        ledger = (
            self.env[action["res_model"]].with_user(self.agent).search(action["domain"])
        )
        self.assertEqual(ledger.points, 5200)

    def test_agent_uses_points_from_the_booking_form(self):
        self._done_booking(price=1000)
        booking = self._booking(price=300).with_user(self.agent)
        form = Form(booking)
        self.assertEqual(form.partner_loyalty_points, 1000)
        action = booking.action_loyalty_use_points()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.agent)
            .with_context(**action["context"])
        )
        wizard.points = 500
        wizard.save().action_apply()
        form = Form(booking)
        self.assertEqual(form.loyalty_discount, 5.0)
        self.assertEqual(form.amount_total_after_points, 295.0)

    def test_manager_reverses_a_redemption_from_the_ledger_form(self):
        manager = travel_user(
            self.env,
            login="loyalty_view_manager",
            groups="base.group_user,travel_crm.group_travel_manager",
        )
        self._done_booking(price=1000)
        redeem = self.Transaction.with_user(self.agent).create(
            {
                "partner_id": self.customer.id,
                "transaction_type": "redeem",
                "points": -400,
                "reason": "Lounge pass",
            }
        )
        arch = {
            user: self.Transaction.with_user(user).get_views([(False, "form")])[
                "views"
            ]["form"]["arch"]
            for user in (manager, self.agent)
        }
        self.assertIn('name="action_reverse"', arch[manager])
        self.assertNotIn('name="action_reverse"', arch[self.agent])
        form = Form(redeem.with_user(manager))
        self.assertFalse(form.reversal_ids)
        redeem.with_user(manager).action_reverse()
        self.assertEqual(self.customer.loyalty_points, 1000)
        self.assertEqual(len(Form(redeem.with_user(manager)).reversal_ids), 1)
        self.assertEqual(redeem.reversal_ids.points, 400)
        self.assertLedgerBalanced()

    def test_members_per_tier_groups_customers(self):
        self._done_booking(price=100)
        gold_customer = self.env["res.partner"].create({"name": "Goldie"})
        self._done_booking(partner=gold_customer, price=6000)
        action = self.env.ref("travel_crm.res_partner_loyalty_member_action")
        groups = dict(
            self.env["res.partner"]._read_group(
                [
                    ("loyalty_tier_id", "!=", False),
                    ("id", "in", (self.customer | gold_customer).ids),
                ],
                ["loyalty_tier_id"],
                ["__count"],
            )
        )
        self.assertEqual(groups, {self.silver: 1, self.gold: 1})
        self.assertEqual(action.domain, "[('loyalty_tier_id', '!=', False)]")
        self.assertIn(gold_customer, self.gold.member_ids)
        members = self.gold.action_view_members()
        self.assertIn(gold_customer, self.env["res.partner"].search(members["domain"]))
