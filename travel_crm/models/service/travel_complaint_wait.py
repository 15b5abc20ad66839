from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class TravelComplaintWait(models.Model):
    """A time during which a complaint waited on the customer or a supplier.

    The SLA clock of the complaint stops from ``date_start`` to ``date_end``
    (see ``travel_crm.tools.sla``); a wait without an end is still going on,
    and a complaint has at most one of those. Waits are opened and closed by the
    complaint's actions (``action_wait``, ``action_start``, a customer's reply,
    the resolution); a travel manager may correct their times, which moves the
    complaint's deadlines.
    """

    _name = "travel.complaint.wait"
    _description = "Complaint Wait"
    _order = "date_start desc, id desc"
    _rec_name = "complaint_id"

    complaint_id = fields.Many2one(
        "travel.complaint", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="complaint_id.company_id", store=True, index=True
    )
    waiting_on = fields.Selection(
        [("customer", "Customer"), ("supplier", "Supplier")],
        required=True,
        default="customer",
    )
    date_start = fields.Datetime(
        string="Waiting Since", required=True, default=fields.Datetime.now
    )
    date_end = fields.Datetime(string="Resumed On")
    user_id = fields.Many2one(
        "res.users",
        string="Put on Hold by",
        default=lambda self: self.env.user,
        ondelete="set null",
    )

    @api.constrains("date_start", "date_end", "complaint_id")
    def _check_dates(self):
        for wait in self:
            if wait.date_end and wait.date_end < wait.date_start:
                raise ValidationError(
                    _(
                        "A wait of %(complaint)s cannot end before it starts.",
                        complaint=wait.complaint_id.name,
                    )
                )
            if wait.date_start < wait.complaint_id.date_open:
                raise ValidationError(
                    _(
                        "A wait of %(complaint)s cannot start before the "
                        "complaint was reported.",
                        complaint=wait.complaint_id.name,
                    )
                )

    @api.constrains("date_end", "complaint_id")
    def _check_one_open_wait(self):
        open_waits = dict(
            self._read_group(
                [
                    ("complaint_id", "in", self.complaint_id.ids),
                    ("date_end", "=", False),
                ],
                ["complaint_id"],
                ["__count"],
            )
        )
        twice = [c.name for c, count in open_waits.items() if count > 1]
        if twice:
            raise ValidationError(
                _(
                    "%(complaints)s already waits: resume it before waiting again.",
                    complaints=", ".join(twice),
                )
            )
