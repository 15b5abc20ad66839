from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import travel_user
from .value_common import TravelValueCase


@tagged("post_install", "-at_install")
class TestCustomerValueAccess(TravelValueCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Scored Customer"})
        cls.other = cls.env["res.partner"].create({"name": "Other Customer"})
        cls._trip(cls.customer, "2025-05-01", 100, ("flight", "hotel"))
        cls.third = cls.env["res.partner"].create({"name": "Third Customer"})
        # flight+tour bought together by the customer and the third one: the
        # other customer (flight+hotel) is offered a tour
        cls._trip(cls.other, "2025-04-01", 100, ("flight", "hotel"))
        cls._trip(cls.third, "2025-03-01", 100, ("flight", "tour"))
        cls._trip(cls.customer, "2025-01-01", 100, ("flight", "tour"))
        with freeze_time("2025-06-15"):
            cls.env["res.partner"]._cron_travel_segmentation()
        cls.recommendation = cls.env["travel.recommendation"].search(
            [("partner_id", "=", cls.other.id)]
        )
        cls.history = cls.customer.travel_segment_history_ids
        common = {"company_id": cls.company.id, "company_ids": cls.company.ids}
        cls.agent = travel_user(
            cls.env, "va_agent", "travel_crm.group_travel_agent", **common
        )
        cls.manager = travel_user(
            cls.env,
            "va_manager",
            "travel_crm.group_travel_manager,base.group_system",
            **common,
        )
        cls.internal = travel_user(cls.env, "va_internal", "base.group_user", **common)
        cls.portal = travel_user(cls.env, "va_portal", "base.group_portal", **common)

    def _env(self, user):
        return self.env(user=user, context={"allowed_company_ids": self.company.ids})

    def test_fixture_has_records_to_check(self):
        self.assertTrue(self.recommendation)
        self.assertTrue(self.history)

    def test_agent_reads_scores_recommendations_and_reports_but_cannot_change_them(
        self,
    ):
        env = self._env(self.agent)
        customer = env["res.partner"].browse(self.customer.id)
        self.assertEqual(customer.rfm_score, self.customer.rfm_score)
        self.assertTrue(customer.value_explanation)
        self.assertTrue(
            env["travel.recommendation"].browse(self.recommendation.ids).reason
        )
        self.assertTrue(
            env["travel.segment.history"].browse(self.history.ids).value_segment
        )
        self.assertTrue(env["travel.customer.report"].search([]))
        self.assertTrue(env["travel.cohort.report"].search([]))
        with self.assertRaises(AccessError):
            env["travel.recommendation"].browse(self.recommendation.ids).write(
                {"score": 1}
            )
        with self.assertRaises(AccessError):
            env["travel.segment.history"].browse(self.history.ids).unlink()
        with self.assertRaises(AccessError):
            customer.action_travel_value_compute()
        with self.assertRaises(AccessError):
            env["res.config.settings"].create({}).action_travel_value_recompute()

    def test_manager_manages_value_records_and_recomputes(self):
        env = self._env(self.manager)
        env["travel.recommendation"].browse(self.recommendation.ids).write(
            {"score": 0.9}
        )
        env["travel.segment.history"].browse(self.history.ids).write(
            {"date_to": self.history.date_from}
        )
        with freeze_time("2025-06-15"):
            env["res.partner"].browse(self.customer.id).action_travel_value_compute()
        result = env["res.config.settings"].create({}).action_travel_value_recompute()
        self.assertEqual(result["tag"], "display_notification")

    def test_users_outside_travel_see_no_scores(self):
        for user in (self.internal, self.portal):
            env = self._env(user)
            with self.assertRaises(AccessError):
                env["travel.recommendation"].search([])
            with self.assertRaises(AccessError):
                env["travel.segment.history"].search([])
            with self.assertRaises(AccessError):
                env["travel.customer.report"].search([])
        partner = self._env(self.internal)["res.partner"].browse(self.customer.id)
        with self.assertRaises(AccessError):
            partner.read(["value_segment"])

    def test_settings_reject_inconsistent_rules(self):
        with self.assertRaises(ValidationError):
            self.company.travel_value_risk_threshold = 1.0
        with self.assertRaises(ValidationError):
            self.company.write({"travel_value_potential_score": 13})
        with self.assertRaises(ValidationError):
            self.company.travel_value_window_months = 0

    def test_settings_form_edits_the_company_rules(self):
        env = self._env(self.manager)
        settings = Form(env["res.config.settings"])
        settings.travel_value_window_months = 24
        settings.travel_value_monetary_basis = "total"
        settings.save().execute()
        self.assertEqual(self.company.travel_value_window_months, 24)
        self.assertEqual(self.company.travel_value_monetary_basis, "total")

    def test_partner_form_shows_the_customer_value_page(self):
        env = self._env(self.agent)
        form = Form(env["res.partner"].browse(self.customer.id))
        self.assertEqual(form.value_segment, self.customer.value_segment)
        self.assertEqual(form.rfm_score, self.customer.rfm_score)

    def test_views_load_for_each_role(self):
        """Agents get the value page, filters and reports; other employees get
        the contact views without them."""
        for user in (self.agent, self.manager, self.internal):
            env = self._env(user)
            views = env["res.partner"].get_views(
                [(False, "form"), (False, "list"), (False, "search")]
            )["views"]
            is_agent = user != self.internal
            self.assertEqual("travel_customer_value" in views["form"]["arch"], is_agent)
            self.assertEqual("group_value_segment" in views["search"]["arch"], is_agent)
            self.assertEqual("lifecycle_stage" in views["list"]["arch"], is_agent)
        env = self._env(self.agent)
        for model, types in (
            ("travel.customer.report", ["pivot", "graph", "list", "search"]),
            ("travel.cohort.report", ["pivot", "graph", "search"]),
            ("travel.segment.history", ["pivot", "graph", "list", "search"]),
            ("travel.recommendation", ["list", "search"]),
        ):
            views = env[model].get_views([(False, kind) for kind in types])["views"]
            self.assertEqual(set(views), set(types), model)

    def test_every_partner_list_filters_and_groups_by_segment_and_stage(self):
        """Contacts, Travellers and Customers by Value: the search view has the
        segment and stage filters and group-bys, the list their columns."""
        env = self._env(self.agent)
        for xmlid in (
            "contacts.action_contacts",
            "travel_crm.res_partner_action_traveller",
            "travel_crm.res_partner_action_customer_value",
        ):
            with self.subTest(action=xmlid):
                action = self.env.ref(xmlid)
                list_view = action.view_ids.filtered(lambda v: v.view_mode == "list")
                views = env["res.partner"].get_views(
                    [
                        (list_view.view_id.id, "list"),
                        (action.search_view_id.id, "search"),
                    ]
                )["views"]
                search, columns = views["search"]["arch"], views["list"]["arch"]
                for name in (
                    "segment_at_risk",
                    "stage_churned",
                    "group_value_segment",
                    "group_lifecycle_stage",
                ):
                    self.assertIn(f'name="{name}"', search)
                self.assertIn('name="value_segment"', columns)
                self.assertIn('name="lifecycle_stage"', columns)
