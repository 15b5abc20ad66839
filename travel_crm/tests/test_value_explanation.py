from odoo.tests import TransactionCase, tagged
from odoo.tools import format_amount

from odoo.addons.travel_crm.models.value.explanation import amount_formatter

AMOUNTS = [0.0, -0.0, 0.004, 0.005, 1.5, -1.5, 999.995, 1234.5, -1234567.891, 1e9]


@tagged("post_install", "-at_install")
class TestValueExplanationAmounts(TransactionCase):
    """The explanation formats its amounts with Odoo's ``format_amount``
    rule, the language's number format read once per run: the same text as
    ``format_amount`` for every language and currency shape."""

    def test_the_run_formatter_writes_what_format_amount_writes(self):
        for code in ("fr_FR", "de_CH", "zh_CN", "en_IN"):
            self.env["res.lang"]._activate_lang(code)
        currencies = [
            self.env.ref(xmlid).with_context(active_test=False)
            for xmlid in ("base.EUR", "base.USD", "base.JPY", "base.KWD")
        ]
        for code in ("en_US", "fr_FR", "de_CH", "zh_CN", "en_IN"):
            for currency in currencies:
                money = amount_formatter(self.env, currency, code)
                for amount in AMOUNTS:
                    with self.subTest(lang=code, currency=currency.name, amount=amount):
                        self.assertEqual(
                            money(amount),
                            format_amount(self.env, amount, currency, code),
                        )
