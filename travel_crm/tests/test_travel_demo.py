from odoo.tests import TransactionCase, tagged

from ..models.travel_demo import XMLID_PREFIX


@tagged("post_install", "-at_install")
class TestTravelDemoAgency(TransactionCase):
    """The demo agency generator: built once, and without invoices where the
    company has no chart of accounts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Demo = cls.env["travel.demo.agency"]

    def test_company_without_chart_of_accounts_is_not_invoiced(self):
        company = self.env["res.company"].create({"name": "Agency Without Accounts"})
        self.assertFalse(company.chart_template)
        self.assertFalse(self.Demo._can_invoice(company))

    def test_generating_again_adds_nothing(self):
        marker = self.env.ref(f"{XMLID_PREFIX}001", raise_if_not_found=False)
        if not marker:
            customer = self.env["res.partner"].create(
                {"name": "Marker Customer", "is_traveller": True}
            )
            marker = self.env["travel.booking"].create({"partner_id": customer.id})
            self.env["ir.model.data"]._update_xmlids(
                [{"xml_id": f"{XMLID_PREFIX}001", "record": marker, "noupdate": True}]
            )
        counts = [
            self.env[model].search_count([])
            for model in ("res.partner", "travel.booking", "account.move")
        ]
        self.assertFalse(self.Demo._generate())
        self.assertEqual(
            [
                self.env[model].search_count([])
                for model in ("res.partner", "travel.booking", "account.move")
            ],
            counts,
        )
