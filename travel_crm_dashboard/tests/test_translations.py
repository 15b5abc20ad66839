import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path


@tagged("post_install", "-at_install")
class TestDashboardTranslations(TransactionCase):
    def test_catalogues_are_complete(self):
        for lang in ("zh_CN", "zh_TW"):
            catalogue = polib.pofile(file_path(f"travel_crm_dashboard/i18n/{lang}.po"))
            with self.subTest(lang=lang):
                self.assertEqual(
                    [entry.msgid for entry in catalogue.untranslated_entries()], []
                )

    def test_chinese_managers_see_the_dashboard_in_chinese(self):
        for code in ("zh_CN", "zh_TW"):
            self.env["res.lang"]._activate_lang(code)
        self.env["ir.module.module"]._load_module_terms(
            ["travel_crm_dashboard"], ["zh_CN", "zh_TW"], overwrite=True
        )
        dashboard = self.env.ref(
            "travel_crm_dashboard.spreadsheet_dashboard_travel_customer_value"
        )
        self.assertEqual(dashboard.with_context(lang="zh_CN").name, "客户价值")
        self.assertEqual(dashboard.with_context(lang="zh_TW").name, "客戶價值")
        self.assertEqual(
            dashboard.dashboard_group_id.with_context(lang="zh_TW").name, "旅遊"
        )
