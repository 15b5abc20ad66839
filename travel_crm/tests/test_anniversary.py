from datetime import date

from odoo.tests import BaseCase, tagged

from odoo.addons.travel_crm.tools.anniversary import (
    anniversary_in,
    celebrated_days,
    month_day_keys,
    next_anniversary,
)

LEAP_DAY = date(1992, 2, 29)


@tagged("post_install", "-at_install")
class TestAnniversary(BaseCase):
    """The one rule for 29 February (birthdays, engagement anniversaries, the
    loyalty birthday bonus): celebrated on 28 February in common years."""

    def test_a_leap_day_is_celebrated_on_28_february_in_common_years(self):
        self.assertEqual(anniversary_in(LEAP_DAY, 2027), date(2027, 2, 28))
        self.assertEqual(anniversary_in(LEAP_DAY, 2028), date(2028, 2, 29))
        self.assertEqual(anniversary_in(date(1990, 3, 1), 2027), date(2027, 3, 1))

    def test_next_anniversary_is_today_or_later(self):
        self.assertEqual(
            next_anniversary(date(1990, 1, 19), date(2025, 1, 19)), date(2025, 1, 19)
        )
        self.assertEqual(
            next_anniversary(date(1990, 1, 19), date(2025, 1, 20)), date(2026, 1, 19)
        )
        self.assertEqual(
            next_anniversary(LEAP_DAY, date(2027, 3, 1)), date(2028, 2, 29)
        )
        self.assertEqual(
            next_anniversary(LEAP_DAY, date(2026, 3, 1)), date(2027, 2, 28)
        )

    def test_28_february_of_a_common_year_celebrates_two_days(self):
        self.assertEqual(celebrated_days(date(2027, 2, 28)), [28, 29])
        self.assertEqual(celebrated_days(date(2028, 2, 28)), [28])
        self.assertEqual(celebrated_days(date(2028, 2, 29)), [29])
        self.assertEqual(celebrated_days(date(2027, 12, 31)), [31])

    def test_keys_span_the_days_asked_across_the_year_end(self):
        self.assertEqual(month_day_keys(date(2027, 2, 28)), {"0228", "0229"})
        self.assertEqual(
            month_day_keys(date(2027, 12, 30), 3), {"1230", "1231", "0101", "0102"}
        )
        self.assertEqual(month_day_keys(date(2028, 2, 28), 1), {"0228", "0229"})
