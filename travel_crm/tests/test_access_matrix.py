"""The access matrix: every travel_crm model x operation x role.

The table below is the specification (docs/guarantees.md shows it). Each cell is checked
on a real record of the user's company through ``check_access``, which applies
both the ACLs and the record rules, so a cell is exactly what the user meets in
the UI or over RPC.

Letters: r read, w write, c create, u unlink; "-" none.
"""

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import booking_line, create_booking

ROLES = ("agent", "manager", "accountant", "internal", "portal", "public")

# model: operations allowed to each of ROLES (agent, manager, accountant,
# internal, portal, public) on a record of the user's own company
MATRIX_ROWS = {
    "travel.segment.history": ("r", "rwcu", "", "", "", ""),
    "travel.recommendation": ("r", "rwcu", "", "", "", ""),
    "travel.loyalty.redeem.wizard": ("rwcu", "rwcu", "", "", "", ""),
    "travel.loyalty.adjust.wizard": ("", "rwcu", "", "", "", ""),
    "travel.loyalty.tier": ("r", "rwcu", "r", "", "r", ""),
    "travel.loyalty.transaction": ("r", "rc", "r", "", "", ""),
    "travel.loyalty.consumption": ("r", "r", "r", "", "", ""),
    "travel.loyalty.reward": ("r", "rwcu", "", "", "", ""),
    "travel.loyalty.tier.history": ("r", "r", "", "", "", ""),
    "travel.destination.rule": ("r", "rwcu", "", "", "", ""),
    "travel.commission.rule": ("r", "rwcu", "", "", "", ""),
    # settings administrators only (they own the working calendars)
    "travel.public.holiday.import": ("", "", "", "", "", ""),
    "travel.booking.cancel": ("rwc", "rwc", "", "", "", ""),
    "travel.engagement.rule": ("r", "rwcu", "", "", "", ""),
    "travel.engagement.message": ("r", "rwcu", "", "", "", ""),
    "travel.document": ("rwcu", "rwcu", "", "", "", ""),
    "travel.companion": ("rwcu", "rwcu", "", "", "", ""),
    "travel.interest.tag": ("r", "rwcu", "r", "r", "", ""),
    "travel.booking": ("rwc", "rwcu", "r", "", "", ""),
    "travel.booking.line": ("rwcu", "rwcu", "r", "", "", ""),
    "travel.booking.option": ("rwcu", "rwcu", "r", "", "", ""),
    "travel.supplier.payment.rule": ("r", "rwcu", "r", "", "", ""),
    # A complaint of someone else: portal users only reach their own (see
    # test_service_access).
    "travel.complaint": ("rwc", "rwcu", "", "", "", ""),
    "travel.complaint.category": ("r", "rwcu", "", "", "r", ""),
    # opened and closed by the complaint's actions; managers may correct them
    "travel.complaint.wait": ("r", "rwcu", "", "", "", ""),
    "travel.complaint.team": ("r", "rwcu", "", "", "", ""),
    "travel.sla.policy": ("r", "rwcu", "", "", "", ""),
    "travel.feedback": ("rwc", "rwcu", "", "", "", ""),
    # append-only audit trails, written by code (sudo) only
    "travel.privacy.log": ("", "r", "", "", "", ""),
    "travel.consent.log": ("r", "r", "", "", "", ""),
}
MATRIX = {
    model: dict(zip(ROLES, cells, strict=True)) for model, cells in MATRIX_ROWS.items()
}

OPERATIONS = {"r": "read", "w": "write", "c": "create", "u": "unlink"}


@tagged("post_install", "-at_install")
class TestAccessMatrix(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = {
            "agent": "base.group_user,travel_crm.group_travel_agent",
            "manager": "base.group_user,travel_crm.group_travel_manager",
            "accountant": "base.group_user,account.group_account_invoice",
            "internal": "base.group_user",
            "portal": "base.group_portal",
        }
        cls.users = {
            role: new_test_user(cls.env, login=f"matrix_{role}", groups=group)
            for role, group in groups.items()
        }
        cls.users["public"] = cls.env.ref("base.public_user")
        cls.records = cls._make_records()

    @classmethod
    def _make_records(cls):
        """One record of each model in the admin's company, by feature."""
        customer = cls.env["res.partner"].create({"name": "Matrix Customer"})
        booking = create_booking(
            cls.env, customer, [booking_line("Hotel", "other", 10)]
        )
        return {
            **cls._booking_records(booking),
            **cls._traveller_records(customer),
            **cls._service_records(customer, booking),
            **cls._engagement_records(customer),
            **cls._loyalty_records(customer),
            **cls._value_records(customer),
            **cls._privacy_records(customer),
        }

    @classmethod
    def _booking_records(cls, booking):
        return {
            "travel.booking": booking,
            "travel.booking.line": booking.line_ids,
            "travel.booking.option": cls.env["travel.booking.option"].create(
                {"booking_id": booking.id, "name": "Matrix option"}
            ),
            "travel.supplier.payment.rule": cls.env[
                "travel.supplier.payment.rule"
            ].create({"service_type": "visa", "days": 30}),
            "travel.booking.cancel": cls.env["travel.booking.cancel"].create(
                {"booking_ids": [(6, 0, booking.ids)], "cancel_reason": "Matrix"}
            ),
            "travel.destination.rule": cls.env["travel.destination.rule"].create(
                {"country_id": cls.env.ref("base.br").id}
            ),
            "travel.public.holiday.import": cls.env[
                "travel.public.holiday.import"
            ].create(
                {
                    "calendar_id": cls.env.company.resource_calendar_id.id,
                    "country_id": cls.env.ref("base.cn").id,
                    "year": 2026,
                }
            ),
            # the matrix agent's own rule: unique whatever rules the company has
            "travel.commission.rule": cls.env["travel.commission.rule"].create(
                {"user_id": cls.users["agent"].id, "service_type": "hotel", "rate": 5}
            ),
        }

    @classmethod
    def _traveller_records(cls, customer):
        companion = cls.env["res.partner"].create({"name": "Matrix Companion"})
        return {
            "travel.document": cls.env["travel.document"].create(
                {
                    "partner_id": customer.id,
                    "document_type": "passport",
                    "number": "MX1234567",
                    "expiry_date": "2031-01-01",
                }
            ),
            "travel.companion": cls.env["travel.companion"].create(
                {"partner_id": customer.id, "companion_id": companion.id}
            ),
            "travel.interest.tag": cls.env["travel.interest.tag"].create(
                {"name": "Matrix interest"}
            ),
        }

    @classmethod
    def _service_records(cls, customer, booking):
        complaint = cls.env["travel.complaint"].create(
            {"partner_id": customer.id, "subject": "Noisy room"}
        )
        complaint.action_wait()
        return {
            "travel.complaint": complaint,
            "travel.complaint.wait": complaint.wait_ids,
            "travel.complaint.category": cls.env["travel.complaint.category"].create(
                {"name": "Matrix category"}
            ),
            "travel.complaint.team": cls.env["travel.complaint.team"].create(
                {"name": "Matrix team"}
            ),
            "travel.sla.policy": cls.env["travel.sla.policy"].create(
                {
                    "company_id": cls.env.company.id,
                    "priority": "2",
                    "response_hours": 4,
                    "resolution_hours": 12,
                }
            ),
            "travel.feedback": cls.env["travel.feedback"].create(
                {"booking_id": booking.id, "partner_id": customer.id, "score": 9}
            ),
        }

    @classmethod
    def _engagement_records(cls, customer):
        rule = cls.env["travel.engagement.rule"].create(
            {
                "name": "Matrix birthday",
                "trigger": "birthday",
                "channel": "email",
                "mail_template_id": cls.env.ref(
                    "travel_crm.mail_template_engagement_birthday"
                ).id,
                "company_id": cls.env.company.id,
                "active": False,
            }
        )
        message = cls.env["travel.engagement.message"].create(
            {
                "rule_id": rule.id,
                "company_id": cls.env.company.id,
                "partner_id": customer.id,
                "trigger": "birthday",
                "channel": "email",
                "kind": "marketing",
                "event_date": "2026-01-01",
                "dedupe_key": "matrix:birthday",
            }
        )
        return {"travel.engagement.rule": rule, "travel.engagement.message": message}

    @classmethod
    def _loyalty_records(cls, customer):
        """Points earned on a completed trip, 200 of them used on another."""
        create_booking(
            cls.env, customer, [booking_line("Tour", "other", 500)], state="done"
        )
        redeemed = create_booking(
            cls.env, customer, [booking_line("Tour", "other", 300)], state="confirmed"
        )
        redeem_wizard = cls.env["travel.loyalty.redeem.wizard"].create(
            {"booking_id": redeemed.id, "points": 200}
        )
        redeem_wizard.action_apply()
        ledger = cls.env["travel.loyalty.transaction"].search(
            [("partner_id", "=", customer.id)]
        )
        tier = cls.env.ref("travel_crm.travel_loyalty_tier_silver")
        return {
            "travel.loyalty.redeem.wizard": redeem_wizard,
            "travel.loyalty.adjust.wizard": cls.env[
                "travel.loyalty.adjust.wizard"
            ].create({"partner_id": customer.id, "points": 10, "reason": "Matrix"}),
            "travel.loyalty.tier": tier,
            "travel.loyalty.transaction": ledger.filtered(
                lambda entry: entry.transaction_type == "earn"
            ),
            "travel.loyalty.consumption": ledger.consumption_ids,
            "travel.loyalty.reward": cls.env["travel.loyalty.reward"].create(
                {"name": "Matrix lounge", "points_cost": 500}
            ),
            "travel.loyalty.tier.history": cls.env[
                "travel.loyalty.tier.history"
            ].create(
                {"partner_id": customer.id, "new_tier_id": tier.id, "change": "upgrade"}
            ),
        }

    @classmethod
    def _value_records(cls, customer):
        company = cls.env.company
        return {
            "travel.segment.history": cls.env["travel.segment.history"].create(
                {
                    "partner_id": customer.id,
                    "company_id": company.id,
                    "value_segment": "new",
                    "date_from": "2026-01-01",
                }
            ),
            "travel.recommendation": cls.env["travel.recommendation"].create(
                {
                    "partner_id": customer.id,
                    "company_id": company.id,
                    "kind": "service",
                    "service_type": "hotel",
                    "value": "Hotel",
                }
            ),
        }

    @classmethod
    def _privacy_records(cls, customer):
        return {
            "travel.privacy.log": cls.env["travel.privacy.log"]._log(
                customer, "export_json"
            ),
            "travel.consent.log": cls.env["travel.consent.log"]._record(
                [(customer, "marketing", True, False)]
            ),
        }

    def _allowed(self, record, user, operation):
        try:
            record.with_user(user).check_access(operation)
        except AccessError:
            return False
        return True

    def test_matrix_covers_every_travel_model(self):
        travel_models = {
            name
            for name, model in self.env.registry.models.items()
            if name.startswith("travel.") and not model._abstract and model._auto
        }
        self.assertEqual(travel_models - set(MATRIX), set(), "models without a row")

    def test_each_role_gets_exactly_its_rights(self):
        for model, row in MATRIX.items():
            record = self.records[model]
            for role in ROLES:
                for letter, operation in OPERATIONS.items():
                    with self.subTest(model=model, role=role, operation=operation):
                        self.assertEqual(
                            self._allowed(record, self.users[role], operation),
                            letter in row[role],
                        )

    def test_records_of_another_company_stay_hidden(self):
        other = self.env["res.company"].create({"name": "Other Agency"})
        customer = self.env["res.partner"].create({"name": "Other Customer"})
        booking = create_booking(
            self.env["travel.booking"].with_company(other).env,
            customer,
            [booking_line("Tour", "other", 5)],
            company_id=other.id,
        )
        for role in ("agent", "manager", "accountant"):
            user = self.users[role]
            with self.subTest(role=role):
                self.assertFalse(self._allowed(booking, user, "read"))
                self.assertFalse(self._allowed(booking.line_ids, user, "read"))
                self.assertNotIn(
                    booking, self.env["travel.booking"].with_user(user).search([])
                )
