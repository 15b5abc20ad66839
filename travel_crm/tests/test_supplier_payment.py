from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .common import booking_line, create_booking, travel_user


@tagged("post_install", "-at_install")
class TestSupplierPayment(AccountTestInvoicingCommon):
    """Payment rules per supplier and service type, the due date of the bills
    made from bookings, and the accountants' Supplier Payments Due list."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the accounting test company is the only one of these rules and bills
        company = cls.env.company
        in_company = {
            "company_id": company.id,
            "company_ids": [Command.set(company.ids)],
        }
        cls.env.user.groups_id += cls.env.ref("travel_crm.group_travel_manager")
        cls.agent = travel_user(
            cls.env,
            "sp_agent",
            "base.group_user,travel_crm.group_travel_agent",
            **in_company,
        )
        cls.manager = travel_user(
            cls.env,
            "sp_manager",
            "base.group_user,travel_crm.group_travel_manager",
            **in_company,
        )
        cls.accountant = travel_user(
            cls.env,
            "sp_accountant",
            "base.group_user,account.group_account_invoice",
            **in_company,
        )
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create({"name": "Sara Customer"})
        cls.hotel_group = Partner.create({"name": "Atlas Hotels", "is_company": True})
        cls.hotel = Partner.create(
            {"name": "Atlas Marrakech", "parent_id": cls.hotel_group.id}
        )
        cls.airline = Partner.create({"name": "Red Sky Air", "is_company": True})
        cls.bus = Partner.create({"name": "Desert Coaches", "is_company": True})
        # a supplier whose default payment term would compute another due date
        cls.term_60 = cls.env["account.payment.term"].create(
            {
                "name": "60 days",
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 100, "nb_days": 60}
                    )
                ],
            }
        )
        (cls.hotel_group | cls.hotel | cls.airline | cls.bus).write(
            {"property_supplier_payment_term_id": cls.term_60.id}
        )
        cls._create_rules()
        cls.today = fields.Date.context_today(cls.Rule.with_user(cls.accountant))

    @classmethod
    def _create_rules(cls):
        cls.Rule = cls.env["travel.supplier.payment.rule"]
        cls.rule_default = cls.Rule.create({"days": 5, "basis": "after_end"})
        cls.rule_hotels = cls.Rule.create(
            {"service_type": "hotel", "days": 30, "basis": "before_start"}
        )
        cls.rule_atlas = cls.Rule.create(
            {"supplier_id": cls.hotel_group.id, "days": 14, "basis": "before_start"}
        )
        cls.rule_atlas_tours = cls.Rule.create(
            {
                "supplier_id": cls.hotel_group.id,
                "service_type": "tour",
                "days": 2,
                "basis": "after_start",
            }
        )

    def _day(self, days):
        return self.today + timedelta(days=days)

    def _booking(self, lines, **vals):
        booking = create_booking(
            self.env(user=self.agent),
            self.customer,
            lines,
            departure_date=vals.pop("departure_date", self._day(60)),
            return_date=vals.pop("return_date", self._day(67)),
            **vals,
        )
        booking.action_confirm()
        return booking.with_user(self.env.user)

    def _bills(self, booking):
        booking.with_user(self.accountant).action_create_vendor_bills()
        return booking.invoice_ids.filtered(lambda m: m.move_type == "in_invoice")

    def _pay(self, move):
        self.env["account.payment.register"].with_user(self.accountant).with_context(
            active_model="account.move", active_ids=move.ids
        ).create({"payment_date": self.today})._create_payments()

    def _due_list(self, user=None):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "travel_crm.account_move_action_supplier_payment_due"
        )
        Move = self.env["account.move"].with_user(user or self.accountant)
        return Move.search(safe_eval(action["domain"]))

    # ------------------------------------------------------------------
    # Rules
    # ------------------------------------------------------------------

    def test_the_most_specific_rule_wins(self):
        booking = self.env["travel.booking"].create(
            {
                "partner_id": self.customer.id,
                "line_ids": [
                    booking_line("Room", "hotel", supplier_id=self.hotel.id),
                    booking_line("Camel ride", "tour", supplier_id=self.hotel.id),
                    booking_line("Other room", "hotel", supplier_id=self.bus.id),
                    booking_line("Flight", "flight", supplier_id=self.airline.id),
                    booking_line("Guide", "tour"),
                ],
            }
        )
        room, ride, other_room, flight, guide = booking.line_ids.sorted("id")
        rules = self.Rule._get_rules(booking.line_ids)
        # supplier (its company's rule) and type > supplier > type > default
        self.assertEqual(rules[ride], self.rule_atlas_tours)
        self.assertEqual(rules[room], self.rule_atlas)
        self.assertEqual(rules[other_room], self.rule_hotels)
        self.assertEqual(rules[flight], self.rule_default)
        self.assertEqual(rules[guide], self.rule_default)
        # a rule of the contact itself beats its company's rule
        own = self.Rule.create(
            {"supplier_id": self.hotel.id, "days": 7, "basis": "before_start"}
        )
        self.assertEqual(self.Rule._get_rules(room)[room], own)
        # archived rules no longer apply; without any rule: none
        (self.Rule.search([("company_id", "=", self.env.company.id)])).action_archive()
        self.assertFalse(self.Rule._get_rules(room)[room])

    def test_rules_of_another_company_do_not_apply(self):
        other = self.env["res.company"].create({"name": "Other Agency SP"})
        self.Rule.create(
            {
                "company_id": other.id,
                "supplier_id": self.airline.id,
                "service_type": "flight",
                "days": 90,
            }
        )
        booking = self._booking(
            [booking_line("Flight", "flight", 300, 200, supplier_id=self.airline.id)]
        )
        rules = self.Rule._get_rules(booking.line_ids)
        self.assertEqual(rules[booking.line_ids], self.rule_default)

    def test_one_rule_per_supplier_and_type_and_no_negative_days(self):
        with self.assertRaises(ValidationError):
            self.Rule.create({"service_type": "hotel", "days": 10})
        with self.assertRaises(ValidationError):
            self.Rule.create({"supplier_id": self.bus.id, "days": -1})
        # an archived duplicate does not count
        self.rule_hotels.action_archive()
        self.Rule.create({"service_type": "hotel", "days": 10})

    # ------------------------------------------------------------------
    # Due dates of the bills
    # ------------------------------------------------------------------

    def test_bill_falls_due_on_the_earliest_rule_date_without_payment_term(self):
        booking = self._booking(
            [
                # 14 days before the room: day 46
                booking_line(
                    "Room",
                    "hotel",
                    100,
                    80,
                    quantity=7,
                    supplier_id=self.hotel.id,
                    date_start=self._day(60),
                    date_end=self._day(67),
                ),
                # 2 days after the ride starts: day 64
                booking_line(
                    "Camel ride",
                    "tour",
                    50,
                    30,
                    supplier_id=self.hotel.id,
                    date_start=self._day(62),
                ),
                # no dates: 5 days after the booking's return, day 72
                booking_line("Flight", "flight", 300, 250, supplier_id=self.airline.id),
            ]
        )
        bills = self._bills(booking)
        hotel_bill = bills.filtered(lambda m: m.partner_id == self.hotel)
        airline_bill = bills.filtered(lambda m: m.partner_id == self.airline)
        self.assertEqual(hotel_bill.invoice_date_due, self._day(46))
        self.assertEqual(hotel_bill.travel_supplier_due_date, self._day(46))
        self.assertFalse(hotel_bill.invoice_payment_term_id)
        self.assertEqual(airline_bill.invoice_date_due, self._day(72))
        self.assertEqual(
            hotel_bill.line_ids.filtered(
                lambda aml: aml.display_type == "payment_term"
            ).date_maturity,
            self._day(46),
        )

        # the supplier's bill date, posting and a change of supplier keep it
        with Form(hotel_bill.with_user(self.accountant)) as bill_form:
            bill_form.invoice_date = self.today
            bill_form.partner_id = self.hotel_group
        self.assertFalse(hotel_bill.invoice_payment_term_id)
        hotel_bill.with_user(self.accountant).action_post()
        self.assertEqual(hotel_bill.state, "posted")
        self.assertEqual(hotel_bill.invoice_date_due, self._day(46))
        self.assertEqual(
            hotel_bill.line_ids.filtered(
                lambda aml: aml.display_type == "payment_term"
            ).date_maturity,
            self._day(46),
        )

    def test_supplier_to_pay_before_the_bill_is_due_today(self):
        # 30 days before a room starting in 10 days: already past
        booking = self._booking(
            [
                booking_line(
                    "Room",
                    "hotel",
                    100,
                    80,
                    supplier_id=self.bus.id,
                    date_start=self._day(10),
                    date_end=self._day(12),
                )
            ],
            departure_date=self._day(10),
            return_date=self._day(12),
        )
        bill = self._bills(booking)
        self.assertEqual(bill.invoice_date_due, self.today)

    def test_without_a_rule_the_suppliers_payment_term_applies(self):
        self.Rule.search([("company_id", "=", self.env.company.id)]).action_archive()
        booking = self._booking(
            [booking_line("Flight", "flight", 300, 250, supplier_id=self.airline.id)]
        )
        bill = self._bills(booking)
        self.assertFalse(bill.travel_supplier_due_date)
        self.assertEqual(bill.invoice_payment_term_id, self.term_60)
        bill.invoice_date = self.today
        self.assertEqual(bill.invoice_date_due, self._day(60))

    # ------------------------------------------------------------------
    # Supplier Payments Due
    # ------------------------------------------------------------------

    def test_due_list_shows_open_bills_with_the_customer_payment_status(self):
        booking = self._booking(
            [booking_line("Flight", "flight", 300, 250, supplier_id=self.airline.id)]
        )
        bill = self._bills(booking)
        self.assertIn(bill, self._due_list())
        self.assertEqual(bill.travel_customer_payment_status, "not_invoiced")

        booking.with_user(self.accountant).action_create_invoice()
        invoice = booking.invoice_ids.filtered(lambda m: m.move_type == "out_invoice")
        invoice.with_user(self.accountant).action_post()
        self.assertEqual(bill.travel_customer_payment_status, "not_paid")
        not_paid = self.env["account.move"].search(
            [("id", "=", bill.id), ("travel_customer_payment_status", "!=", "paid")]
        )
        self.assertEqual(not_paid, bill)

        self._pay(invoice)
        self.assertEqual(bill.travel_customer_payment_status, "paid")

        # paid, the bill leaves the list; a cancelled one is not in it
        bill.invoice_date = self.today
        bill.action_post()
        self.assertIn(bill, self._due_list())
        self._pay(bill)
        self.assertNotIn(bill, self._due_list())

        other = self._booking(
            [booking_line("Coach", "transfer", 50, 40, supplier_id=self.bus.id)]
        )
        other_bill = self._bills(other)
        other_bill.button_cancel()
        self.assertNotIn(other_bill, self._due_list())

    def test_due_list_is_sorted_by_due_date_and_has_no_customer_invoices(self):
        late = self._booking(
            [booking_line("Flight", "flight", 300, 250, supplier_id=self.airline.id)],
            departure_date=self._day(90),
            return_date=self._day(95),
        )
        soon = self._booking(
            [booking_line("Flight", "flight", 300, 250, supplier_id=self.airline.id)],
            departure_date=self._day(20),
            return_date=self._day(25),
        )
        late_bill, soon_bill = self._bills(late), self._bills(soon)
        late.with_user(self.accountant).action_create_invoice()
        view = self.env.ref("travel_crm.account_move_view_list_supplier_payment_due")
        self.assertIn('default_order="invoice_date_due, id"', view.arch_db)
        mine = (
            self._due_list()
            .filtered(lambda m: m.travel_booking_ids & (late | soon))
            .sorted(lambda m: (m.invoice_date_due, m.id))
        )
        self.assertEqual(mine, soon_bill | late_bill)
        self.assertEqual(
            mine.mapped("invoice_date_due"), [self._day(30), self._day(100)]
        )

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------

    def test_managers_write_rules_agents_and_accountants_read_them(self):
        rule = self.rule_hotels
        for user in (self.agent, self.accountant):
            with self.subTest(user=user.login):
                self.assertEqual(rule.with_user(user).days, 30)
                with self.assertRaises(AccessError):
                    rule.with_user(user).write({"days": 1})
                with self.assertRaises(AccessError):
                    self.Rule.with_user(user).create({"service_type": "visa"})
        rule.with_user(self.manager).write({"days": 21})
        new = self.Rule.with_user(self.manager).create({"service_type": "visa"})
        new.with_user(self.manager).unlink()
        self.assertEqual(rule.days, 21)
        # the supplier's form shows its rules to staff
        self.assertEqual(
            self.hotel_group.with_user(self.agent).travel_supplier_payment_rule_ids,
            self.rule_atlas | self.rule_atlas_tours,
        )

    def test_rules_of_another_company_stay_hidden(self):
        other = self.env["res.company"].create({"name": "Hidden Agency SP"})
        hidden = self.Rule.create({"company_id": other.id, "days": 3})
        for user in (self.agent, self.manager, self.accountant):
            with self.subTest(user=user.login):
                self.assertNotIn(hidden, self.Rule.with_user(user).search([]))
                with self.assertRaises(AccessError):
                    hidden.with_user(user).check_access("read")

    def test_agents_do_not_see_the_due_list(self):
        with self.assertRaises(AccessError):
            self._due_list(self.agent)
