from odoo import fields, models

from ..travel_booking import INTERNAL_AMOUNT_GROUPS


class ResPartner(models.Model):
    _inherit = "res.partner"

    travel_supplier_payment_rule_ids = fields.One2many(
        "travel.supplier.payment.rule",
        "supplier_id",
        string="Supplier Payment Rules",
        groups=INTERNAL_AMOUNT_GROUPS,
    )
