from datetime import datetime, time, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import create_booking


@tagged("post_install", "-at_install")
class TestProposalReport(TransactionCase):
    """Proposals sent, accepted, declined and expired per agent and month."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an agency of its own: its proposals are the only rows the tests read
        cls.company = cls.env["res.company"].create({"name": "Proposal Agency"})
        cls.env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=cls.company.ids)
        )
        in_company = {
            "company_id": cls.company.id,
            "company_ids": [Command.set(cls.company.ids)],
        }
        agent_groups = "base.group_user,travel_crm.group_travel_agent"
        cls.eva = new_test_user(
            cls.env, login="prop_eva", groups=agent_groups, **in_company
        )
        cls.tom = new_test_user(
            cls.env, login="prop_tom", groups=agent_groups, **in_company
        )
        cls.own_agent = new_test_user(
            cls.env,
            login="prop_own",
            groups=agent_groups + ",travel_crm.group_travel_own_customers",
            **in_company,
        )
        cls.manager = new_test_user(
            cls.env,
            login="prop_manager",
            groups="base.group_user,travel_crm.group_travel_manager",
            **in_company,
        )
        cls.internal = new_test_user(
            cls.env, login="prop_internal", groups="base.group_user", **in_company
        )
        cls.customer = cls.env["res.partner"].create({"name": "Pia Prospect"})
        cls.Report = cls.env["travel.proposal.report"]
        cls.today = fields.Date.context_today(cls.Report)
        # noon (UTC) of a day relative to today: the same day in the user's
        # timezone, whole days between two of them
        cls.day = staticmethod(
            lambda days: datetime.combine(cls.today + timedelta(days=days), time(12))
        )

        cls._create_proposals()

    @classmethod
    def _create_proposals(cls):
        def proposal(agent, sent_days_ago, **vals):
            booking = create_booking(cls.env, cls.customer, user_id=agent.id)
            booking.sudo().write(
                {
                    "state": "sent",
                    "proposal_sent_on": cls.day(-sent_days_ago),
                    "validity_date": cls.today + timedelta(days=10),
                    **vals,
                }
            )
            return booking

        # Eva: one open, one signed 2 days after sending, one confirmed by the
        # agent the 4th day after (counted from midnight: 3.5 days), one
        # declined, one cancelled unsigned
        cls.eva_open = proposal(cls.eva, 1)
        cls.eva_signed = proposal(cls.eva, 3, signed_on=cls.day(-1))
        cls.eva_confirmed = proposal(
            cls.eva, 4, state="confirmed", date_confirmed=cls.today
        )
        cls.eva_declined = proposal(
            cls.eva,
            5,
            state="cancel",
            cancel_reason="Too expensive",
            proposal_declined_on=cls.day(-2),
        )
        cls.eva_cancelled = proposal(
            cls.eva, 6, state="cancel", cancel_reason="Changed plans"
        )
        # Tom: one past its validity, one signed after 6 days
        cls.tom_expired = proposal(
            cls.tom, 20, validity_date=cls.today - timedelta(days=1)
        )
        cls.tom_signed = proposal(
            cls.tom,
            8,
            state="confirmed",
            signed_on=cls.day(-2),
            date_confirmed=cls.today - timedelta(days=2),
        )
        # a draft never sent is no proposal
        cls.unsent = create_booking(cls.env, cls.customer, user_id=cls.tom.id)

    def _rows(self, user=None):
        Report = self.Report.with_user(user) if user else self.Report
        return Report.search([("company_id", "=", self.company.id)])

    def test_one_row_per_sent_proposal_with_its_outcome(self):
        rows = self._rows()
        outcome = {row.booking_id: row.state for row in rows}
        self.assertEqual(
            outcome,
            {
                self.eva_open: "sent",
                self.eva_signed: "accepted",
                self.eva_confirmed: "accepted",
                self.eva_declined: "declined",
                self.eva_cancelled: "declined",
                self.tom_expired: "expired",
                self.tom_signed: "accepted",
            },
        )
        signed = rows.filtered(lambda r: r.booking_id == self.eva_signed)
        self.assertEqual(signed.user_id, self.eva)
        self.assertEqual(signed.partner_id, self.customer)
        self.assertEqual(signed.amount_total, self.eva_signed.amount_total)
        self.assertEqual(signed.date_sent, self.day(-3))

    def test_counts_rate_and_days_to_accept_per_agent(self):
        groups = self.Report._read_group(
            [("company_id", "=", self.company.id)],
            ["user_id"],
            [
                "sent_count:sum",
                "accepted_count:sum",
                "declined_count:sum",
                "expired_count:sum",
                "conversion_rate:avg",
                "days_to_accept:avg",
            ],
        )
        figures = {user: tuple(values) for user, *values in groups}
        # Eva: 5 sent, 2 accepted (after 2 and 3.5 days), 2 declined
        self.assertEqual(figures[self.eva][:4], (5, 2, 2, 0))
        self.assertAlmostEqual(figures[self.eva][4], 40.0)
        self.assertAlmostEqual(figures[self.eva][5], 2.75)
        # Tom: 2 sent, 1 accepted after 6 days, 1 expired
        self.assertEqual(figures[self.tom][:4], (2, 1, 0, 1))
        self.assertAlmostEqual(figures[self.tom][4], 50.0)
        self.assertAlmostEqual(figures[self.tom][5], 6.0)
        # all agents together: 3 of 7, the rate of the total, not a sum
        [[rate]] = self.Report._read_group(
            [("company_id", "=", self.company.id)], [], ["conversion_rate:avg"]
        )
        self.assertAlmostEqual(rate, 300 / 7)

    def test_grouped_by_month_sent(self):
        groups = self.Report._read_group(
            [("company_id", "=", self.company.id)],
            ["date_sent:month"],
            ["sent_count:sum"],
        )
        self.assertEqual(sum(count for _month, count in groups), 7)
        months = {month.date() for month, _count in groups}
        expected = {
            (self.today - timedelta(days=days)).replace(day=1)
            for days in (1, 3, 4, 5, 6, 20, 8)
        }
        self.assertEqual(months, expected)

    def test_a_proposal_becomes_expired_the_day_after_its_validity(self):
        self.eva_open.sudo().validity_date = self.today
        self.assertEqual(
            self._rows().filtered(lambda r: r.booking_id == self.eva_open).state, "sent"
        )
        self.eva_open.sudo().validity_date = self.today - timedelta(days=1)
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertEqual(
            self._rows().filtered(lambda r: r.booking_id == self.eva_open).state,
            "expired",
        )

    def test_agents_and_managers_read_others_do_not(self):
        for user in (self.eva, self.manager):
            with self.subTest(user=user.login):
                self.assertEqual(len(self._rows(user)), 7)
                with self.assertRaises(AccessError):
                    self._rows(user)[:1].write({"sent_count": 2})
        with self.assertRaises(AccessError):
            self._rows(self.internal)

    def test_own_customers_agent_sees_only_their_proposals(self):
        mine = create_booking(self.env, self.customer, user_id=self.own_agent.id)
        mine.sudo().write({"state": "sent", "proposal_sent_on": self.day(-1)})
        self.assertEqual(self._rows(self.own_agent).booking_id, mine)
        self.assertEqual(len(self._rows(self.manager)), 8)

    def test_proposals_of_another_company_stay_hidden(self):
        other = self.env["res.company"].create({"name": "Other Proposal Agency"})
        booking = create_booking(
            self.env(context=dict(self.env.context, allowed_company_ids=other.ids)),
            self.customer,
            company_id=other.id,
        )
        booking.sudo().write({"state": "sent", "proposal_sent_on": self.day(-1)})
        for user in (self.eva, self.manager):
            with self.subTest(user=user.login):
                rows = self.Report.with_user(user).search([])
                self.assertNotIn(booking, rows.booking_id)
