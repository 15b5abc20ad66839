from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import TransactionCase, tagged

from odoo.addons.travel_crm.demo.travel_demo import XMLID_PREFIX


@tagged("post_install", "-at_install")
class TestTravelDemoAgency(TransactionCase):
    """The demo agency generator: built once, and without invoices where the
    company has no chart of accounts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Demo = cls.env["travel.demo.agency"]

    def test_company_without_chart_of_accounts_is_not_invoiced(self):
        company = self.env["res.company"].create({"name": "Agency Without Accounts"})
        self.assertFalse(company.chart_template)
        self.assertFalse(self.Demo._can_invoice(company))

    def test_generating_again_adds_nothing(self):
        marker = self.env.ref(f"{XMLID_PREFIX}001", raise_if_not_found=False)
        if not marker:
            customer = self.env["res.partner"].create(
                {"name": "Marker Customer", "is_traveller": True}
            )
            marker = self.env["travel.booking"].create({"partner_id": customer.id})
            self.env["ir.model.data"]._update_xmlids(
                [{"xml_id": f"{XMLID_PREFIX}001", "record": marker, "noupdate": True}]
            )
        counts = [
            self.env[model].search_count([])
            for model in ("res.partner", "travel.booking", "account.move")
        ]
        self.assertFalse(self.Demo._generate())
        self.assertEqual(
            [
                self.env[model].search_count([])
                for model in ("res.partner", "travel.booking", "account.move")
            ],
            counts,
        )


@tagged("post_install", "-at_install")
class TestTravelDemoDates(TransactionCase):
    """The generator's date arithmetic for a given install day, worked out by
    hand: the demo agency is relative to the day it is installed on, and no
    install day may give it a date edge case."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Demo = cls.env["travel.demo.agency"]

    def test_no_birthday_on_29_february(self):
        for today, days, birthdate in (
            ("2028-03-01 12:00:00", -1, date(2028, 2, 28)),
            # 29 February 1992, 36 years before 29 February 2028
            ("2028-02-29 12:00:00", -13149, date(1992, 2, 28)),
            ("2028-02-29 12:00:00", -13150, date(1992, 2, 28)),
            ("2028-02-29 12:00:00", -13148, date(1992, 3, 1)),
            ("2027-12-31 12:00:00", -366, date(2026, 12, 30)),
        ):
            with self.subTest(today=today, days=days), freeze_time(today):
                self.assertEqual(self.Demo._demo_birthdate(days), birthdate)

    def test_supplier_payment_run_is_the_end_of_the_next_month(self):
        for bill, run in (
            (date(2028, 1, 31), date(2028, 2, 29)),
            (date(2027, 1, 31), date(2027, 2, 28)),
            (date(2028, 1, 1), date(2028, 2, 29)),
            (date(2028, 2, 29), date(2028, 3, 31)),
            (date(2027, 3, 31), date(2027, 4, 30)),
            (date(2027, 11, 30), date(2027, 12, 31)),
            (date(2027, 12, 31), date(2028, 1, 31)),
            (date(2027, 12, 1), date(2028, 1, 31)),
        ):
            with self.subTest(bill=bill):
                self.assertEqual(self.Demo._supplier_payment_run(bill), run)

    def test_completed_trips_are_back_and_trips_under_way_are_not(self):
        for target, departure, nights, expected in (
            ("done", -12, 14, 11),
            ("done", -12, 4, 4),
            ("done", -540, 14, 14),
            ("in_progress", -6, 4, 8),
            ("in_progress", -1, 14, 14),
            ("confirmed", 6, 4, 4),
        ):
            with self.subTest(target=target, departure=departure, nights=nights):
                self.assertEqual(
                    self.Demo._trip_nights(target, departure, nights), expected
                )

    def test_accounting_dates_stay_after_the_lock_dates(self):
        company = self.env["res.company"].create({"name": "Locked Agency"})
        self.assertEqual(self.Demo._first_open_date(company), date.min + timedelta(1))
        company.write(
            {
                "fiscalyear_lock_date": date(2027, 12, 31),
                "tax_lock_date": date(2028, 2, 29),
            }
        )
        self.assertEqual(self.Demo._first_open_date(company), date(2028, 3, 1))
        # locked up to yesterday: today is open; locked up to today: the demo
        # has no day to date its invoices on, and makes none
        main = self.env.ref("base.main_company")
        today = fields.Date.context_today(self.Demo)
        can_invoice = self.Demo._can_invoice(main)
        main.sale_lock_date = today - timedelta(days=1)
        self.assertEqual(self.Demo._can_invoice(main), can_invoice)
        main.sale_lock_date = today
        self.assertFalse(self.Demo._can_invoice(main))
