"""Loyalty dates on 29 February and at month ends, worked out by hand."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .loyalty_common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestLoyaltyCalendar(LoyaltyCase):
    """Expiry dates, expiry warnings, tier windows and grace periods on 29
    February and at month ends, worked out by hand (company settings of
    LoyaltyCase: points expire after 12 months, a 12-month tier window, a
    30-day warning and a 3-month grace period)."""

    def _bonus(self, day, partner=None, points=100):
        return self.Transaction.create(
            {
                "partner_id": (partner or self.customer).id,
                "transaction_type": "bonus",
                "points": points,
                "date": day,
            }
        )

    def test_points_earned_on_29_february_expire_at_the_end_of_february(self):
        with freeze_time("2028-02-29 12:00:00"):
            booking = self._done_booking(price=500)
            earn = booking.loyalty_transaction_ids
            self.assertEqual(earn.date, date(2028, 2, 29))
            # 12 months after 29 February 2028: 2029 has no 29 February
            self.assertEqual(earn.expiry_date, date(2029, 2, 28))
            # other expiry periods, on another customer's ledger
            saver = self.env["res.partner"].create({"name": "Leap Saver"})
            for months, expiry in (
                (1, date(2028, 3, 29)),
                (24, date(2030, 2, 28)),
                (48, date(2032, 2, 29)),
                (0, False),
            ):
                with self.subTest(months=months):
                    self.company.loyalty_expiry_months = months
                    bonus = self._bonus(date(2028, 2, 29), saver)
                    self.assertEqual(bonus.expiry_date, expiry)
        self.company.loyalty_expiry_months = 12
        customer = self.customer
        # announced 30 days before: from 29 January 2029 (+ 30 days = 28 Feb)
        for day, announced in ((date(2029, 1, 28), False), (date(2029, 1, 29), True)):
            with self.subTest(warning=day):
                rows = customer._loyalty_expiry_warning_rows(day, customer.ids)
                self.assertEqual(
                    rows, [(customer.id, date(2029, 2, 28))] if announced else []
                )
        # still there on 28 February 2029, gone on 1 March
        with freeze_time("2029-02-28 12:00:00"):
            self.assertFalse(customer._loyalty_expire_points())
        with freeze_time("2029-03-01 12:00:00"):
            expired = customer._loyalty_expire_points()
        self.assertEqual(expired.date, date(2029, 3, 1))
        self.assertEqual(expired.consumption_ids.award_id, earn)
        self.assertEqual(expired.points, -500)
        self.assertEqual(earn.open_points, 0)
        self.assertLedgerBalanced(self.customer, saver)

    def test_month_end_expiry_dates(self):
        self.company.loyalty_expiry_months = 1
        for earned, expiry in (
            (date(2028, 1, 31), date(2028, 2, 29)),
            (date(2027, 1, 31), date(2027, 2, 28)),
            (date(2028, 1, 29), date(2028, 2, 29)),
            (date(2028, 3, 31), date(2028, 4, 30)),
            (date(2027, 12, 31), date(2028, 1, 31)),
            (date(2028, 2, 28), date(2028, 3, 28)),
        ):
            with self.subTest(earned=earned):
                self.assertEqual(self._bonus(earned).expiry_date, expiry)
        self.company.loyalty_expiry_months = 12
        self.assertEqual(
            self._bonus(date(2027, 12, 31)).expiry_date, date(2028, 12, 31)
        )
        self.assertEqual(self._bonus(date(2027, 2, 28)).expiry_date, date(2028, 2, 28))
        self.assertLedgerBalanced()

    def test_tier_window_around_29_february(self):
        self.company.loyalty_expiry_months = 0
        with freeze_time("2027-02-28 12:00:00"):
            self._done_booking(price=1000)
        with freeze_time("2027-03-01 12:00:00"):
            self._done_booking(price=2000)
        with freeze_time("2028-02-29 12:00:00"):
            self._done_booking(price=4000)
        customer = self.customer
        for today, points in (
            # 12 months back from 29 February 2028 is 28 February 2027, the
            # window's open end: (28 Feb 2027, 29 Feb 2028]
            (date(2028, 2, 28), 2000),
            (date(2028, 2, 29), 6000),
            # from 28 February 2029 back to 28 February 2028, open end:
            # 29 February 2028 still counts
            (date(2029, 2, 28), 4000),
            (date(2029, 3, 1), 0),
        ):
            with self.subTest(today=today):
                self.assertEqual(
                    customer._loyalty_qualifying_points(today)[customer.id], points
                )
        with freeze_time("2029-02-28 12:00:00"):
            customer.invalidate_recordset(["loyalty_qualifying_points"])
            self.assertEqual(customer.loyalty_qualifying_points, 4000)

    def test_grace_period_from_29_february(self):
        self.company.loyalty_expiry_months = 0
        with freeze_time("2027-02-28 12:00:00"):
            self._done_booking(price=6000)
        customer = self.customer
        self.assertEqual(customer.loyalty_tier_id, self.gold)
        customer._loyalty_review_tiers(allow_downgrade=True, today=date(2028, 2, 27))
        self.assertFalse(customer.loyalty_downgrade_date)
        # 12 months back from 29 February 2028: 28 February 2027, the
        # window's open end, so the award no longer qualifies
        customer._loyalty_review_tiers(allow_downgrade=True, today=date(2028, 2, 29))
        self.assertEqual(customer.loyalty_tier_id, self.gold)
        # 3 months after 29 February: 29 May
        self.assertEqual(customer.loyalty_downgrade_date, date(2028, 5, 29))
        customer._loyalty_review_tiers(allow_downgrade=True, today=date(2028, 5, 28))
        self.assertEqual(customer.loyalty_tier_id, self.gold)
        customer._loyalty_review_tiers(allow_downgrade=True, today=date(2028, 5, 29))
        self.assertEqual(customer.loyalty_tier_id, self.silver)
        self.assertEqual(customer.loyalty_tier_date, date(2028, 5, 29))

    def test_grace_period_from_the_end_of_november_ends_on_28_february(self):
        self.company.loyalty_expiry_months = 0
        with freeze_time("2027-11-29 12:00:00"):
            self._done_booking(price=6000)
        customer = self.customer
        customer._loyalty_review_tiers(allow_downgrade=True, today=date(2028, 11, 30))
        # 30 November + 3 months: 28 February 2029 (no 30 February)
        self.assertEqual(customer.loyalty_downgrade_date, date(2029, 2, 28))

    def test_birthday_on_29_february_in_a_leap_year(self):
        leap = self.env["res.partner"].create(
            {"name": "Leap Day", "birthdate": "1992-02-29"}
        )
        self.customer.birthdate = "1990-02-28"
        self._done_booking(price=100)
        self._done_booking(partner=leap, price=100)
        find = self.Transaction._loyalty_partners_with_birthday
        mine = (self.customer | leap).ids
        # 2028 has a 29 February: each is celebrated on their own day
        self.assertEqual(
            [p for p in find(date(2028, 2, 28)) if p in mine], [self.customer.id]
        )
        self.assertEqual([p for p in find(date(2028, 2, 29)) if p in mine], [leap.id])
        # 2027 has none: both on 28 February
        self.assertEqual(
            sorted(p for p in find(date(2027, 2, 28)) if p in mine), sorted(mine)
        )
        self.assertEqual([p for p in find(date(2027, 3, 1)) if p in mine], [])
