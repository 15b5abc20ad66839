"""Who may do what with complaints, feedback and their configuration."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import travel_user
from .service_common import ServiceRecoveryCase

OPERATIONS = {"r": "read", "w": "write", "c": "create", "u": "unlink"}

# model: {role: allowed operations on a record of the user's own company}
MATRIX = {
    "travel.complaint": {
        "agent": "rwc",
        "manager": "rwcu",
        "internal": "",
        "portal": "rc",
        "other_portal": "",
    },
    "travel.complaint.category": {
        "agent": "r",
        "manager": "rwcu",
        "internal": "",
        "portal": "r",
        "other_portal": "r",
    },
    "travel.complaint.wait": {
        "agent": "r",
        "manager": "rwcu",
        "internal": "",
        "portal": "",
        "other_portal": "",
    },
    "travel.complaint.team": {
        "agent": "r",
        "manager": "rwcu",
        "internal": "",
        "portal": "",
        "other_portal": "",
    },
    "travel.sla.policy": {
        "agent": "r",
        "manager": "rwcu",
        "internal": "",
        "portal": "",
        "other_portal": "",
    },
    "travel.feedback": {
        "agent": "rwc",
        "manager": "rwcu",
        "internal": "",
        "portal": "",
        "other_portal": "",
    },
}


@tagged("post_install", "-at_install")
class TestServiceAccess(ServiceRecoveryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.internal = cls.user_internal
        cls.portal = cls.user_portal
        cls.other_portal = travel_user(
            cls.env, "svc_portal_2", "base.group_portal", name="Other"
        )
        cls.portal_booking = cls._make_booking(partner=cls.portal.partner_id)
        cls.users = {
            "agent": cls.user_agent,
            "manager": cls.user_manager,
            "internal": cls.internal,
            "portal": cls.portal,
            "other_portal": cls.other_portal,
        }
        complaint = cls.env["travel.complaint"].create(
            {"subject": "Late transfer", "booking_id": cls.portal_booking.id}
        )
        complaint.action_wait()
        cls.records = {
            "travel.complaint": complaint,
            "travel.complaint.wait": complaint.wait_ids,
            "travel.complaint.category": cls.category_accommodation,
            "travel.complaint.team": cls.env.ref(
                "travel_crm.travel_complaint_team_customer_care"
            ),
            "travel.sla.policy": cls.env.ref("travel_crm.travel_sla_policy_normal"),
            "travel.feedback": cls.env["travel.feedback"].create(
                {
                    "booking_id": cls.booking.id,
                    "partner_id": cls.customer.id,
                    "score": 9,
                }
            ),
        }

    def _allowed(self, record, user, operation):
        try:
            record.with_user(user).check_access(operation)
        except AccessError:
            return False
        return True

    def test_each_role_gets_exactly_its_rights(self):
        for model, row in MATRIX.items():
            record = self.records[model]
            for role, letters in row.items():
                for letter, operation in OPERATIONS.items():
                    with self.subTest(model=model, role=role, operation=operation):
                        self.assertEqual(
                            self._allowed(record, self.users[role], operation),
                            letter in letters,
                        )

    def test_portal_user_submits_and_follows_only_their_own_complaints(self):
        complaint = (
            self.env["travel.complaint"]
            .with_user(self.portal)
            .create(
                {
                    "subject": "Pool closed all week",
                    "booking_id": self.portal_booking.id,
                    "priority": "3",
                    "user_id": self.portal.id,
                }
            )
        )
        self.assertEqual(complaint.partner_id, self.portal.partner_id)
        self.assertEqual(complaint.channel, "web")
        self.assertEqual(complaint.sudo().priority, "1", "priority is the agency's")
        self.assertEqual(complaint.sudo().user_id, self.user_agent, "booking's agent")
        mine = self.env["travel.complaint"].with_user(self.portal).search([])
        self.assertEqual(mine, complaint | self.records["travel.complaint"])
        self.assertFalse(
            self.env["travel.complaint"].with_user(self.other_portal).search([])
        )
        with self.assertRaises(AccessError):
            complaint.with_user(self.portal).write({"state": "closed"})

    def test_portal_user_cannot_complain_about_someone_elses_booking(self):
        with self.assertRaises(AccessError):
            self.env["travel.complaint"].with_user(self.portal).create(
                {"subject": "Not my trip", "booking_id": self.booking.id}
            )

    def test_agents_only_see_complaints_of_their_companies(self):
        other = self.env["res.company"].create({"name": "Other Agency"})
        foreign = (
            self.env["travel.complaint"]
            .with_company(other)
            .create({"subject": "Other company", "company_id": other.id})
        )
        self.assertEqual(foreign.company_id, other)
        for role in ("agent", "manager"):
            with self.subTest(role=role):
                user = self.users[role]
                self.assertFalse(self._allowed(foreign, user, "read"))
                self.assertNotIn(
                    foreign, self.env["travel.complaint"].with_user(user).search([])
                )
        self.user_manager.write({"company_ids": [(4, other.id)]})
        self.assertIn(
            foreign,
            self.env["travel.complaint"]
            .with_user(self.user_manager)
            .with_context(allowed_company_ids=[self.company.id, other.id])
            .search([]),
        )

    def test_internal_user_without_travel_rights_still_opens_partner_forms(self):
        partner = self.hotel.with_user(self.internal)
        self.assertEqual(partner.read(["name"])[0]["name"], "Hotel Lisboa")
        self.assertNotIn("supplier_service_count", partner.fields_get())

    def test_agent_loads_every_service_view(self):
        views = {
            "travel.complaint": ("kanban", "list", "form", "pivot", "graph", "search"),
            "travel.feedback": ("list", "form", "pivot", "graph", "search"),
            "travel.feedback.report": ("pivot", "graph", "search"),
            "travel.sla.policy": ("list", "search"),
            "travel.complaint.category": ("list", "search"),
            "travel.complaint.team": ("list", "form"),
        }
        for model, modes in views.items():
            with self.subTest(model=model):
                result = (
                    self.env[model]
                    .with_user(self.user_agent)
                    .get_views([(False, mode) for mode in modes])
                )
                self.assertEqual(set(result["views"]), set(modes))
        for user in (self.user_agent, self.internal):
            with self.subTest(user=user.login):
                arch = (
                    self.env["res.partner"]
                    .with_user(user)
                    .get_views([(False, "form")])["views"]["form"]["arch"]
                )
                self.assertEqual(
                    "supplier_service_count" in arch, user == self.user_agent
                )
