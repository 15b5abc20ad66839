from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .common import booking_line, create_booking


@tagged("post_install", "-at_install")
class TestBookingInvoicing(AccountTestInvoicingCommon):
    """From a confirmed booking to customer invoices, deposits, bills, payments."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        company.travel_deposit_percent = 30
        # the accounting test user also runs the agency in these tests
        cls.env.user.groups_id += cls.env.ref("travel_crm.group_travel_manager")
        # copies of the chart's taxes keep their tax accounts
        cls.tax_sale_10 = cls.company_data["default_tax_sale"].copy(
            {"name": "Travel sale 10%", "amount": 10}
        )
        cls.tax_purchase_5 = cls.company_data["default_tax_purchase"].copy(
            {"name": "Travel purchase 5%", "amount": 5}
        )
        user_vals = {
            "company_id": company.id,
            "company_ids": [Command.set(company.ids)],
        }
        cls.agent = new_test_user(
            cls.env,
            login="inv_agent",
            groups="base.group_user,travel_crm.group_travel_agent",
            **user_vals,
        )
        cls.manager = new_test_user(
            cls.env,
            login="inv_manager",
            groups="base.group_user,travel_crm.group_travel_manager",
            **user_vals,
        )
        cls.accountant = new_test_user(
            cls.env,
            login="inv_accountant",
            groups="base.group_user,account.group_account_invoice",
            **user_vals,
        )
        cls.customer = cls.env["res.partner"].create({"name": "Clara Customer"})
        cls.hotel = cls.env["res.partner"].create({"name": "Hotel Atlântico"})
        cls.airline = cls.env["res.partner"].create({"name": "Blue Sky Airways"})

    def _booking(self, currency=None):
        """A September trip made by the agent: hotel and flight with customer
        taxes (the hotel with supplier taxes too) and an untaxed agency fee."""
        sale_taxes = [Command.set(self.tax_sale_10.ids)]
        booking = create_booking(
            self.env(user=self.agent),
            self.customer,
            [
                booking_line(
                    "Seaside room",
                    "hotel",
                    100,
                    80,
                    supplier_id=self.hotel.id,
                    date_start="2026-09-01",
                    date_end="2026-09-08",
                    quantity=7,
                    tax_ids=sale_taxes,
                    supplier_tax_ids=[Command.set(self.tax_purchase_5.ids)],
                ),
                booking_line(
                    "LIS-FNC return",
                    "flight",
                    300,
                    250,
                    supplier_id=self.airline.id,
                    date_start="2026-09-01",
                    quantity=2,
                    tax_ids=sale_taxes,
                ),
                booking_line("Agency fee", "other", 50, quantity=1),
            ],
            departure_date="2026-09-01",
            return_date="2026-09-08",
            currency_id=(currency or self.env.company.currency_id).id,
        )
        return booking.with_user(self.env.user)

    def _moves(self):
        return self.env["account.move"].search(
            [
                ("company_id", "=", self.env.company.id),
                ("invoice_origin", "like", "TB/"),
            ],
            order="id",
        )

    def _pay(self, invoice, amount):
        self.env["account.payment.register"].with_user(self.accountant).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": amount})._create_payments()

    def test_full_flow_from_draft_to_invoiced_and_paid(self):
        booking = self._booking()
        self.assertEqual(booking.invoice_status, "no")
        self.assertEqual(booking.payment_status, "not_invoiced")
        booking.with_user(self.agent).action_confirm()
        self.assertEqual(booking.invoice_status, "to_invoice")

        booking.with_user(self.accountant).action_create_invoice()
        invoice = booking.invoice_ids
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.partner_id, self.customer)
        self.assertEqual(invoice.invoice_origin, booking.name)
        self.assertEqual(invoice.travel_booking_ids, booking)
        self.assertEqual(invoice.currency_id, booking.currency_id)
        lines = invoice.invoice_line_ids.sorted("sequence")
        self.assertEqual(lines.travel_booking_line_id, booking.line_ids)
        self.assertEqual(lines.mapped("quantity"), [7, 2, 1])
        self.assertEqual(invoice.amount_untaxed, 1350)
        self.assertEqual(invoice.amount_tax, 130)
        self.assertEqual(invoice.amount_total, 1480)
        self.assertEqual(booking.invoice_status, "invoiced")
        self.assertEqual(booking.payment_status, "not_invoiced")

        invoice.with_user(self.accountant).action_post()
        self.assertEqual(booking.payment_status, "not_paid")
        self.assertEqual(booking.amount_due, 1480)

        self._pay(invoice, 480)
        self.assertEqual(invoice.payment_state, "partial")
        self.assertEqual(booking.payment_status, "partial")
        self.assertEqual(booking.amount_due, 1000)

        self._pay(invoice, 1000)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(booking.payment_status, "paid")
        self.assertEqual(booking.amount_due, 0)
        self.assertEqual(booking.amount_invoiced, 1480)

        booking.with_user(self.agent).action_start()
        booking.with_user(self.agent).action_done()
        self.assertEqual(booking.state, "done")

    def test_invoice_lines_carry_the_customer_taxes(self):
        booking = self._booking()
        booking.action_confirm()
        booking.action_create_invoice()
        lines = booking.invoice_ids.invoice_line_ids
        with_tax = lines.filtered(lambda line: line.quantity in (7, 2))
        self.assertEqual(with_tax.tax_ids, self.tax_sale_10)
        self.assertFalse((lines - with_tax).tax_ids)
        self.assertTrue(all(lines.mapped("account_id")))
        self.assertEqual(set(lines.account_id.mapped("account_type")), {"income"})

    def test_invoicing_again_bills_only_what_is_left(self):
        booking = self._booking()
        booking.action_confirm()
        booking.action_create_invoice()
        hotel = booking.line_ids.filtered(lambda line: line.service_type == "hotel")
        hotel.with_user(self.manager).quantity = 8
        self.assertEqual(hotel.qty_to_invoice, 1)
        self.assertEqual(booking.invoice_status, "to_invoice")
        booking.action_create_invoice()
        second = booking.invoice_ids.sorted("id")[-1]
        self.assertEqual(second.invoice_line_ids.travel_booking_line_id, hotel)
        self.assertEqual(second.invoice_line_ids.quantity, 1)
        self.assertEqual(second.amount_untaxed, 100)
        self.assertEqual(booking.invoice_status, "invoiced")

        before = len(self._moves())
        with self.assertRaises(UserError):
            booking.action_create_invoice()
        self.assertEqual(len(self._moves()), before)

    def test_credit_note_puts_the_service_back_to_invoice(self):
        booking = self._booking()
        booking.action_confirm()
        booking.action_create_invoice()
        invoice = booking.invoice_ids
        invoice.action_post()
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "Wrong"})
        )
        reversal.refund_moves()
        refund = booking.invoice_ids.filtered(lambda m: m.move_type == "out_refund")
        self.assertEqual(len(refund), 1)
        self.assertEqual(booking.invoice_status, "to_invoice")
        self.assertEqual(booking.line_ids.mapped("qty_invoiced"), [0, 0, 0])

    def test_deposit_then_final_invoice_deducts_it(self):
        booking = self._booking()
        booking.action_confirm()
        booking.with_user(self.accountant).action_create_deposit_invoice()
        deposit = booking.invoice_ids
        self.assertEqual(len(deposit), 1)
        # 30% of 1300 taxed at 10% and of the untaxed 50 fee
        self.assertEqual(deposit.amount_untaxed, 405)
        self.assertEqual(deposit.amount_tax, 39)
        self.assertEqual(booking.invoice_status, "to_invoice")
        deposit.action_post()
        self.assertEqual(booking.deposit_amount, 405)

        with self.assertRaises(UserError):
            booking.action_create_deposit_invoice()
        self.assertEqual(len(booking.invoice_ids), 1)

        self._pay(deposit, 444)
        self.assertEqual(booking.payment_status, "partial")

        booking.with_user(self.accountant).action_create_invoice()
        final = booking.invoice_ids - deposit
        deduction = final.invoice_line_ids.filtered(lambda line: line.quantity < 0)
        self.assertEqual(len(deduction), 2)
        self.assertEqual(sum(deduction.mapped("price_subtotal")), -405)
        self.assertEqual(final.amount_untaxed, 945)
        self.assertEqual(final.amount_tax, 91)
        self.assertEqual(deposit.amount_total + final.amount_total, 1480)
        self.assertEqual(booking.deposit_amount, 0)
        self.assertEqual(booking.invoice_status, "invoiced")
        final.action_post()
        self._pay(final, final.amount_total)
        self.assertEqual(booking.payment_status, "paid")

    def test_vendor_bills_one_per_supplier_with_supplier_taxes(self):
        booking = self._booking()
        booking.action_confirm()
        booking.with_user(self.accountant).action_create_vendor_bills()
        bills = booking.invoice_ids.filtered(lambda m: m.move_type == "in_invoice")
        self.assertEqual(len(bills), 2)
        self.assertEqual(booking.bill_count, 2)
        self.assertEqual(booking.invoice_count, 0)
        hotel_bill = bills.filtered(lambda m: m.partner_id == self.hotel)
        airline_bill = bills.filtered(lambda m: m.partner_id == self.airline)
        self.assertEqual(hotel_bill.amount_untaxed, 560)
        self.assertEqual(hotel_bill.amount_total, 588)
        self.assertEqual(hotel_bill.invoice_line_ids.tax_ids, self.tax_purchase_5)
        self.assertEqual(airline_bill.amount_total, 500)
        self.assertEqual(airline_bill.invoice_origin, booking.name)
        self.assertEqual(
            set(bills.invoice_line_ids.account_id.mapped("account_type")),
            {"expense"},
        )
        # the customer side is untouched by bills
        self.assertEqual(booking.invoice_status, "to_invoice")

        before = len(self._moves())
        with self.assertRaises(UserError):
            booking.action_create_vendor_bills()
        self.assertEqual(len(self._moves()), before)

    def test_vendor_bills_follow_the_suppliers_answers(self):
        booking = self._booking()
        booking.action_confirm()
        hotel_line = booking.line_ids.filtered(lambda li: li.supplier_id == self.hotel)
        airline_line = booking.line_ids.filtered(
            lambda li: li.supplier_id == self.airline
        )
        hotel_line.write({"supplier_state": "requested"})
        airline_line.write({"supplier_state": "requested"})
        # as the public supplier link does (sudo)
        hotel_line.sudo()._supplier_answer(False, note="Fully booked that week")
        airline_line.sudo()._supplier_answer(True, reference=" PNR-7QX2LM ")
        booking.with_user(self.accountant).action_create_vendor_bills()
        bills = booking.invoice_ids.filtered(lambda m: m.move_type == "in_invoice")
        # the hotel declined: nothing to bill it for
        self.assertEqual(bills.partner_id, self.airline)
        self.assertEqual(bills.ref, "PNR-7QX2LM")
        self.assertEqual(bills.amount_total, 500)

    def test_invoice_in_the_booking_currency(self):
        other = self.setup_other_currency("CHF", rates=[("2000-01-01", 2.0)])
        self.assertNotEqual(other, self.env.company.currency_id)
        booking = self._booking(currency=other)
        booking.action_confirm()
        booking.action_create_invoice()
        booking.action_create_vendor_bills()
        invoice = booking.invoice_ids.filtered(lambda m: m.move_type == "out_invoice")
        self.assertEqual(invoice.currency_id, other)
        self.assertEqual(invoice.amount_total, 1480)
        self.assertEqual(invoice.amount_total_signed, 740)
        self.assertEqual(set(booking.invoice_ids.currency_id.ids), {other.id})
        invoice.action_post()
        self.assertEqual(booking.amount_due, 1480)

    def test_draft_booking_cannot_be_invoiced_nothing_is_created(self):
        booking = self._booking()
        before = len(self._moves())
        for action in (
            booking.action_create_invoice,
            booking.action_create_deposit_invoice,
            booking.action_create_vendor_bills,
        ):
            with self.assertRaises(UserError):
                action()
        self.assertEqual(len(self._moves()), before)
        self.assertFalse(booking.invoice_ids)

    def test_accountant_reads_and_invoices_but_does_not_edit_bookings(self):
        booking = self._booking()
        booking.action_confirm()
        as_accountant = booking.with_user(self.accountant)
        self.assertEqual(as_accountant.amount_total, 1480)
        self.assertEqual(as_accountant.margin, 290)
        with self.assertRaises(AccessError):
            as_accountant.write({"notes": "changed"})
        with self.assertRaises(AccessError):
            as_accountant.line_ids.write({"price_unit": 1})
        with self.assertRaises(AccessError):
            self.env["travel.booking"].with_user(self.accountant).create(
                {"partner_id": self.customer.id}
            )
        as_accountant.action_create_invoice()
        as_accountant.action_create_vendor_bills()
        self.assertEqual(len(booking.invoice_ids), 3)
        action = as_accountant.action_view_invoices()
        self.assertEqual(action["res_id"], booking.invoice_ids[:1].id)
        self.assertEqual(
            booking.invoice_ids[:1].with_user(self.accountant).travel_booking_count, 1
        )

    def test_agent_without_accounting_rights_cannot_invoice(self):
        booking = self._booking()
        booking.action_confirm()
        with self.assertRaises(AccessError):
            booking.with_user(self.agent).action_create_invoice()
        self.assertFalse(booking.invoice_ids)
        # but sees where the booking stands
        self.assertEqual(booking.with_user(self.agent).invoice_status, "to_invoice")

    def test_cancelling_a_booking_cancels_its_draft_invoices(self):
        booking = self._booking()
        booking.action_confirm()
        booking.action_create_invoice()
        booking.cancel_reason = "Hurricane"
        booking.with_user(self.agent).action_cancel()
        self.assertEqual(booking.invoice_ids.state, "cancel")
        self.assertEqual(booking.invoice_status, "no")

    def test_deposit_percentage_is_a_company_setting(self):
        self.env["res.config.settings"].create({"travel_deposit_percent": 50}).execute()
        self.assertEqual(self.env.company.travel_deposit_percent, 50)
        booking = self._booking()
        booking.action_confirm()
        booking.action_create_deposit_invoice()
        self.assertEqual(booking.invoice_ids.amount_untaxed, 675)

    def test_analytic_account_is_carried_onto_invoice_and_bill_lines(self):
        plan = self.env["account.analytic.plan"].create({"name": "Trips"})
        analytic = self.env["account.analytic.account"].create(
            {"name": "Madeira 2026", "plan_id": plan.id}
        )
        booking = self._booking()
        booking.analytic_account_id = analytic
        booking.action_confirm()
        booking.action_create_invoice()
        booking.action_create_vendor_bills()
        lines = booking.invoice_ids.invoice_line_ids
        self.assertEqual(len(lines), 5)
        for line in lines:
            self.assertEqual(line.analytic_distribution, {str(analytic.id): 100})
        for move in booking.invoice_ids:
            move.invoice_date = "2026-09-01"
            move.action_post()
        analytic_lines = self.env["account.analytic.line"].search(
            [
                ("auto_account_id", "=", analytic.id),
                ("general_account_id.internal_group", "in", ("income", "expense")),
            ]
        )
        # revenue 1350 minus costs 1060: the booking's margin in analytic
        self.assertEqual(sum(analytic_lines.mapped("amount")), 290)
