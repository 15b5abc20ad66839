from odoo import fields, models


class TravelInterestTag(models.Model):
    _name = "travel.interest.tag"
    _description = "Traveller Interest"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_uniq", "unique (name)", "An interest with this name already exists."),
    ]
