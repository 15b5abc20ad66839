"""Every public ``action_*`` of ../shared/CONTRACT.md over real XML-RPC, per role.

A table gives, for each contract method, situation and role, what an integrator
gets back from ``/xmlrpc/2/object`` with a standard client
(``xmlrpc.client.ServerProxy(..., allow_none=False)``): ``OK`` (a value the
client decodes, no Fault), ``UE`` (fault code 2: UserError, ValidationError or
MissingError) or ``AE`` (fault code 4: AccessError). No cell may give fault
code 1, Odoo's answer to an unexpected Python or PostgreSQL error (its string
is the server's traceback), nor a result XML-RPC cannot carry (None, a
recordset), which fails on the server the same way. A refused call changes
nothing; an accepted one does what the method says.

Rights come before state: a role that may not run an action is refused with an
AccessError whatever the record's state. Records of a company the user is not
in are refused the same way (the user is only in the main company).
"""

import xmlrpc.client

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import booking_line, create_booking
from .test_contract import CONTRACT_METHODS

OK, UE, AE = "ok", "UserError", "AccessError"
# /xmlrpc/2 fault codes (odoo/addons/base/controllers/rpc.py): 1 is a crash
# and carries the traceback, 3 a failed login
FAULT_OUTCOMES = {2: UE, 4: AE}
ROLES = ("agent", "manager", "accountant", "internal", "portal")
ROLE_GROUPS = {
    "agent": "base.group_user,travel_crm.group_travel_agent",
    "manager": "base.group_user,travel_crm.group_travel_manager",
    "accountant": "base.group_user,account.group_account_invoice",
    "internal": "base.group_user",
    "portal": "base.group_portal",
}


def booking(state="draft", **kw):
    """A fresh booking of the portal user's customer (see ``_make_booking``)."""
    return ("booking", {"state": state, **kw})


def complaint(state="new", **kw):
    return ("complaint", {"state": state, **kw})


def traveller(kind="plain", **kw):
    return ("traveller", {"kind": kind, **kw})


def lifecycle(right, wrong, deleted=(UE, UE, AE, AE, AE)):
    """The rows of a booking or complaint action agents and managers may run."""
    return [
        ("right state", right(), (OK, OK, AE, AE, AE)),
        ("wrong state", wrong(), (UE, UE, AE, AE, AE)),
        ("wrong company", right(company="other"), (AE, AE, AE, AE, AE)),
        ("two records", right(count=2), (OK, OK, AE, AE, AE)),
        ("deleted record", right(missing=True), deleted),
    ]


def invoicing(right, wrong):
    """The rows of an invoicing action: it takes accounting rights, which the
    travel roles do not have (the accountant reads bookings and invoices them)."""
    return [
        ("right state", right(), (AE, AE, OK, AE, AE)),
        ("wrong state", wrong(), (AE, AE, UE, AE, AE)),
        ("wrong company", right(company="other"), (AE, AE, AE, AE, AE)),
        ("two records", right(count=2), (AE, AE, OK, AE, AE)),
        ("deleted record", right(missing=True), (AE, AE, UE, AE, AE)),
    ]


def _confirmed(**kw):
    return booking("confirmed", **kw)


# (model, method) -> rows of (situation, records, outcome per ROLES)
ACTION_TABLE = {
    ("travel.booking", "action_send_proposal"): [
        *lifecycle(booking, _confirmed),
        ("no service", booking(lines=False), (UE, UE, AE, AE, AE)),
    ],
    ("travel.booking", "action_confirm"): [
        *lifecycle(booking, _confirmed),
        ("no service", booking(lines=False), (UE, UE, AE, AE, AE)),
    ],
    ("travel.booking", "action_start"): lifecycle(_confirmed, booking),
    ("travel.booking", "action_done"): lifecycle(
        lambda **kw: booking("in_progress", **kw), booking
    ),
    ("travel.booking", "action_cancel"): [
        # a deleted booking: the loyalty override reads the state before the
        # rights are checked, so whoever may read bookings learns it is gone
        *lifecycle(
            lambda **kw: booking("confirmed", reason=True, **kw),
            lambda **kw: booking("cancelled", reason=True, **kw),
            deleted=(UE, UE, UE, AE, UE),
        ),
        ("no reason", booking("confirmed"), (UE, UE, AE, AE, AE)),
        # a completed trip: managers only (its points go back)
        ("completed trip", booking("done", reason=True), (AE, OK, AE, AE, AE)),
    ],
    ("travel.booking", "action_create_invoice"): invoicing(_confirmed, booking),
    ("travel.booking", "action_create_vendor_bills"): [
        *invoicing(
            lambda **kw: booking("confirmed", supplier=True, **kw),
            lambda **kw: booking("draft", supplier=True, **kw),
        ),
        ("no supplier cost", booking("confirmed"), (AE, AE, UE, AE, AE)),
    ],
    ("travel.complaint", "action_start"): lifecycle(
        complaint, lambda **kw: complaint("resolved", **kw)
    ),
    ("travel.complaint", "action_wait"): lifecycle(
        lambda **kw: complaint("in_progress", **kw),
        lambda **kw: complaint("resolved", **kw),
    ),
    ("travel.complaint", "action_resolve"): [
        *lifecycle(
            lambda **kw: complaint("in_progress", **kw),
            lambda **kw: complaint("closed", **kw),
        ),
        (
            "no resolution",
            complaint("in_progress", resolution=False),
            (UE, UE, AE, AE, AE),
        ),
    ],
    ("travel.complaint", "action_close"): lifecycle(
        lambda **kw: complaint("resolved", **kw), complaint
    ),
    ("travel.complaint", "action_reopen"): lifecycle(
        lambda **kw: complaint("closed", **kw), complaint
    ),
    # the right to be forgotten is a travel manager's
    ("res.partner", "action_anonymize_traveller"): [
        ("right state", traveller(), (AE, OK, AE, AE, AE)),
        ("trip in progress", traveller("travelling"), (AE, UE, AE, AE, AE)),
        ("a user of the database", traveller("user"), (AE, UE, AE, AE, AE)),
        ("wrong company", traveller(company="other"), (AE, AE, AE, AE, AE)),
        ("two records", traveller(count=2), (AE, OK, AE, AE, AE)),
        ("deleted record", traveller(missing=True), (AE, UE, AE, AE, AE)),
    ],
}

# what an accepted call leaves on each record: (field, value)
EFFECTS = {
    ("travel.booking", "action_send_proposal"): ("state", "sent"),
    ("travel.booking", "action_confirm"): ("state", "confirmed"),
    ("travel.booking", "action_start"): ("state", "in_progress"),
    ("travel.booking", "action_done"): ("state", "done"),
    ("travel.booking", "action_cancel"): ("state", "cancel"),
    ("travel.booking", "action_create_invoice"): ("move_type", "out_invoice"),
    ("travel.booking", "action_create_vendor_bills"): ("move_type", "in_invoice"),
    ("travel.complaint", "action_start"): ("state", "in_progress"),
    ("travel.complaint", "action_wait"): ("state", "waiting"),
    ("travel.complaint", "action_resolve"): ("state", "resolved"),
    ("travel.complaint", "action_close"): ("state", "closed"),
    ("travel.complaint", "action_reopen"): ("state", "in_progress"),
    ("res.partner", "action_anonymize_traveller"): ("active", False),
}

# what a refused call must leave as it was
SNAPSHOT_FIELDS = {
    "travel.booking": ("state", "invoice_ids", "cancel_reason"),
    "travel.complaint": ("state", "resolution", "date_resolved"),
    "res.partner": ("name", "email", "active"),
}

COMPLAINT_STEPS = {
    "new": (),
    "in_progress": ("action_start",),
    "resolved": ("action_start", "action_resolve"),
    "closed": ("action_start", "action_resolve", "action_close"),
}


@tagged("post_install", "-at_install")
class TestApiActions(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.ref("base.main_company")
        cls.other_company = cls.env["res.company"].create(
            {"name": "API Actions Elsewhere Travel"}
        )
        cls.users = {
            role: new_test_user(
                cls.env,
                login=f"api_actions_{role}",
                groups=groups,
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
            )
            for role, groups in ROLE_GROUPS.items()
        }
        # the portal user is the customer of the main company's bookings and
        # complaints: refusals to it are about rights, not record rules
        cls.customer = cls.users["portal"].partner_id
        Partner = cls.env["res.partner"]
        cls.neutral = Partner.create({"name": "API Actions Shared Customer"})
        cls.supplier = Partner.create({"name": "API Actions Hotel Supplier"})
        cls.serial = 0

    def setUp(self):
        super().setUp()
        self.rpc = xmlrpc.client.ServerProxy(
            f"http://127.0.0.1:{self.http_port()}/xmlrpc/2/object", allow_none=False
        )

    # ------------------------------------------------------------------
    # Records of each situation (created as superuser)
    # ------------------------------------------------------------------

    def _next(self):
        type(self).serial += 1
        return self.serial

    def _make_booking(self, state, company=None, lines=True, reason=False, **kw):
        vals = {"cancel_reason": "Customer request"} if reason else {}
        if company:
            vals["company_id"] = company.id
        supplier = {"supplier_id": self.supplier.id} if kw.get("supplier") else {}
        services = [booking_line(cost=400.0, **supplier)] if lines else []
        partner = self.neutral if company else self.customer
        return create_booking(self.env, partner, services, state=state, **vals)

    def _make_complaint(self, state, company=None, resolution=True):
        vals = {
            "subject": f"API actions complaint {self._next()}",
            "partner_id": (self.neutral if company else self.customer).id,
        }
        if company:
            vals["company_id"] = company.id
        if resolution:
            vals["resolution"] = "<p>Room changed and apology sent.</p>"
        record = self.env["travel.complaint"].create(vals)
        for step in COMPLAINT_STEPS[state]:
            getattr(record, step)()
        return record

    def _make_traveller(self, kind, company=None):
        number = self._next()
        if kind == "user":
            return new_test_user(
                self.env, login=f"api_actions_staff_{number}", groups="base.group_user"
            ).partner_id
        partner = self.env["res.partner"].create(
            {
                "name": f"API Actions Traveller {number}",
                "email": f"api.traveller.{number}@example.com",
                "is_traveller": True,
                "company_id": company.id if company else False,
            }
        )
        if kind == "travelling":
            create_booking(self.env, partner, state="in_progress")
        return partner

    def _build(self, spec):
        kind, kw = spec
        kw = dict(kw)
        count = kw.pop("count", 1)
        missing = kw.pop("missing", False)
        if kw.pop("company", None) == "other":
            kw["company"] = self.other_company
        factory = getattr(self, f"_make_{kind}")
        records = factory(**kw)
        for _index in range(count - 1):
            records |= factory(**kw)
        if missing:
            ids = records.ids
            records.unlink()
            records = records.browse(ids)
        return records

    # ------------------------------------------------------------------
    # Calls and checks
    # ------------------------------------------------------------------

    def _call(self, role, records, method):
        """Call over XML-RPC; return (outcome, result or fault string)."""
        user = self.users[role]
        try:
            args = [records.ids]
            result = self.rpc.execute_kw(
                self.env.cr.dbname, user.id, user.login, records._name, method, args
            )
        except xmlrpc.client.Fault as fault:
            self.assertNotIn("Traceback", fault.faultString)
            self.assertIn(fault.faultCode, FAULT_OUTCOMES, fault.faultString)
            return FAULT_OUTCOMES[fault.faultCode], fault.faultString
        # True, or an action / notification the client opens
        self.assertIsInstance(result, (bool, dict))
        return OK, result

    def _snapshot(self, records):
        self.env.invalidate_all()
        existing = records.sudo().with_context(active_test=False).exists()
        return existing.read(list(SNAPSHOT_FIELDS[records._name]))

    def _assert_effect(self, key, records):
        self.env.invalidate_all()
        records = records.sudo().with_context(active_test=False)
        fname, value = EFFECTS[key]
        for record in records:
            if fname == "move_type":
                self.assertIn(value, record.invoice_ids.mapped("move_type"))
            else:
                self.assertEqual(record[fname], value)

    def _run_model(self, model):
        rows = [(key, row) for key, rows in ACTION_TABLE.items() for row in rows]
        for key, (situation, spec, outcomes) in rows:
            if key[0] != model:
                continue
            for role, expected in zip(ROLES, outcomes, strict=True):
                with self.subTest(method=key[1], situation=situation, role=role):
                    records = self._build(spec)
                    before = self._snapshot(records)
                    outcome, detail = self._call(role, records, key[1])
                    self.assertEqual(outcome, expected, detail)
                    if outcome == OK:
                        self._assert_effect(key, records)
                    else:
                        self.assertEqual(self._snapshot(records), before)

    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------

    def test_table_covers_the_contract_methods(self):
        """Every contract ``action_*`` is in the table and exists in the code;
        a method of the table that disappears fails here (and over RPC)."""
        contract = {
            (model, method)
            for model, methods in CONTRACT_METHODS.items()
            for method in methods
            if method.startswith("action_")
        }
        self.assertEqual(set(ACTION_TABLE), contract)
        self.assertEqual(set(EFFECTS), contract)
        for model, method in ACTION_TABLE:
            with self.subTest(method=f"{model}.{method}"):
                self.assertTrue(callable(getattr(self.env[model], method, None)))

    def test_booking_actions_per_role(self):
        self._run_model("travel.booking")

    def test_complaint_actions_per_role(self):
        self._run_model("travel.complaint")

    def test_anonymize_per_role(self):
        self._run_model("res.partner")
