from odoo.tests import TransactionCase
from odoo.tools import SQL

from .common import booking_line, create_booking


def delete_committed_ledger(cr, partner_id):
    """Remove the ledger a test committed for ``partner_id`` (tests that need
    real concurrent transactions commit their fixtures; the ORM never deletes
    ledger rows, so the cleanup goes around it)."""
    cr.execute(
        SQL(
            """
            DELETE FROM travel_loyalty_consumption c
             USING travel_loyalty_transaction t
             WHERE t.partner_id = %(partner)s
               AND t.id IN (c.consumer_id, c.award_id);
            DELETE FROM travel_loyalty_transaction
             WHERE partner_id = %(partner)s;
            """,
            partner=partner_id,
        )
    )


class LoyaltyCase(TransactionCase):
    """Fixtures of the loyalty tests and the ledger invariant.

    The company runs the programme with fixed settings (1 point per unit,
    points expire after 12 months, a 12-month tier window, a 30-day expiry
    warning, a 3-month grace period); test users come from
    ``common.travel_user`` (the admin's time zone, so that "today" is the
    same day for the user and the fixtures at any hour).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "loyalty_enabled": True,
                "loyalty_earn_basis": "total",
                "loyalty_points_per_unit": 1.0,
                "loyalty_birthday_bonus": 100,
                "loyalty_referral_bonus": 500,
                "loyalty_feedback_bonus": 50,
                "loyalty_expiry_months": 12,
                "loyalty_expiry_warning_days": 30,
                "loyalty_point_value": 0.01,
                "loyalty_min_redemption": 100,
                "loyalty_tier_window_months": 12,
                "loyalty_downgrade_grace_months": 3,
            }
        )
        cls.silver = cls.env.ref("travel_crm.travel_loyalty_tier_silver")
        cls.gold = cls.env.ref("travel_crm.travel_loyalty_tier_gold")
        cls.platinum = cls.env.ref("travel_crm.travel_loyalty_tier_platinum")
        cls.Transaction = cls.env["travel.loyalty.transaction"]
        cls.customer = cls.env["res.partner"].create(
            {"name": "Ana Loyal", "email": "ana@example.com"}
        )

    def _booking(self, partner=None, price=1000.0, cost=0.0, confirm=True):
        """A one-tour booking of the customer, confirmed unless told not to."""
        return create_booking(
            self.env,
            partner or self.customer,
            [booking_line(price=price, cost=cost)],
            state="confirmed" if confirm else "draft",
        )

    def _done_booking(self, partner=None, price=1000.0, cost=0.0):
        return create_booking(
            self.env,
            partner or self.customer,
            [booking_line(price=price, cost=cost)],
            state="done",
        )

    def _entries(self, partner=None):
        return self.Transaction.search(
            [("partner_id", "=", (partner or self.customer).id)]
        )

    def assertLedgerBalanced(self, *partners):
        """The stored balance equals the ledger sum and the open points.

        Read from the database (after a flush), not from the cache, so a
        stored balance that the ORM forgot to recompute is caught.
        """
        partners = partners or (self.customer,)
        self.env.flush_all()
        for partner in partners:
            rows = self.env.execute_query(
                SQL(
                    """
                    SELECT p.loyalty_points,
                           (SELECT COALESCE(SUM(points), 0)
                              FROM travel_loyalty_transaction
                             WHERE partner_id = p.id),
                           (SELECT COALESCE(SUM(open_points), 0)
                              FROM travel_loyalty_transaction
                             WHERE partner_id = p.id)
                      FROM res_partner p WHERE p.id = %s
                    """,
                    partner.id,
                )
            )
            stored, ledger, still_open = rows[0]
            self.assertEqual(
                stored, ledger, f"stored balance of {partner.name} != ledger sum"
            )
            self.assertEqual(
                ledger, still_open, f"open points of {partner.name} != ledger sum"
            )
            # every consumption link stays within the entries it links
            over = self.env.execute_query(
                SQL(
                    """
                    SELECT t.id FROM travel_loyalty_transaction t
                     WHERE t.partner_id = %s
                       AND (t.open_points < LEAST(t.points, 0)
                            OR t.open_points > GREATEST(t.points, 0))
                    """,
                    partner.id,
                )
            )
            self.assertFalse(over, "an entry consumed more than it holds")
