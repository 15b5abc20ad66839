from odoo import fields
from odoo.tests import tagged

from .common import booking_line, create_booking
from .value_common import TravelValueCase


@tagged("post_install", "-at_install")
class TestCustomerReportCurrency(TravelValueCase):
    """The customer report adds bookings in two currencies in the company
    currency (EUR), each converted at the rate of its trip date.

    Rates of the company (EUR 1.0): USD 1.25 from 2025-01-01, USD 2.0 from
    2025-06-01 (1 EUR = 2 USD).

    booking  currency  return      untaxed  cost  margin  rate  in EUR
    1        EUR       2025-02-01  300      200   100     -     300 / 100
    2        USD       2025-03-10  250      150   100     1.25  200 / 80
    3        USD       2025-07-01  100      50    50      2.0   50 / 25
    Revenue 300 + 200 + 50 = 550 EUR, margin 100 + 80 + 25 = 205 EUR; summing
    the bookings' own amounts would give 650 and 250."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.usd = cls.env.ref("base.USD")
        cls.usd.active = True
        cls.eur = cls.env.ref("base.EUR")
        cls.env["res.currency.rate"].create(
            [
                {
                    "name": "2025-01-01",
                    "currency_id": cls.eur.id,
                    "rate": 1.0,
                    "company_id": cls.company.id,
                },
                {
                    "name": "2025-01-01",
                    "currency_id": cls.usd.id,
                    "rate": 1.25,
                    "company_id": cls.company.id,
                },
                {
                    "name": "2025-06-01",
                    "currency_id": cls.usd.id,
                    "rate": 2.0,
                    "company_id": cls.company.id,
                },
            ]
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Two Currencies", "is_traveller": True}
        )
        cls.bookings = (
            cls._booking_in(cls.eur, "2025-02-01", 300, 200)
            | cls._booking_in(cls.usd, "2025-03-10", 250, 150)
            | cls._booking_in(cls.usd, "2025-07-01", 100, 50)
        )

    @classmethod
    def _booking_in(cls, currency, return_date, price, cost):
        return_date = fields.Date.to_date(return_date)
        return create_booking(
            cls.env,
            cls.customer,
            [booking_line("Hotel", "hotel", price=price, cost=cost)],
            state="done",
            company_id=cls.company.id,
            currency_id=currency.id,
            departure_date=return_date.replace(day=1),
            return_date=return_date,
        )

    def test_report_converts_each_booking_at_its_trip_date_rate(self):
        self.assertEqual(self.bookings.mapped("amount_untaxed"), [300, 250, 100])
        self.env.flush_all()
        row = self.env["travel.customer.report"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(len(row), 1)
        self.assertEqual(row.currency_id, self.eur)
        self.assertEqual(row.trip_count, 3)
        self.assertEqual(row.revenue, 550.0)
        self.assertEqual(row.amount_total, 550.0)
        self.assertEqual(row.margin, 205.0)

    def test_report_totals_by_segment_are_in_company_currency(self):
        self.env.flush_all()
        [(revenue, margin)] = self.env["travel.customer.report"]._read_group(
            [("partner_id", "=", self.customer.id)],
            [],
            ["revenue:sum", "margin:sum"],
        )
        self.assertEqual((revenue, margin), (550.0, 205.0))

    def test_rates_after_the_trip_do_not_change_past_revenue(self):
        self.env["res.currency.rate"].create(
            {
                "name": "2025-08-01",
                "currency_id": self.usd.id,
                "rate": 5.0,
                "company_id": self.company.id,
            }
        )
        self.env.flush_all()
        row = self.env["travel.customer.report"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual((row.revenue, row.margin), (550.0, 205.0))
