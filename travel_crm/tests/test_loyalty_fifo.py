from odoo.tests import BaseCase, tagged

from odoo.addons.travel_crm.tools.loyalty_fifo import (
    earn_points,
    fifo_allocate,
    floor_points,
    reversal_target,
    tier_for_points,
)


@tagged("post_install", "-at_install")
class TestLoyaltyFifo(BaseCase):
    def test_points_are_rounded_down(self):
        self.assertEqual(floor_points(99.99), 99)
        self.assertEqual(floor_points(0.29 * 100), 29)  # 28.999999999999996
        self.assertEqual(floor_points(-5), 0)

    def test_multiplier_applies_before_rounding_and_not_to_qualifying(self):
        self.assertEqual(earn_points(999.99, 1.0, 1.25), (1249, 999))
        self.assertEqual(earn_points(1000, 2.0, 1.5), (3000, 2000))
        self.assertEqual(earn_points(-10, 1.0, 1.0), (0, 0))

    def test_fifo_takes_oldest_lots_first_and_reports_shortfall(self):
        takes, short = fifo_allocate(700, [(1, 500), (2, 0), (3, 400)])
        self.assertEqual(takes, [(1, 500), (3, 200)])
        self.assertEqual(short, 0)
        takes, short = fifo_allocate(300, [(1, 100)])
        self.assertEqual((takes, short), ([(1, 100)], 200))
        with self.assertRaises(ValueError):
            fifo_allocate(-1, [])

    def test_refund_reversal_is_proportional_and_complete_on_full_refund(self):
        self.assertEqual(reversal_target(1000, 400, 1000), 400)
        self.assertEqual(reversal_target(999, 1, 3), 333)
        self.assertEqual(reversal_target(1000, 1000, 1000), 1000)
        self.assertEqual(reversal_target(1000, 0, 1000), 0)

    def test_tier_is_the_highest_threshold_reached(self):
        tiers = [("silver", 0), ("platinum", 15000), ("gold", 5000)]
        self.assertEqual(tier_for_points(tiers, 0), "silver")
        self.assertEqual(tier_for_points(tiers, 4999), "silver")
        self.assertEqual(tier_for_points(tiers, 5000), "gold")
        self.assertEqual(tier_for_points(tiers, 15000), "platinum")
        self.assertIsNone(tier_for_points(tiers, -1))
        self.assertIsNone(tier_for_points([], 100))
        self.assertEqual(tier_for_points(iter([(7, 10)]), 10), 7)
