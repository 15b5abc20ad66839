from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import travel_user
from .loyalty_common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestLoyaltyAccess(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = travel_user(
            cls.env,
            login="loyalty_agent",
            groups="base.group_user,travel_crm.group_travel_agent",
        )
        cls.manager = travel_user(
            cls.env,
            login="loyalty_manager",
            groups="base.group_user,travel_crm.group_travel_manager",
        )
        cls.accountant = travel_user(
            cls.env,
            login="loyalty_accountant",
            groups="base.group_user,account.group_account_invoice",
        )
        cls.portal = travel_user(
            cls.env, login="loyalty_portal", groups="base.group_portal"
        )
        cls.portal_partner = cls.portal.partner_id
        cls.other = cls.env["res.partner"].create({"name": "Someone Else"})

    def _adjust_vals(self, **vals):
        return {
            "partner_id": self.customer.id,
            "transaction_type": "adjust",
            "points": 250,
            "reason": "Goodwill after a delayed transfer",
            **vals,
        }

    def test_only_managers_adjust_points_with_a_reason(self):
        Transaction = self.env["travel.loyalty.transaction"]
        with self.assertRaises(AccessError):
            Transaction.with_user(self.agent).create(self._adjust_vals())
        with self.assertRaises(AccessError):
            self.env["travel.loyalty.adjust.wizard"].with_user(self.agent).create(
                {"partner_id": self.customer.id, "points": 10, "reason": "x"}
            )
        as_manager = Transaction.with_user(self.manager)
        with self.assertRaisesRegex(UserError, "reason"):
            as_manager.create(self._adjust_vals(reason=" "))
        with self.assertRaisesRegex(UserError, "come from bookings and the programme"):
            as_manager.create(self._adjust_vals(transaction_type="earn"))
        with self.assertRaisesRegex(UserError, "set by the programme"):
            as_manager.create(self._adjust_vals(qualifying_points=99999))
        with self.assertRaisesRegex(UserError, "cannot be deducted"):
            as_manager.create(self._adjust_vals(points=-1))
        self.assertFalse(self._entries())
        wizard = Form(
            self.env["travel.loyalty.adjust.wizard"]
            .with_user(self.manager)
            .with_context(default_partner_id=self.customer.id)
        )
        wizard.points = 250
        wizard.reason = "Goodwill after a delayed transfer"
        wizard.save().action_apply()
        entry = self._entries()
        self.assertEqual(entry.transaction_type, "adjust")
        self.assertEqual(entry.create_uid, self.manager)
        self.assertEqual(self.customer.loyalty_points, 250)
        with self.assertRaises(AccessError):
            entry.with_user(self.manager).unlink()
        with self.assertRaises(UserError):
            entry.with_user(self.manager).write({"points": 1})
        self.assertLedgerBalanced()

    def test_only_managers_set_a_tier_and_it_is_recorded(self):
        with self.assertRaises(AccessError):
            self.customer.with_user(self.agent).write({"loyalty_tier_id": self.gold.id})
        self.customer.with_user(self.manager).write({"loyalty_tier_id": self.gold.id})
        self.assertEqual(self.customer.loyalty_tier_id, self.gold)
        self.assertEqual(self.customer.loyalty_tier_history_ids.change, "manual")

    def test_agents_redeem_on_bookings_and_read_ledgers(self):
        self._done_booking(price=1000)
        booking = self._booking(price=500).with_user(self.agent)
        wizard = Form(
            self.env["travel.loyalty.redeem.wizard"]
            .with_user(self.agent)
            .with_context(default_booking_id=booking.id)
        )
        wizard.points = 400
        wizard.save().action_apply()
        self.assertEqual(self.customer.loyalty_points, 600)
        ledger = (
            self.env["travel.loyalty.transaction"]
            .with_user(self.agent)
            .search([("partner_id", "=", self.customer.id)])
        )
        self.assertEqual(len(ledger), 2)
        self.assertEqual(self.customer.with_user(self.agent).loyalty_points, 600)
        with self.assertRaises(AccessError):
            ledger.with_user(self.agent).unlink()
        self.assertLedgerBalanced()

    def test_portal_user_reads_only_their_own_ledger(self):
        self._done_booking(partner=self.portal_partner, price=300)
        self._done_booking(partner=self.other, price=700)
        Transaction = self.env["travel.loyalty.transaction"].with_user(self.portal)
        own = Transaction.search([])
        self.assertEqual(own.partner_id, self.portal_partner)
        self.assertEqual(own.points, 300)
        others = self._entries(self.other)
        with self.assertRaises(AccessError):
            others.with_user(self.portal).read(["points"])
        with self.assertRaises(AccessError):
            Transaction.create(
                {
                    "partner_id": self.portal_partner.id,
                    "transaction_type": "adjust",
                    "points": 1000,
                    "reason": "me",
                }
            )
        self.assertLedgerBalanced(self.portal_partner, self.other)

    def test_accountants_read_ledger_and_liability_but_write_nothing(self):
        self._done_booking(price=1000)
        self.env.flush_all()
        ledger = self.env["travel.loyalty.transaction"].with_user(self.accountant)
        self.assertEqual(
            ledger.search([("partner_id", "=", self.customer.id)]).points, 1000
        )
        report = self.env["travel.loyalty.liability.report"].with_user(self.accountant)
        line = report.search([("partner_id", "=", self.customer.id)])
        self.assertAlmostEqual(line.liability, 10.0)
        with self.assertRaises(AccessError):
            ledger.create(self._adjust_vals())
        with self.assertRaises(AccessError):
            self.env["travel.loyalty.liability.report"].with_user(self.agent).search([])

    def test_ledger_and_liability_stay_within_the_company(self):
        self._done_booking(price=1000)
        other_company = self.env["res.company"].create({"name": "Other Agency"})
        outsider = travel_user(
            self.env,
            login="loyalty_outsider",
            groups="base.group_user,travel_crm.group_travel_manager",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
        )
        self.env.flush_all()
        ledger = self.env["travel.loyalty.transaction"].with_user(outsider)
        self.assertFalse(ledger.search([("partner_id", "=", self.customer.id)]))
        report = self.env["travel.loyalty.liability.report"].with_user(outsider)
        self.assertFalse(report.search([("partner_id", "=", self.customer.id)]))
        # the balance is the customer's, whatever company looks at it
        self.assertEqual(self.customer.with_user(outsider).loyalty_points, 1000)
