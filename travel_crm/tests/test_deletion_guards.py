"""What cannot be deleted, and why: archive instead of losing the trail."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .common import booking_line, create_booking


@tagged("post_install", "-at_install")
class TestDeletionGuards(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id += cls.env.ref("travel_crm.group_travel_manager")
        cls.manager = new_test_user(
            cls.env,
            login="guard_manager",
            groups="base.group_user,travel_crm.group_travel_manager",
            company_id=cls.env.company.id,
            company_ids=[Command.set(cls.env.company.ids)],
        )
        cls.customer = cls.env["res.partner"].create({"name": "Guarded Customer"})

    def _booking(self):
        return create_booking(
            self.env, self.customer, [booking_line("Room", "other", 100, quantity=2)]
        )

    def test_booking_without_invoice_or_points_can_be_deleted(self):
        booking = self._booking()
        booking.unlink()
        self.assertFalse(booking.exists())

    def test_booking_with_draft_invoice_cannot_be_deleted_but_archived(self):
        booking = self._booking()
        booking.action_confirm()
        booking.action_create_invoice()
        invoice = booking.invoice_ids
        self.assertEqual(invoice.state, "draft")
        with self.assertRaisesRegex(UserError, "archive"):
            booking.with_user(self.manager).unlink()
        booking.with_user(self.manager).action_archive()
        self.assertFalse(booking.active)
        self.assertNotIn(
            booking, self.env["travel.booking"].search([("id", "=", booking.id)])
        )
        self.assertEqual(booking.invoice_ids, invoice)

    def test_booking_with_vendor_bill_cannot_be_deleted(self):
        booking = self._booking()
        booking.line_ids.write(
            {
                "supplier_id": self.env["res.partner"].create({"name": "Inn"}).id,
                "cost_unit": 60,
            }
        )
        booking.action_confirm()
        booking.action_create_vendor_bills()
        with self.assertRaisesRegex(UserError, "archive"):
            booking.unlink()
        self.assertTrue(booking.exists())

    def test_booking_with_ledger_entries_cannot_be_deleted(self):
        booking = self._booking()
        # as the programme does (sudo): bonus points for the booking
        entry = (
            self.env["travel.loyalty.transaction"]
            .sudo()
            .create(
                {
                    "partner_id": self.customer.id,
                    "booking_id": booking.id,
                    "transaction_type": "bonus",
                    "points": 50,
                    "name": "Goodwill",
                }
            )
        )
        with self.assertRaisesRegex(UserError, "archive"):
            booking.with_user(self.manager).unlink()
        with self.assertRaises(UserError):
            entry.with_user(self.manager).unlink()
        self.assertTrue(booking.exists() and entry.exists())

    def test_partner_with_bookings_cannot_be_deleted(self):
        self._booking()
        with self.assertRaises(UserError):
            self.customer.unlink()
        self.assertTrue(self.customer.exists())

    def test_every_many2one_has_a_deliberate_ondelete(self):
        """Stored many2one columns of travel_crm tables: business links
        restrict, parts of a record cascade, optional references set null; and
        what the ORM declares is what PostgreSQL enforces."""
        expected = {
            ("travel.booking", "partner_id"): "restrict",
            ("travel.booking", "company_id"): "restrict",
            ("travel.booking", "currency_id"): "restrict",
            ("travel.booking", "user_id"): "set null",
            ("travel.booking.line", "booking_id"): "cascade",
            ("travel.booking.line", "supplier_id"): "restrict",
            ("travel.complaint", "booking_id"): "restrict",
            ("travel.complaint", "company_id"): "restrict",
            ("travel.feedback", "booking_id"): "restrict",
            ("travel.document", "partner_id"): "cascade",
            ("travel.document", "company_id"): "restrict",
            ("travel.loyalty.transaction", "partner_id"): "restrict",
            ("travel.loyalty.transaction", "booking_id"): "restrict",
            ("travel.privacy.log", "partner_id"): "set null",
        }
        for (model, fname), policy in expected.items():
            with self.subTest(model=model, field=fname):
                self.assertEqual(self.env[model]._fields[fname].ondelete, policy)
        codes = {"r": "restrict", "c": "cascade", "n": "set null", "a": "no action"}
        for model in self.env.values():
            if not model._name.startswith("travel.") or not model._auto:
                continue
            for field in model._fields.values():
                # related copies follow their source and are set null with it
                if field.type != "many2one" or not field.store or field.related:
                    continue
                with self.subTest(model=model._name, field=field.name):
                    [(deltype,)] = self.env.execute_query(
                        SQL(
                            "SELECT c.confdeltype FROM pg_constraint c"
                            " JOIN pg_attribute a ON a.attrelid = c.conrelid"
                            " AND a.attnum = c.conkey[1]"
                            " WHERE c.contype = 'f' AND c.conrelid = %s::regclass"
                            " AND a.attname = %s",
                            model._table,
                            field.name,
                        )
                    )
                    self.assertEqual(codes[deltype], field.ondelete)
