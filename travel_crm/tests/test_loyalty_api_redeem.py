"""Redemption through ``create`` (the API): who may, what is refused, and that
it is the same locked first-in first-out path as *Use Points*; reversal of a
redemption gives the points back to the lots they came from."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import travel_user
from .loyalty_common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestLoyaltyApiRedeem(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = travel_user(
            cls.env,
            login="api_redeem_agent",
            groups="base.group_user,travel_crm.group_travel_agent",
        )
        cls.manager = travel_user(
            cls.env,
            login="api_redeem_manager",
            groups="base.group_user,travel_crm.group_travel_manager",
        )
        cls.today = fields.Date.context_today(cls.env["res.partner"])

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _lots(self, partner, *lots):
        """Bonus lots of ``partner``: ``(points, days ago[, expiry])``."""
        entries = self.Transaction.browse()
        for points, days_ago, *expiry in lots:
            vals = {
                "name": f"Lot {days_ago}",
                "partner_id": partner.id,
                "transaction_type": "bonus",
                "points": points,
                "date": self.today - timedelta(days=days_ago),
            }
            if expiry:
                vals["expiry_date"] = expiry[0]
            entries |= self.Transaction.sudo().create(vals)
        return entries

    def _redeem_vals(self, partner=None, **vals):
        return {
            "partner_id": (partner or self.customer).id,
            "transaction_type": "redeem",
            "points": -300,
            "reason": "Lounge pass",
            **vals,
        }

    def _counts(self, partner):
        """(ledger entries, consumption rows) of ``partner``."""
        entries = self._entries(partner)
        consumptions = self.env["travel.loyalty.consumption"].search_count(
            [
                "|",
                ("consumer_id", "in", entries.ids),
                ("award_id", "in", entries.ids),
            ]
        )
        return len(entries), consumptions

    def _drawn(self, entry, lots):
        """[(index of the lot, points)] a negative entry drew on ``lots``."""
        return [
            (list(lots).index(row.award_id), row.points)
            for row in entry.consumption_ids.sorted("id")
        ]

    # ------------------------------------------------------------------
    # accepted
    # ------------------------------------------------------------------

    def test_agent_and_manager_redeem_with_a_reason(self):
        for user in (self.agent, self.manager):
            with self.subTest(user=user.login):
                partner = self.env["res.partner"].create({"name": f"R {user.login}"})
                lot = self._lots(partner, (1000, 10))
                entry = self.Transaction.with_user(user).create(
                    self._redeem_vals(partner, name="Seat upgrade")
                )
                self.assertEqual(entry.transaction_type, "redeem")
                self.assertEqual(entry.points, -300)
                self.assertEqual(entry.name, "Seat upgrade")
                self.assertEqual(entry.reason, "Lounge pass")
                self.assertFalse(entry.booking_id)
                self.assertEqual(entry.company_id, self.company)
                self.assertEqual(partner.loyalty_points, 700)
                self.assertEqual(entry.consumption_ids.award_id, lot)
                self.assertEqual(entry.consumption_ids.points, 300)
                self.assertEqual(lot.open_points, 700)
                self.assertLedgerBalanced(partner)

    def test_agent_and_manager_redeem_on_a_booking(self):
        for user in (self.agent, self.manager):
            with self.subTest(user=user.login):
                partner = self.env["res.partner"].create({"name": f"B {user.login}"})
                self._lots(partner, (1000, 10))
                booking = self._booking(partner, price=800)
                entry = self.Transaction.with_user(user).create(
                    {
                        "partner_id": partner.id,
                        "transaction_type": "redeem",
                        "points": -500,
                        "booking_id": booking.id,
                    }
                )
                self.assertEqual(entry.booking_id, booking)
                self.assertEqual(entry.amount, 5.0)
                self.assertEqual(booking.loyalty_discount, 5.0)
                self.assertEqual(booking.amount_total_after_points, 795.0)
                self.assertEqual(booking.loyalty_points_redeemed, 500)
                self.assertEqual(partner.loyalty_points, 500)
                self.assertLedgerBalanced(partner)

    # ------------------------------------------------------------------
    # refused, nothing written
    # ------------------------------------------------------------------

    def test_refusals_write_nothing(self):
        self._lots(self.customer, (1000, 10))
        other = self.env["res.partner"].create({"name": "Other Customer"})
        others_booking = self._booking(other, price=800)
        as_agent = self.Transaction.with_user(self.agent)
        as_manager = self.Transaction.with_user(self.manager)
        before = self._counts(self.customer)
        cases = [
            ("positive points", as_agent, {"points": 300}, UserError, "negative"),
            ("zero points", as_agent, {"points": 0}, UserError, "negative"),
            ("no reason", as_agent, {"reason": "  "}, UserError, "Give a reason"),
            (
                "another customer's booking",
                as_agent,
                {"booking_id": others_booking.id},
                UserError,
                "is a booking of Other Customer",
            ),
            ("short balance", as_agent, {"points": -1001}, UserError, "has 1000"),
            ("short balance", as_manager, {"points": -1001}, UserError, "has 1000"),
            ("below the minimum", as_agent, {"points": -99}, UserError, "At least 100"),
            (
                "a field of the programme",
                as_agent,
                {"expiry_date": "2030-01-01"},
                UserError,
                "set by the programme",
            ),
            ("backdated", as_manager, {"date": "2020-01-01"}, UserError, "programme"),
            # values of the wrong type: the same clean refusal for an agent
            # (no create right on the ledger) as for a manager
            ("text points", as_agent, {"points": "lots"}, ValidationError, "points"),
            ("list points", as_agent, {"points": [1]}, ValidationError, "points"),
            ("text booking", as_agent, {"booking_id": "abc"}, ValidationError, "abc"),
            ("text customer", as_agent, {"partner_id": "abc"}, ValidationError, "abc"),
            ("text company", as_agent, {"company_id": "x"}, ValidationError, "x"),
            ("text points", as_manager, {"points": "lots"}, ValidationError, "points"),
        ]
        for label, model, vals, error, message in cases:
            with (
                self.subTest(label, user=model.env.user.login),
                self.assertRaisesRegex(error, message),
            ):
                model.create(self._redeem_vals(**vals))
        self.assertEqual(self._counts(self.customer), before)
        self.assertEqual(self.customer.loyalty_points, 1000)
        self.assertLedgerBalanced()

    def test_short_balance_writes_not_even_the_expiry(self):
        """The rule expires what is due before it checks the balance; a refused
        redemption leaves no expiry entry behind either."""
        self._lots(
            self.customer,
            (400, 400, self.today - timedelta(days=30)),
            (200, 10),
        )
        before = self._counts(self.customer)
        with self.assertRaisesRegex(UserError, "has 200 points"):
            self.Transaction.with_user(self.agent).create(
                self._redeem_vals(points=-300)
            )
        self.assertEqual(self._counts(self.customer), before)

    def test_programme_switched_off_refuses(self):
        self._lots(self.customer, (1000, 10))
        self.company.loyalty_enabled = False
        before = self._counts(self.customer)
        with self.assertRaisesRegex(UserError, "not active"):
            self.Transaction.with_user(self.agent).create(self._redeem_vals())
        self.assertEqual(self._counts(self.customer), before)

    def test_other_company_is_refused(self):
        other_company = self.env["res.company"].create(
            {"name": "Other Agency", "loyalty_enabled": True}
        )
        foreign = self.env["res.partner"].create(
            {"name": "Foreign Customer", "company_id": other_company.id}
        )
        self._lots(foreign, (1000, 10))
        local = self.env["res.partner"].create({"name": "Local Customer"})
        self._lots(local, (1000, 10))
        both = travel_user(
            self.env,
            login="api_redeem_both",
            groups="base.group_user,travel_crm.group_travel_agent",
            company_ids=[Command.set((self.company | other_company).ids)],
        )
        before = self._counts(foreign), self._counts(local)
        as_agent = self.Transaction.with_user(self.agent)
        with self.assertRaises(AccessError):
            # an agent of one company cannot reach a customer of another
            as_agent.create(self._redeem_vals(foreign))
        with self.assertRaises(AccessError):
            as_agent.create(self._redeem_vals(local, company_id=other_company.id))
        with self.assertRaisesRegex(UserError, "is a customer of Other Agency"):
            self.Transaction.with_user(both).create(
                self._redeem_vals(foreign, company_id=self.company.id)
            )
        self.assertEqual((self._counts(foreign), self._counts(local)), before)

    def test_programme_entries_and_outsiders_are_refused(self):
        self._lots(self.customer, (1000, 10))
        portal = travel_user(
            self.env, login="api_redeem_portal", groups="base.group_portal"
        )
        internal = travel_user(
            self.env, login="api_redeem_internal", groups="base.group_user"
        )
        before = self._counts(self.customer)
        for kind, points in (
            ("earn", 50),
            ("bonus", 50),
            ("referral", 50),
            ("expire", -50),
        ):
            for user in (self.agent, self.manager):
                with (
                    self.subTest(kind, user=user.login),
                    self.assertRaisesRegex(
                        UserError, "come from bookings and the programme"
                    ),
                ):
                    self.Transaction.with_user(user).create(
                        self._redeem_vals(transaction_type=kind, points=points)
                    )
        for user in (portal, internal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Transaction.with_user(user).create(self._redeem_vals())
        with self.assertRaises(AccessError):
            # adjustments stay the managers'
            self.Transaction.with_user(self.agent).create(
                self._redeem_vals(transaction_type="adjust", points=50)
            )
        self.assertEqual(self._counts(self.customer), before)

    # ------------------------------------------------------------------
    # the same path as Use Points
    # ------------------------------------------------------------------

    def test_fifo_is_the_same_as_use_points(self):
        """Oldest lot first, an expired lot expired first and not drawn on, by
        the wizard and by create alike."""
        expired = self.today - timedelta(days=5)
        drawn = {}
        for path in ("wizard", "create"):
            partner = self.env["res.partner"].create({"name": f"FIFO {path}"})
            lots = self._lots(
                partner, (100, 400, expired), (200, 300), (200, 200), (200, 100)
            )
            if path == "wizard":
                booking = self._booking(partner, price=800)
                wizard = (
                    self.env["travel.loyalty.redeem.wizard"]
                    .with_user(self.agent)
                    .create({"booking_id": booking.id, "points": 450})
                )
                wizard.action_apply()
            else:
                self.Transaction.with_user(self.agent).create(
                    self._redeem_vals(partner, points=-450)
                )
            entries = self._entries(partner)
            redeem = entries.filtered(lambda e: e.transaction_type == "redeem")
            expiry = entries.filtered(lambda e: e.transaction_type == "expire")
            drawn[path] = (self._drawn(redeem, lots), self._drawn(expiry, lots))
            self.assertEqual(partner.loyalty_points, 150)
            self.assertEqual(lots.mapped("open_points"), [0, 0, 0, 150])
            self.assertLedgerBalanced(partner)
        self.assertEqual(drawn["create"], drawn["wizard"])
        self.assertEqual(drawn["create"], ([(1, 200), (2, 200), (3, 50)], [(0, 100)]))

    # ------------------------------------------------------------------
    # reversal
    # ------------------------------------------------------------------

    def test_reversal_gives_points_back_to_their_lots(self):
        lots = self._lots(self.customer, (200, 300), (200, 200), (200, 100))
        redeem = self.Transaction.with_user(self.agent).create(
            self._redeem_vals(points=-450)
        )
        self.assertEqual(lots.mapped("open_points"), [0, 0, 150])
        expiries = lots.mapped("expiry_date")
        with self.assertRaises(AccessError):
            redeem.with_user(self.agent).action_reverse()
        self.assertTrue(redeem.with_user(self.manager).action_reverse())
        reversal = redeem.reversal_ids
        self.assertEqual(reversal.transaction_type, "adjust")
        self.assertEqual(reversal.points, 450)
        self.assertEqual(reversal.open_points, 0)
        self.assertEqual(redeem.open_points, 0)
        self.assertEqual(lots.mapped("open_points"), [200, 200, 200])
        self.assertEqual(lots.mapped("expiry_date"), expiries)
        given_back = self.env["travel.loyalty.consumption"].search(
            [("reversal_id", "=", reversal.id)]
        )
        self.assertEqual(
            sorted((row.award_id.id, row.points) for row in given_back),
            sorted(
                (lot.id, -taken)
                for lot, taken in zip(lots, (200, 200, 50), strict=True)
            ),
        )
        self.assertEqual(self.customer.loyalty_points, 600)
        self.assertLedgerBalanced()
        before = self._counts(self.customer)
        with self.assertRaisesRegex(UserError, "already reversed"):
            redeem.with_user(self.manager).action_reverse()
        with self.assertRaisesRegex(UserError, "Only redemptions"):
            lots[0].with_user(self.manager).action_reverse()
        self.assertEqual(self._counts(self.customer), before)
        # later redemptions draw on the restored lots, oldest first
        again = self.Transaction.with_user(self.agent).create(
            self._redeem_vals(points=-250)
        )
        self.assertEqual(self._drawn(again, lots), [(0, 200), (1, 50)])
        self.assertLedgerBalanced()

    def test_cancelling_a_booking_gives_its_points_back_to_their_lots(self):
        lots = self._lots(self.customer, (200, 300), (200, 200))
        booking = self._booking(price=800)
        self.Transaction.with_user(self.agent).create(
            {
                "partner_id": self.customer.id,
                "transaction_type": "redeem",
                "points": -300,
                "booking_id": booking.id,
            }
        )
        self.assertEqual(lots.mapped("open_points"), [0, 100])
        booking.cancel_reason = "Customer changed plans"
        booking.action_cancel()
        self.assertEqual(lots.mapped("open_points"), [200, 200])
        self.assertEqual(booking.loyalty_discount, 0.0)
        self.assertLedgerBalanced()

    def test_reversal_after_the_lot_expired_expires_the_points_again(self):
        """Points go back to their own lot, with its expiry date: given back to
        a lot that expired meanwhile, they expire."""
        lots = self._lots(
            self.customer, (200, 300, self.today - timedelta(days=10)), (200, 100)
        )
        # redeemed 50 days ago, when the first lot was still live
        redeem = self.Transaction.sudo().create(
            {
                "name": "Redeemed",
                "partner_id": self.customer.id,
                "transaction_type": "redeem",
                "points": -300,
                "date": self.today - timedelta(days=50),
            }
        )
        self.assertEqual(self._drawn(redeem, lots), [(0, 200), (1, 100)])
        redeem.with_user(self.manager).action_reverse()
        self.assertEqual(lots.mapped("open_points"), [0, 200])
        expiry = self._entries().filtered(lambda e: e.transaction_type == "expire")
        self.assertEqual(expiry.points, -200)
        self.assertEqual(self.customer.loyalty_points, 200)
        self.assertLedgerBalanced()

    def test_entries_stay_append_only(self):
        self._lots(self.customer, (1000, 10))
        redeem = self.Transaction.with_user(self.agent).create(self._redeem_vals())
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            redeem.sudo().write({"points": -1})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            redeem.sudo().unlink()
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            redeem.consumption_ids.sudo().write({"points": 1})
