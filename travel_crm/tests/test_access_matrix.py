"""The access matrix: every travel_crm model x operation x role.

The table below is the specification (the README shows it). Each cell is checked
on a real record of the user's company through ``check_access``, which applies
both the ACLs and the record rules, so a cell is exactly what the user meets in
the UI or over RPC.

Letters: r read, w write, c create, u unlink; "-" none.
"""

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

ROLES = ("agent", "manager", "accountant", "internal", "portal", "public")

# model: {role: allowed operations on a record of the user's own company}
MATRIX = {
    "travel.segment.history": {
        "agent": "r",
        "manager": "rwcu",
        "accountant": "",
        "internal": "",
        "portal": "",
        "public": "",
    },
    "travel.recommendation": {
        "agent": "r",
        "manager": "rwcu",
        "accountant": "",
        "internal": "",
        "portal": "",
        "public": "",
    },
    "travel.loyalty.redeem.wizard": {
        "agent": "rwcu",
        "manager": "rwcu",
        "accountant": "",
        "internal": "",
        "portal": "",
        "public": "",
    },
    "travel.loyalty.adjust.wizard": {
        "agent": "",
        "manager": "rwcu",
        "accountant": "",
        "internal": "",
        "portal": "",
        "public": "",
    },
    "travel.loyalty.tier": {
        "agent": "r",
        "manager": "rwcu",
        "accountant": "r",
        "internal": "",
        "portal": "r",
        "public": "",
    },
    "travel.loyalty.transaction": {
        "agent": "r",
        "manager": "rc",
        "accountant": "r",
        "internal": "",
        "portal": "",
        "public": "",
    },
    "travel.loyalty.consumption": {
        "agent": "r",
        "manager": "r",
        "accountant": "r",
        "internal": "",
        "portal": "",
        "public": "",
    },
    "travel.loyalty.reward": {
        "agent": "r",
        "manager": "rwcu",
        "accountant": "",
        "internal": "",
        "portal": "",
        "public": "",
    },
    "travel.loyalty.tier.history": {
        "agent": "r",
        "manager": "r",
        "accountant": "",
        "internal": "",
        "portal": "",
        "public": "",
    },
    "travel.destination.rule": {
        "agent": "r",
        "manager": "rwcu",
        "accountant": "",
        "internal": "",
        "portal": "",
        "public": "",
    },
    "travel.commission.rule": {
        "agent": "r",
        "manager": "rwcu",
        "accountant": "",
        "internal": "",
        "portal": "",
        "public": "",
    },
    "travel.booking.cancel": {
        "agent": "rwc",
        "manager": "rwc",
        "accountant": "",
        "internal": "",
        "portal": "",
        "public": "",
    },
    "travel.engagement.rule": {
        "agent": "r",
        "manager": "rwcu",
        "accountant": "",
        "internal": "",
        "portal": "",
        "public": "",
    },
    "travel.engagement.message": {
        "agent": "r",
        "manager": "rwcu",
        "accountant": "",
        "internal": "",
        "portal": "",
        "public": "",
    },
    "travel.document": {
        "agent": "rwcu",
        "manager": "rwcu",
        "accountant": "",
        "internal": "",
        "portal": "",
        "public": "",
    },
    "travel.companion": {
        "agent": "rwcu",
        "manager": "rwcu",
        "accountant": "",
        "internal": "",
        "portal": "",
        "public": "",
    },
    "travel.interest.tag": {
        "agent": "r",
        "manager": "rwcu",
        "accountant": "r",
        "internal": "r",
        "portal": "",
        "public": "",
    },
    "travel.booking": {
        "agent": "rwc",
        "manager": "rwcu",
        "accountant": "r",
        "internal": "",
        "portal": "",
        "public": "",
    },
    "travel.booking.line": {
        "agent": "rwcu",
        "manager": "rwcu",
        "accountant": "r",
        "internal": "",
        "portal": "",
        "public": "",
    },
    # A complaint of someone else: portal users only reach their own (see
    # test_service_access).
    "travel.complaint": {
        "agent": "rwc",
        "manager": "rwcu",
        "accountant": "",
        "internal": "",
        "portal": "",
        "public": "",
    },
    "travel.complaint.category": {
        "agent": "r",
        "manager": "rwcu",
        "accountant": "",
        "internal": "",
        "portal": "r",
        "public": "",
    },
    "travel.complaint.team": {
        "agent": "r",
        "manager": "rwcu",
        "accountant": "",
        "internal": "",
        "portal": "",
        "public": "",
    },
    "travel.sla.policy": {
        "agent": "r",
        "manager": "rwcu",
        "accountant": "",
        "internal": "",
        "portal": "",
        "public": "",
    },
    "travel.feedback": {
        "agent": "rwc",
        "manager": "rwcu",
        "accountant": "",
        "internal": "",
        "portal": "",
        "public": "",
    },
    # append-only audit trails, written by code (sudo) only
    "travel.privacy.log": {
        "agent": "",
        "manager": "r",
        "accountant": "",
        "internal": "",
        "portal": "",
        "public": "",
    },
    "travel.consent.log": {
        "agent": "r",
        "manager": "r",
        "accountant": "",
        "internal": "",
        "portal": "",
        "public": "",
    },
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
        customer = cls.env["res.partner"].create({"name": "Matrix Customer"})
        booking = cls.env["travel.booking"].create(
            {
                "partner_id": customer.id,
                "line_ids": [(0, 0, {"name": "Hotel", "price_unit": 10})],
            }
        )
        complaint = cls.env["travel.complaint"].create(
            {"partner_id": customer.id, "subject": "Noisy room"}
        )
        companion = cls.env["res.partner"].create({"name": "Matrix Companion"})
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
        earned, redeemed = cls.env["travel.booking"].create(
            [
                {
                    "partner_id": customer.id,
                    "line_ids": [(0, 0, {"name": "Tour", "price_unit": price})],
                }
                for price in (500, 300)
            ]
        )
        earned.action_confirm()
        earned.action_done()
        redeemed.action_confirm()
        redeem_wizard = cls.env["travel.loyalty.redeem.wizard"].create(
            {"booking_id": redeemed.id, "points": 200}
        )
        redeem_wizard.action_apply()
        ledger = cls.env["travel.loyalty.transaction"].search(
            [("partner_id", "=", customer.id)]
        )
        tier = cls.env.ref("travel_crm.travel_loyalty_tier_silver")
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
            "travel.destination.rule": cls.env["travel.destination.rule"].create(
                {"country_id": cls.env.ref("base.br").id}
            ),
            "travel.commission.rule": cls.env["travel.commission.rule"].create(
                {"service_type": "hotel", "rate": 5}
            ),
            "travel.booking.cancel": cls.env["travel.booking.cancel"].create(
                {"booking_ids": [(6, 0, booking.ids)], "cancel_reason": "Matrix"}
            ),
            "travel.engagement.rule": rule,
            "travel.engagement.message": cls.env["travel.engagement.message"].create(
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
            ),
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
            "travel.booking": booking,
            "travel.booking.line": booking.line_ids,
            "travel.complaint": complaint,
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
        booking = (
            self.env["travel.booking"]
            .with_company(other)
            .create(
                {
                    "partner_id": customer.id,
                    "company_id": other.id,
                    "line_ids": [(0, 0, {"name": "Tour", "price_unit": 5})],
                }
            )
        )
        for role in ("agent", "manager", "accountant"):
            user = self.users[role]
            with self.subTest(role=role):
                self.assertFalse(self._allowed(booking, user, "read"))
                self.assertFalse(self._allowed(booking.line_ids, user, "read"))
                self.assertNotIn(
                    booking, self.env["travel.booking"].with_user(user).search([])
                )
