import re

from odoo.tests import tagged

from .portal_common import TravelPortalCase


@tagged("post_install", "-at_install")
class TestPortalLoyalty(TravelPortalCase):
    """The traveller's points, tier and ledger on /my/loyalty."""

    def _give_bonuses(self):
        """150 points to Ana and 999 to Ben, then the tier review."""
        self.env["travel.loyalty.transaction"].create(
            [
                {
                    "name": "Welcome bonus",
                    "partner_id": self.ana.id,
                    "transaction_type": "bonus",
                    "points": 150,
                },
                {
                    "name": "Ben's bonus",
                    "partner_id": self.ben.id,
                    "transaction_type": "bonus",
                    "points": 999,
                },
            ]
        )
        self.ana._loyalty_review_tiers()

    def _numbers_shown(self, page):
        """The numbers in the page's loyalty content.

        Not a search of a number in the whole page: the layout holds the CSRF
        token (an HMAC and a timestamp, new on every run), and the booking
        references come from a database sequence that the rollback of a test
        does not reset, so "999" turns up there on some runs.
        """
        content = page.text[
            page.text.index('<div class="o_travel_loyalty">') : page.text.index(
                "</main>"
            )
        ]
        return re.findall(r"(?<![\w/.,+-])[+-]?\d+(?:,\d{3})*(?![\w/.,])", content)

    def test_loyalty_page_shows_own_balance_tier_benefits_and_history(self):
        self._login(self.user_ana)
        # Ana's completed trip of the fixtures already earned points
        before = self.ana.loyalty_points
        self._give_bonuses()
        tier = self.ana.loyalty_tier_id
        self.assertTrue(tier)
        tier.description = "<p>Priority check-in at the airport</p>"
        page = self.url_open("/my/loyalty")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Welcome bonus", page.text)
        self.assertRegex(
            page.text, rf'o_travel_loyalty_balance"[^>]*>\s*{before + 150}\s*<'
        )
        self.assertRegex(page.text, rf'o_travel_loyalty_tier"[^>]*>\s*{tier.name}\s*<')
        self.assertIn("Priority check-in at the airport", page.text)
        # the qualifying points of Ana's today: the day her entries are dated
        self.assertEqual(self.ana.loyalty_qualifying_points, before)
        self.assertRegex(page.text, rf"You have\s*{before}\s*today")
        # the history is Ana's ledger, newest first, and nothing else
        own = self.env["travel.loyalty.transaction"].search(
            [("partner_id", "=", self.ana.id)], order="date desc, id desc"
        )
        self.assertEqual(len(own), 2)
        self.assertEqual(
            re.findall(
                r'o_travel_loyalty_history_points[^"]*">\s*([+-]\d+)\s*<', page.text
            ),
            [f"{entry.points:+d}" for entry in own],
        )
        self.assertNotIn("Ben&#39;s bonus", page.text)
        self.assertNotIn("Ben's bonus", page.text)
        # Ben's 999 points appear nowhere on the page's content as a number
        numbers = self._numbers_shown(page)
        self.assertIn(f"{before + 150:,}", numbers)
        self.assertNotIn("999", numbers)
        self.assertNotIn("+999", numbers)

    def test_loyalty_pages_disappear_when_the_programme_is_off(self):
        self.env.company.loyalty_enabled = False
        self._login(self.user_ana)
        self.assertNotIn('href="/my/loyalty"', self.url_open("/my").text)
        self.assertEqual(self.url_open("/my/loyalty").status_code, 404)

    def test_loyalty_page_requires_login(self):
        response = self.url_open("/my/loyalty", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self._location(response), "/web/login")
