from lxml import etree

from odoo.tests import tagged

from .common import TravelCrmCase


@tagged("post_install", "-at_install")
class TestTravellerViews(TravelCrmCase):
    def _partner_form(self, user):
        views = (
            self.env["res.partner"]
            .with_user(user)
            .get_views([(self.env.ref("base.view_partner_form").id, "form")])
        )
        return etree.fromstring(views["views"]["form"]["arch"])

    def test_traveller_page_and_buttons_only_for_travel_staff(self):
        for user in (self.user_agent, self.user_manager):
            with self.subTest(user=user.login):
                arch = self._partner_form(user)
                self.assertTrue(arch.xpath("//page[@name='traveller']"))
                self.assertTrue(arch.xpath("//field[@name='travel_document_ids']"))
                self.assertTrue(
                    arch.xpath("//button[@name='action_view_travel_documents']")
                )
                self.assertTrue(arch.xpath("//div[@name='warning_travel_duplicate']"))
        arch = self._partner_form(self.user_internal)
        self.assertFalse(arch.xpath("//page[@name='traveller']"))
        self.assertFalse(arch.xpath("//field[@name='travel_document_ids']"))
        self.assertFalse(arch.xpath("//field[@name='number']"))
        self.assertFalse(arch.xpath("//div[@name='warning_travel_duplicate']"))

    def test_contact_form_shows_the_language_once(self):
        """Base's Language field only (the contacts of a company have their
        own, hidden, in the sub-form)."""
        self.env["res.lang"]._activate_lang("zh_CN")
        for user in (self.user_agent, self.user_manager, self.user_internal):
            with self.subTest(user=user.login):
                arch = self._partner_form(user)
                self.assertEqual(
                    len(arch.xpath("//field[@name='lang'][not(ancestor::field)]")),
                    1,
                )

    def test_travellers_action_opens_traveller_views(self):
        action = self.env.ref("travel_crm.res_partner_action_traveller")
        self.assertEqual(action.view_mode, "kanban,list,form")
        partners = self.env["res.partner"].with_user(self.user_agent)
        views = partners.get_views(
            [(view.view_id.id, view.view_mode) for view in action.view_ids]
            + [(action.search_view_id.id, "search")]
        )["views"]
        search = etree.fromstring(views["search"]["arch"])
        for name in (
            "filter_traveller",
            "filter_upcoming_birthday",
            "filter_document_expiring",
            "groupby_nationality",
            "groupby_travel_style",
            "groupby_budget_band",
        ):
            self.assertTrue(search.xpath(f"//filter[@name='{name}']"), name)
        self.assertTrue(search.xpath("//field[@name='nationality_id']"))
        self.assertTrue(search.xpath("//field[@name='interest_tag_ids']"))
        # the menu is reachable by agents, configuration by managers only
        menus = self.env["ir.ui.menu"].with_user(self.user_agent)._visible_menu_ids()
        self.assertIn(self.env.ref("travel_crm.res_partner_menu_traveller").id, menus)
        self.assertIn(self.env.ref("travel_crm.travel_document_menu").id, menus)
        self.assertNotIn(self.env.ref("travel_crm.travel_interest_tag_menu").id, menus)
        menus = self.env["ir.ui.menu"].with_user(self.user_manager)._visible_menu_ids()
        self.assertIn(self.env.ref("travel_crm.travel_interest_tag_menu").id, menus)
        # other employees do not get the Travel app at all
        menus = self.env["ir.ui.menu"].with_user(self.user_internal)._visible_menu_ids()
        self.assertNotIn(self.env.ref("travel_crm.travel_crm_menu_root").id, menus)
        self.assertNotIn(self.env.ref("travel_crm.travel_document_menu").id, menus)
