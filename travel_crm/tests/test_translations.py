from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import booking_line, create_booking


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    """Chinese-speaking agencies work in Chinese: menus, selections, errors
    and the mails sent to travellers and suppliers come from i18n/zh_*.po."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in ("zh_CN", "zh_TW"):
            cls.env["res.lang"]._activate_lang(code)
        cls.env["ir.module.module"]._load_module_terms(
            ["travel_crm"], ["zh_CN", "zh_TW"], overwrite=True
        )
        groups = "base.group_user,travel_crm.group_travel_agent"
        cls.agent_cn = new_test_user(
            cls.env, login="agent_zh_cn", groups=groups, lang="zh_CN"
        )
        cls.agent_tw = new_test_user(
            cls.env, login="agent_zh_tw", groups=groups, lang="zh_TW"
        )
        cls.traveller_cn = cls.env["res.partner"].create(
            {"name": "王小明", "is_traveller": True, "lang": "zh_CN"}
        )
        cls.supplier_tw = cls.env["res.partner"].create(
            {"name": "台北晶華酒店", "email": "hotel@example.com", "lang": "zh_TW"}
        )
        cls.booking = create_booking(
            cls.env,
            cls.traveller_cn,
            [
                booking_line(
                    "Regent Taipei",
                    "hotel",
                    200,
                    150,
                    supplier_id=cls.supplier_tw.id,
                    date_start="2026-06-01",
                    date_end="2026-06-08",
                    quantity=7,
                )
            ],
            departure_date="2026-06-01",
            return_date="2026-06-08",
        )

    def _menus_seen_by(self, user):
        """The menu tree the web client loads for ``user``, keyed by xmlid."""
        menus = (
            self.env["ir.ui.menu"]
            .with_user(user)
            .with_context(lang=user.lang)
            .load_menus(debug=False)
        )
        return {
            menu["xmlid"]: menu["name"]
            for key, menu in menus.items()
            if key != "root" and menu.get("xmlid")
        }

    def _empty_booking(self):
        return create_booking(
            self.env, self.traveller_cn, [], departure_date="2026-07-01"
        )

    def test_zh_cn_agent_sees_chinese_menus(self):
        menus = self._menus_seen_by(self.agent_cn)
        self.assertEqual(menus["travel_crm.travel_crm_menu_root"], "旅游")
        self.assertEqual(menus["travel_crm.travel_booking_menu"], "预订")
        self.assertEqual(menus["travel_crm.travel_complaint_menu"], "投诉")
        self.assertEqual(menus["travel_crm.res_partner_menu_traveller"], "旅客")

    def test_every_travel_menu_has_a_chinese_name(self):
        menu_ids = (
            self.env["ir.model.data"]
            .search([("module", "=", "travel_crm"), ("model", "=", "ir.ui.menu")])
            .mapped("res_id")
        )
        menus = self.env["ir.ui.menu"].browse(menu_ids)
        self.assertTrue(menus)
        for lang in ("zh_CN", "zh_TW"):
            english = dict(
                zip(
                    menus.ids,
                    menus.with_context(lang="en_US").mapped("name"),
                    strict=True,
                )
            )
            for menu in menus.with_context(lang=lang):
                self.assertNotEqual(
                    menu.name,
                    english[menu.id],
                    f"menu {menu.get_external_id()[menu.id]} untranslated in {lang}",
                )

    def test_traveller_kanban_card_is_chinese(self):
        view = self.env.ref("travel_crm.res_partner_view_kanban_traveller")
        arch = (
            self.env["res.partner"]
            .with_user(self.agent_cn)
            .with_context(lang="zh_CN")
            .get_view(view.id, "kanban")["arch"]
        )
        self.assertIn("岁", arch)
        self.assertIn("证件即将到期", arch)
        self.assertNotIn("yrs", arch)
        self.assertNotIn("Document expiring", arch)

    def test_booking_state_labels_are_chinese(self):
        states = dict(
            self.env["travel.booking"]
            .with_user(self.agent_cn)
            .with_context(lang="zh_CN")
            .fields_get(["state"], ["selection"])["state"]["selection"]
        )
        self.assertEqual(
            states,
            {
                "draft": "草稿",
                "sent": "方案已发送",
                "confirmed": "已确认",
                "in_progress": "进行中",
                "done": "已完成",
                "cancel": "已取消",
            },
        )

    def test_confirming_without_services_explains_in_chinese(self):
        booking = self._empty_booking()
        with self.assertRaises(UserError) as cn_error:
            booking.with_user(self.agent_cn).with_context(lang="zh_CN").action_confirm()
        self.assertEqual(
            str(cn_error.exception),
            f"确认 {booking.name} 前，请至少添加一项服务。",
        )
        with self.assertRaises(UserError) as tw_error:
            booking.with_user(self.agent_tw).with_context(lang="zh_TW").action_confirm()
        self.assertEqual(
            str(tw_error.exception),
            f"確認 {booking.name} 前，請至少新增一項服務。",
        )
        self.assertEqual(booking.state, "draft")

    def test_itinerary_mail_uses_the_travellers_language(self):
        template = self.env.ref("travel_crm.mail_template_travel_booking")
        booking = self.booking
        subject = template._render_field("subject", booking.ids, compute_lang=True)
        self.assertEqual(
            subject[booking.id],
            f"{booking.company_id.name} - 旅行方案 {booking.name}",
        )
        body = template._render_field("body_html", booking.ids, compute_lang=True)
        self.assertIn("随函附上旅行方案", body[booking.id])
        self.assertIn("王小明", body[booking.id])
        self.assertNotIn("Please find attached", body[booking.id])

    def test_supplier_confirmation_mail_is_in_traditional_chinese(self):
        template = self.env.ref("travel_crm.mail_template_supplier_confirmation")
        line = self.booking.line_ids
        subject = template._render_field("subject", line.ids, compute_lang=True)
        self.assertEqual(
            subject[line.id],
            f"{line.company_id.name}：請確認 Regent Taipei（{self.booking.name}）",
        )
        body = template._render_field("body_html", line.ids, compute_lang=True)
        self.assertIn("請確認我們的預訂", body[line.id])
        self.assertIn("確認或拒絕", body[line.id])

    def test_zh_tw_agent_sees_traditional_chinese_menus(self):
        menus = self._menus_seen_by(self.agent_tw)
        self.assertEqual(menus["travel_crm.travel_crm_menu_root"], "旅遊")
        self.assertEqual(menus["travel_crm.travel_booking_menu"], "預訂")
        self.assertEqual(menus["travel_crm.travel_complaint_menu"], "客訴")
