from datetime import date

from odoo.tests import tagged

from .value_common import TravelValueCase

TODAY = date(2025, 6, 15)
LAST_TRIP = "2025-05-01"


@tagged("post_install", "-at_install")
class TestValueRfmScores(TravelValueCase):
    """The RFM rule is the SQL ranking of the segmentation (``_score_sql``):
    each case is a company of its own whose customers have known recency
    (last trip date), frequency (trips) and monetary (margin) values, scored
    by the real engine. A customer's score among the ``population`` of
    customers with a trip in the window::

        share = (worse + (ties - 1) / 2) / (population - 1)
        score = min(5, 1 + floor(5 x share))

    (3 for a population of one or when everybody is tied)."""

    def _customers(self, name, trips):
        """A company ``name`` and one customer per entry of ``trips``: the
        margins of the customer's trips, the last one back on LAST_TRIP and
        the earlier ones a month apart before it."""
        company = self._create_company(name)
        partners = self.env["res.partner"].create(
            [{"name": f"{name} {index}"} for index in range(len(trips))]
        )
        for partner, margins in zip(partners, trips, strict=True):
            for months_before, margin in enumerate(reversed(margins)):
                self._trip(
                    partner,
                    date(2025, 5 - months_before, 1),
                    margin,
                    company=company,
                )
        return company, partners

    def _scores(self, company, partners):
        """Run the engine for ``company``: (R, F, M) of each partner."""
        Partner = self.env["res.partner"]
        run = Partner._travel_value_prepare(company, TODAY)
        Partner._travel_value_process(run, partners.ids)
        Partner._travel_value_release(run)
        self.env.invalidate_all()
        return [(p.rfm_recency, p.rfm_frequency, p.rfm_monetary) for p in partners]

    def test_tied_values_share_a_score_and_distinct_ones_spread_1_to_5(self):
        """Six customers back on the same day, trips 1, 1, 1, 2, 2, 3, margins
        10, 20, 30, 40, 50, 60.
        - R: all six tied: (0 + 5/2) / 5 = 0.5 -> 3 each;
        - F: the three single trips beat (0 + 2/2) / 5 = 0.2 -> 2; the two
          double ones (3 + 1/2) / 5 = 0.7 -> 4; the triple one 5/5 -> 5;
        - M: no tie, share (rank - 1) / 5 -> 1, 2, 3, 4, 5 and 5 (capped)."""
        company, partners = self._customers(
            "Ties", [[10], [20], [30], [20, 20], [25, 25], [20, 20, 20]]
        )
        self.assertEqual(
            self._scores(company, partners),
            [(3, 2, 1), (3, 2, 2), (3, 2, 3), (3, 4, 4), (3, 4, 5), (3, 5, 5)],
        )

    def test_a_share_of_exactly_a_fifth_gives_the_next_score(self):
        """Eleven customers with margins 0..10: margin k beats k / 10 of the
        others, so 2 (0.2 exactly) scores 2, 4 scores 3, ... (integer
        arithmetic, no float drift). Same day, one trip each: R and F 3."""
        company, partners = self._customers("Fifths", [[m] for m in range(11)])
        scores = self._scores(company, partners)
        self.assertEqual([m for _r, _f, m in scores], [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 5])
        self.assertEqual({(r, f) for r, f, _m in scores}, {(3, 3)})

    def test_a_customer_alone_in_the_window_sits_in_the_middle(self):
        """A customer alone in the window scores 3-3-3: another customer of
        the company whose only trip is before the window (2021, window from
        2022-06-15) is not in the population and scores 0-0-0 (not ranked)."""
        company, partners = self._customers("Alone", [[100]])
        outside = self.env["res.partner"].create({"name": "Before the window"})
        self._trip(outside, "2021-01-01", 500, company=company)
        self.assertEqual(
            self._scores(company, partners | outside), [(3, 3, 3), (0, 0, 0)]
        )

    def test_two_customers_tied_on_everything_both_score_3(self):
        company, partners = self._customers("Twins", [[70], [70]])
        self.assertEqual(self._scores(company, partners), [(3, 3, 3), (3, 3, 3)])
