"""The optional "Agent: own customers only" group narrows an agent's view.

Two agents of one company, each the salesperson of one customer; a third agent
of the same company without the restriction, a manager, and an agent of
another company. Rules are checked with search (what lists show) and
check_access (what opening a record by id gives).
"""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import booking_line, create_booking

RESTRICTED_MODELS = (
    "travel.booking",
    "travel.booking.line",
    "travel.complaint",
    "travel.feedback",
)


@tagged("post_install", "-at_install")
class TestOwnCustomersAccess(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        in_company = {
            "company_id": company.id,
            "company_ids": [Command.set(company.ids)],
        }
        own = "base.group_user,travel_crm.group_travel_own_customers"
        cls.anna = new_test_user(cls.env, login="own_anna", groups=own, **in_company)
        cls.bert = new_test_user(cls.env, login="own_bert", groups=own, **in_company)
        cls.carl = new_test_user(
            cls.env,
            login="own_carl",
            groups="base.group_user,travel_crm.group_travel_agent",
            **in_company,
        )
        cls.mona = new_test_user(
            cls.env,
            login="own_mona",
            groups=own + ",travel_crm.group_travel_manager",
            **in_company,
        )
        other_company = cls.env["res.company"].create({"name": "Elsewhere Travel"})
        cls.otto = new_test_user(
            cls.env,
            login="own_otto",
            groups="base.group_user,travel_crm.group_travel_agent",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        Partner = cls.env["res.partner"]
        cls.anna_customer = Partner.create({"name": "Ada", "user_id": cls.anna.id})
        cls.bert_customer = Partner.create({"name": "Bob", "user_id": cls.bert.id})
        cls.records = {
            "anna": cls._records_for(cls.anna_customer, cls.carl),
            "bert": cls._records_for(cls.bert_customer, cls.carl),
            # Carl's booking for a customer nobody is salesperson of
            "carl": cls._records_for(Partner.create({"name": "Cy"}), cls.carl),
        }

    @classmethod
    def _records_for(cls, customer, agent):
        booking = create_booking(
            cls.env, customer, [booking_line("Hotel", "other", 90)], user_id=agent.id
        )
        complaint = cls.env["travel.complaint"].create(
            {"subject": "Noisy room", "partner_id": customer.id}
        )
        feedback = cls.env["travel.feedback"].create(
            {"booking_id": booking.id, "partner_id": customer.id, "score": 9}
        )
        return {
            "travel.booking": booking,
            "travel.booking.line": booking.line_ids,
            "travel.complaint": complaint,
            "travel.feedback": feedback,
        }

    def _visible(self, user, model):
        owners = ("anna", "bert", "carl")
        ids = [self.records[owner][model].id for owner in owners]
        found = self.env[model].with_user(user).search([("id", "in", ids)])
        return {owner for owner in owners if self.records[owner][model] in found}

    def test_restricted_agent_sees_only_own_customers(self):
        for model in RESTRICTED_MODELS:
            with self.subTest(model=model):
                self.assertEqual(self._visible(self.anna, model), {"anna"})
                self.assertEqual(self._visible(self.bert, model), {"bert"})

    def test_restricted_agent_cannot_open_a_colleagues_record_by_id(self):
        for model in RESTRICTED_MODELS:
            record = self.records["bert"][model].with_user(self.anna)
            with self.subTest(model=model), self.assertRaises(AccessError):
                record.check_access("read")
            with self.subTest(model=model), self.assertRaises(AccessError):
                record.check_access("write")

    def test_records_the_agent_handles_are_visible_without_being_salesperson(self):
        booking = self.records["bert"]["travel.booking"]
        booking.user_id = self.anna
        self.assertIn(
            booking, self.env["travel.booking"].with_user(self.anna).search([])
        )
        self.assertIn(
            booking.line_ids,
            self.env["travel.booking.line"].with_user(self.anna).search([]),
        )

    def test_agent_without_the_group_and_manager_see_everything(self):
        for user in (self.carl, self.mona):
            for model in RESTRICTED_MODELS:
                with self.subTest(user=user.login, model=model):
                    self.assertEqual(
                        self._visible(user, model), {"anna", "bert", "carl"}
                    )

    def test_company_rule_still_applies_on_top(self):
        for model in RESTRICTED_MODELS:
            with self.subTest(model=model):
                self.assertEqual(self._visible(self.otto, model), set())

    def test_restricted_agent_creates_bookings_for_own_customers(self):
        booking = create_booking(self.env(user=self.anna), self.anna_customer, [])
        self.assertEqual(booking.user_id, self.anna)
        self.assertEqual(self._visible(self.bert, "travel.booking"), {"bert"})
