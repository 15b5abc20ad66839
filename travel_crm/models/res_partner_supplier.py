from odoo import fields, models

from .travel_booking import STAFF_GROUPS


class ResPartner(models.Model):
    """A supplier's booked services (hotel nights, flights, tours...)."""

    _inherit = "res.partner"

    travel_service_count = fields.Integer(
        string="Booked Services",
        compute="_compute_travel_service_stats",
        groups=STAFF_GROUPS,
    )
    travel_service_cost = fields.Monetary(
        string="Booked Cost",
        compute="_compute_travel_service_stats",
        currency_field="travel_service_currency_id",
        groups=STAFF_GROUPS,
        help="Cost of the supplier's services on bookings that are not cancelled, "
        "in the company currency.",
    )
    travel_service_currency_id = fields.Many2one(
        "res.currency", compute="_compute_travel_service_stats", groups=STAFF_GROUPS
    )

    def _compute_travel_service_stats(self):
        self.travel_service_currency_id = self.env.company.currency_id
        self.travel_service_count = 0
        self.travel_service_cost = 0.0
        if not self.ids:
            return
        stats = self.env["travel.booking.line"]._read_group(
            [
                ("supplier_id", "in", self.ids),
                ("booking_state", "!=", "cancel"),
            ],
            ["supplier_id", "currency_id"],
            ["__count", "cost_subtotal:sum"],
        )
        company = self.env.company
        today = fields.Date.context_today(self)
        for supplier, currency, count, cost in stats:
            supplier.travel_service_count += count
            supplier.travel_service_cost += currency._convert(
                cost, company.currency_id, company, today
            )

    def action_view_travel_services(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "travel_crm.travel_booking_line_action_supplier"
        )
        action["domain"] = [("supplier_id", "=", self.id)]
        action["context"] = {
            "default_supplier_id": self.id,
            "search_default_not_cancelled": 1,
            "create": False,
        }
        return action
