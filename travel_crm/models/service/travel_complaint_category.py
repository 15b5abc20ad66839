from odoo import fields, models


class TravelComplaintCategory(models.Model):
    _name = "travel.complaint.category"
    _description = "Complaint Category"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    service_type = fields.Selection(
        selection=lambda self: (
            self.env["travel.booking.line"]._fields["service_type"].selection
        ),
        help="Kind of booked service this category is usually about: when a "
        "complaint's booking has exactly one supplier for it, that supplier is "
        "filled in.",
    )
    complaint_count = fields.Integer(compute="_compute_complaint_count")

    _sql_constraints = [
        ("name_uniq", "unique(name)", "A complaint category name must be unique."),
    ]

    def _compute_complaint_count(self):
        counts = dict(
            self.env["travel.complaint"]._read_group(
                [("category_id", "in", self.ids)], ["category_id"], ["__count"]
            )
        )
        for category in self:
            category.complaint_count = counts.get(category, 0)
