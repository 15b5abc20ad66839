from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

RELATION_TYPES = [
    ("spouse", "Spouse / Partner"),
    ("child", "Child"),
    ("parent", "Parent"),
    ("sibling", "Sibling"),
    ("relative", "Other relative"),
    ("friend", "Friend"),
    ("colleague", "Colleague"),
    ("other", "Other"),
]


class TravelCompanion(models.Model):
    """Who a traveller usually travels with (family members, friends...).

    The link is directed: ``companion_id`` is the ``relation_type`` of
    ``partner_id`` (Ann -> Ben, "child" reads "Ben is Ann's child").
    """

    _name = "travel.companion"
    _description = "Travel Companion"
    _order = "partner_id, sequence, id"
    _rec_name = "companion_id"

    sequence = fields.Integer(default=10)
    partner_id = fields.Many2one(
        "res.partner",
        string="Traveller",
        required=True,
        ondelete="cascade",
        index=True,
    )
    companion_id = fields.Many2one(
        "res.partner",
        required=True,
        ondelete="cascade",
        index=True,
    )
    relation_type = fields.Selection(
        RELATION_TYPES, string="Relation", required=True, default="spouse"
    )
    note = fields.Char()
    company_id = fields.Many2one(
        related="partner_id.company_id", store=True, index=True, readonly=True
    )
    companion_birthdate = fields.Date(related="companion_id.birthdate")
    companion_email = fields.Char(related="companion_id.email")
    companion_phone = fields.Char(related="companion_id.phone")

    _sql_constraints = [
        (
            "companion_uniq",
            "unique (partner_id, companion_id)",
            "This companion is already linked to the traveller.",
        ),
    ]

    @api.constrains("partner_id", "companion_id")
    def _check_not_self(self):
        for link in self:
            if link.partner_id == link.companion_id:
                raise ValidationError(
                    _("%s cannot be their own companion.", link.partner_id.name)
                )
