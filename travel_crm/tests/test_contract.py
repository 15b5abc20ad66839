"""The public names of ../shared/CONTRACT.md, checked against the registry.

Integrators reach travel_crm through these names over XML-RPC / JSON-RPC and XML
ids: a rename, a changed type or a missing selection key must fail the suite.
"""

from odoo.modules.module import get_manifest
from odoo.tests import TransactionCase, tagged

# model -> {field: (type, extra)} where extra is the comodel of a relation or the
# selection keys that must exist
CONTRACT_FIELDS = {
    "res.partner": {
        "is_traveller": ("boolean", None),
        "travel_document_ids": ("one2many", "travel.document"),
        "travel_booking_ids": ("one2many", "travel.booking"),
        "loyalty_points": (("integer", "float"), None),
        "loyalty_tier_id": ("many2one", "travel.loyalty.tier"),
        "referred_by_id": ("many2one", "res.partner"),
        "rfm_recency": ("integer", None),
        "rfm_frequency": ("integer", None),
        "rfm_monetary": ("integer", None),
        "value_segment": (
            "selection",
            {"high", "potential", "low", "at_risk", "lost", "new"},
        ),
        "lifecycle_stage": (
            "selection",
            {"prospect", "first_time", "repeat", "loyal", "at_risk", "churned"},
        ),
        "customer_lifetime_value": ("monetary", None),
    },
    "travel.document": {
        "partner_id": ("many2one", "res.partner"),
        "document_type": ("selection", {"passport", "visa", "id_card", "other"}),
        "number": ("char", None),
        "issuing_country_id": ("many2one", "res.country"),
        "expiry_date": ("date", None),
    },
    "travel.booking": {
        "name": ("char", None),
        "partner_id": ("many2one", "res.partner"),
        "traveller_ids": ("many2many", "res.partner"),
        "departure_date": ("date", None),
        "return_date": ("date", None),
        "line_ids": ("one2many", "travel.booking.line"),
        "state": (
            "selection",
            {"draft", "sent", "confirmed", "in_progress", "done", "cancel"},
        ),
        "option_ids": ("one2many", "travel.booking.option"),
        "selected_option_id": ("many2one", "travel.booking.option"),
        "validity_date": ("date", None),
        "require_signature": ("boolean", None),
        "require_payment": ("boolean", None),
        "signature": ("binary", None),
        "signed_by": ("char", None),
        "signed_on": ("datetime", None),
        "amount_untaxed": ("monetary", None),
        "amount_tax": ("monetary", None),
        "amount_total": ("monetary", None),
        "amount_cost": ("monetary", None),
        "margin": ("monetary", None),
        "currency_id": ("many2one", "res.currency"),
        "company_id": ("many2one", "res.company"),
        "user_id": ("many2one", "res.users"),
        "invoice_ids": (("many2many", "one2many"), "account.move"),
        "cancel_reason": ("text", None),
    },
    "travel.booking.option": {
        "booking_id": ("many2one", "travel.booking"),
        "name": ("char", None),
        "sequence": ("integer", None),
        "amount_untaxed": ("monetary", None),
        "amount_total": ("monetary", None),
    },
    "travel.booking.line": {
        "booking_id": ("many2one", "travel.booking"),
        "service_type": (
            "selection",
            {"flight", "hotel", "tour", "transfer", "insurance", "visa", "other"},
        ),
        "name": (("char", "text"), None),
        "supplier_id": ("many2one", "res.partner"),
        "date_start": ("date", None),
        "date_end": ("date", None),
        "quantity": (("float", "integer"), None),
        "price_unit": (("float", "monetary"), None),
        "cost_unit": (("float", "monetary"), None),
        "price_subtotal": ("monetary", None),
        "option_id": ("many2one", "travel.booking.option"),
        "is_optional": ("boolean", None),
        "cost_subtotal": ("monetary", None),
    },
    "travel.loyalty.tier": {
        "name": ("char", None),
        "sequence": ("integer", None),
        "min_points": (("integer", "float"), None),
        "earn_multiplier": ("float", None),
    },
    "travel.loyalty.transaction": {
        "partner_id": ("many2one", "res.partner"),
        "booking_id": ("many2one", "travel.booking"),
        "transaction_type": (
            "selection",
            {"earn", "redeem", "expire", "adjust", "bonus", "referral"},
        ),
        "points": (("integer", "float"), None),
        "date": (("date", "datetime"), None),
        "expiry_date": ("date", None),
        "reason": ("char", None),
    },
    "travel.complaint": {
        "name": ("char", None),
        "subject": ("char", None),
        "partner_id": ("many2one", "res.partner"),
        "booking_id": ("many2one", "travel.booking"),
        "supplier_id": ("many2one", "res.partner"),
        "category_id": ("many2one", "travel.complaint.category"),
        "priority": ("selection", {"0", "1", "2", "3"}),
        "state": (
            "selection",
            {"new", "in_progress", "waiting", "resolved", "closed"},
        ),
        "user_id": ("many2one", "res.users"),
        "description": (("text", "html"), None),
        "deadline": ("datetime", None),
        "resolution": (("text", "html"), None),
        "date_resolved": (("datetime", "date"), None),
        "date_open": ("datetime", None),
        "sla_paused_hours": ("float", None),
    },
    "travel.sla.policy": {
        "resource_calendar_id": ("many2one", "resource.calendar"),
    },
    "travel.feedback": {
        "booking_id": ("many2one", "travel.booking"),
        "partner_id": ("many2one", "res.partner"),
        "score": ("integer", None),
        "comment": (("text", "html", "char"), None),
        "state": ("selection", {"requested", "answered"}),
        "date_answered": (("datetime", "date"), None),
        "nps_category": ("selection", {"promoter", "passive", "detractor"}),
        "feedback_url": ("char", None),
    },
}

# fields the contract marks as required
CONTRACT_REQUIRED = {
    "travel.booking": ["partner_id"],
    "travel.complaint": ["subject"],
}

# modules the contract says travel_crm depends on (at least)
CONTRACT_DEPENDS = {"mail", "contacts", "account", "portal", "utm"}

CONTRACT_METHODS = {
    "res.partner": ["action_anonymize_traveller"],
    "travel.booking": [
        "action_send_proposal",
        "action_confirm",
        "action_start",
        "action_done",
        "action_cancel",
        "action_create_invoice",
        "action_create_vendor_bills",
    ],
    "travel.complaint": [
        "action_start",
        "action_wait",
        "action_resolve",
        "action_close",
        "action_reopen",
    ],
}

CONTRACT_MIXINS = {
    "travel.booking": [
        "mail.thread",
        "mail.activity.mixin",
        "portal.mixin",
        "utm.mixin",
    ],
    "travel.complaint": ["mail.thread", "mail.activity.mixin"],
}

CONTRACT_XMLIDS = {
    "travel_crm.group_travel_agent": "res.groups",
    "travel_crm.group_travel_manager": "res.groups",
    "travel_crm.ir_cron_travel_segmentation": "ir.cron",
    "travel_crm.ir_cron_loyalty_maintenance": "ir.cron",
    "travel_crm.ir_cron_complaint_escalation": "ir.cron",
    "travel_crm.ir_cron_travel_engagement": "ir.cron",
}


@tagged("post_install", "-at_install")
class TestPublicContract(TransactionCase):
    def test_fields_keep_their_names_types_and_keys(self):
        for model_name, fields_spec in CONTRACT_FIELDS.items():
            model = self.env[model_name]
            for fname, (ftype, extra) in fields_spec.items():
                with self.subTest(field=f"{model_name}.{fname}"):
                    field = model._fields.get(fname)
                    self.assertIsNotNone(field, "field is missing")
                    types = ftype if isinstance(ftype, tuple) else (ftype,)
                    self.assertIn(field.type, types)
                    if isinstance(extra, str):
                        self.assertEqual(field.comodel_name, extra)
                    elif isinstance(extra, set):
                        keys = {
                            key
                            for key, _label in field._description_selection(self.env)
                        }
                        self.assertLessEqual(extra, keys)

    def test_public_methods_and_mixins_exist(self):
        for model_name, methods in CONTRACT_METHODS.items():
            for method in methods:
                with self.subTest(method=f"{model_name}.{method}"):
                    self.assertTrue(
                        callable(getattr(self.env[model_name], method, None))
                    )
        for model_name, mixins in CONTRACT_MIXINS.items():
            for mixin in mixins:
                with self.subTest(model=model_name, mixin=mixin):
                    self.assertIsInstance(self.env[model_name], type(self.env[mixin]))

    def test_stored_amounts_and_company_fields(self):
        booking = self.env["travel.booking"]
        for fname in (
            "amount_untaxed",
            "amount_tax",
            "amount_total",
            "amount_cost",
            "margin",
        ):
            with self.subTest(field=fname):
                self.assertTrue(booking._fields[fname].store)
        # loyalty tiers are one programme definition shared by the companies
        # (each company switches its programme on or off in its settings)
        shared = {"travel.loyalty.tier"}
        for model_name in CONTRACT_FIELDS:
            if model_name.startswith("travel.") and model_name not in shared:
                with self.subTest(model=model_name):
                    self.assertIn("company_id", self.env[model_name]._fields)

    def test_required_fields(self):
        for model_name, fnames in CONTRACT_REQUIRED.items():
            for fname in fnames:
                with self.subTest(field=f"{model_name}.{fname}"):
                    self.assertTrue(self.env[model_name]._fields[fname].required)

    def test_module_name_version_and_dependencies(self):
        module = self.env["ir.module.module"].search([("name", "=", "travel_crm")])
        self.assertEqual(module.state, "installed")
        manifest = get_manifest("travel_crm")
        self.assertRegex(manifest["version"], r"^18\.0\.\d+\.\d+\.\d+$")
        self.assertLessEqual(CONTRACT_DEPENDS, set(manifest["depends"]))

    def test_accountants_read_bookings(self):
        accountant = self.env.ref("account.group_account_invoice")
        Access = self.env["ir.model.access"]
        for model_name in ("travel.booking", "travel.booking.line"):
            with self.subTest(model=model_name):
                rows = Access.search(
                    [("model_id.model", "=", model_name), ("perm_read", "=", True)]
                )
                self.assertIn(accountant, rows.group_id)

    def test_references_come_from_sequences(self):
        Sequence = self.env["ir.sequence"].sudo()
        for code in ("travel.booking", "travel.complaint"):
            with self.subTest(code=code):
                self.assertTrue(Sequence.search([("code", "=", code)], limit=1))

    def test_xml_ids_exist(self):
        for xmlid, model_name in CONTRACT_XMLIDS.items():
            with self.subTest(xmlid=xmlid):
                record = self.env.ref(xmlid, raise_if_not_found=False)
                self.assertTrue(record, "xml id is missing")
                self.assertEqual(record._name, model_name)

    def test_manager_implies_agent_and_admin_is_manager(self):
        agent = self.env.ref("travel_crm.group_travel_agent")
        manager = self.env.ref("travel_crm.group_travel_manager")
        self.assertIn(agent, manager.trans_implied_ids)
        admin = self.env.ref("base.user_admin")
        self.assertTrue(admin.has_group("travel_crm.group_travel_manager"))
