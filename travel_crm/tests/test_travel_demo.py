from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import is_html_empty

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


class DemoAgencyMixin:
    """Reads the installed demo agency (skipped on a database without it)."""

    def _skip_without_demo(self):
        if not self.env.ref(f"{XMLID_PREFIX}001", raise_if_not_found=False):
            self.skipTest("the demo agency is not installed")

    def _portal_trips(self):
        """The demo portal user and the bookings they ordered."""
        portal = self.env.ref("base.demo_user0")
        bookings = self.env["travel.booking"].search(
            [("partner_id", "=", portal.partner_id.id)], order="departure_date"
        )
        return portal, bookings


@tagged("post_install", "-at_install")
class TestTravelDemoShape(DemoAgencyMixin, TransactionCase):
    """What the installed demo agency shows a visitor: tiers with benefits,
    agents with commissions, an accountant, a portal user with trips, and
    passports that all carry an expiry date."""

    def setUp(self):
        super().setUp()
        self._skip_without_demo()
        self.today = fields.Date.context_today(self.env.user)

    def test_shipped_tiers_list_their_benefits(self):
        for tier in ("silver", "gold", "platinum"):
            with self.subTest(tier=tier):
                tier = self.env.ref(f"travel_crm.travel_loyalty_tier_{tier}")
                self.assertFalse(is_html_empty(tier.description))
                self.assertIn("<li>", tier.description)

    def test_agents_earn_commissions_on_their_bookings(self):
        self.assertTrue(self.env["travel.commission.rule"].search_count([]))
        sold = self.env["travel.booking"].search(
            [("state", "in", ("confirmed", "in_progress", "done"))]
        )
        self.assertTrue(sold)
        with_margin = sold.filtered(lambda b: b.margin > 0)
        self.assertEqual(
            with_margin.filtered(lambda b: b.commission_amount <= 0), sold.browse()
        )
        emma = self.env.ref("travel_crm.user_travel_agent_demo")
        for agent in sold.user_id:
            with self.subTest(agent=agent.login):
                agent_sold = sold.filtered(lambda b, a=agent: b.user_id == a)
                self.assertGreater(sum(agent_sold.mapped("commission_amount")), 0)
        # the most specific rule wins: Emma's tours earn more than the others'
        tours = sold.line_ids.filtered(lambda line: line.service_type == "tour")
        rates = {
            (line.booking_id.user_id == emma, line.commission_rate) for line in tours
        }
        self.assertEqual(rates, {(True, 15.0), (False, 12.0)})

    def test_accountant_bills_without_travel_rights(self):
        accountant = self.env.ref("travel_crm.user_travel_accountant_demo")
        self.assertEqual(accountant.login, "accountant")
        self.assertTrue(accountant.has_group("account.group_account_invoice"))
        self.assertFalse(accountant.has_group("travel_crm.group_travel_agent"))
        visible = self.env["ir.ui.menu"].with_user(accountant)._visible_menu_ids()
        for xmlid, shown in (
            ("travel_crm.travel_account_menu", True),
            ("travel_crm.travel_account_booking_menu", True),
            ("travel_crm.travel_crm_menu_root", False),
        ):
            with self.subTest(menu=xmlid):
                self.assertEqual(self.env.ref(xmlid).id in visible, shown)
        bookings = self.env["travel.booking"].with_user(accountant)
        self.assertTrue(bookings.search_count([("state", "=", "done")]))

    def test_portal_user_has_a_past_and_an_upcoming_trip(self):
        portal, bookings = self._portal_trips()
        self.assertTrue(portal.partner_id.is_traveller)
        past = bookings.filtered(lambda b: b.state == "done")
        upcoming = bookings.filtered(lambda b: b.state == "confirmed")
        self.assertEqual((len(past), len(upcoming)), (1, 1))
        self.assertLess(past.return_date, self.today)
        self.assertGreater(upcoming.departure_date, self.today)
        feedback = self.env["travel.feedback"].search(
            [("booking_id", "=", past.id), ("partner_id", "=", portal.partner_id.id)]
        )
        self.assertEqual(feedback.mapped("state"), ["requested"])
        self.assertTrue(portal.partner_id.loyalty_tier_id)

    def test_every_passport_has_an_expiry_date(self):
        passports = self.env["travel.document"].with_context(active_test=False)
        self.assertTrue(passports.search_count([("document_type", "=", "passport")]))
        self.assertFalse(
            passports.search_count(
                [("document_type", "=", "passport"), ("expiry_date", "=", False)]
            )
        )


@tagged("post_install", "-at_install")
class TestTravelDemoLogins(DemoAgencyMixin, HttpCase):
    """The demo's logins, signed in through the web: the portal user finds
    their trips and their tier's benefits; the accountant signs in."""

    def setUp(self):
        super().setUp()
        self._skip_without_demo()

    def test_portal_user_sees_trips_and_tier_benefits(self):
        portal, bookings = self._portal_trips()
        self.authenticate("portal", "portal")
        page = self.url_open("/my/bookings")
        self.assertEqual(page.status_code, 200)
        for booking in bookings:
            self.assertIn(booking.name, page.text)
        page = self.url_open("/my/loyalty")
        self.assertEqual(page.status_code, 200)
        tier = portal.partner_id.loyalty_tier_id
        self.assertIn("o_travel_loyalty_benefits", page.text)
        self.assertIn(f"Your {tier.name} benefits", page.text)

    def test_accountant_signs_in(self):
        session = self.authenticate("accountant", "accountant")
        self.assertEqual(
            session.uid, self.env.ref("travel_crm.user_travel_accountant_demo").id
        )
