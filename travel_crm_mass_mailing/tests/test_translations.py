import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path


@tagged("post_install", "-at_install")
class TestMassMailingTranslations(TransactionCase):
    def test_catalogues_are_complete(self):
        for lang in ("zh_CN", "zh_TW"):
            path = file_path(f"travel_crm_mass_mailing/i18n/{lang}.po")
            catalogue = polib.pofile(path)
            with self.subTest(lang=lang):
                self.assertEqual(
                    [entry.msgid for entry in catalogue.untranslated_entries()], []
                )

    def test_chinese_managers_see_the_list_action_in_chinese(self):
        for code in ("zh_CN", "zh_TW"):
            self.env["res.lang"]._activate_lang(code)
        self.env["ir.module.module"]._load_module_terms(
            ["travel_crm_mass_mailing"], ["zh_CN", "zh_TW"], overwrite=True
        )
        action = self.env.ref(
            "travel_crm_mass_mailing.res_partner_action_segment_mailing_list"
        )
        self.assertEqual(action.with_context(lang="zh_CN").name, "其价值细分的邮件列表")
        self.assertEqual(action.with_context(lang="zh_TW").name, "其價值分群的郵寄名單")
