from odoo import api, fields, models

from ...tools import sla as sla_calc


class ResPartner(models.Model):
    """Supplier scorecard: how the services a supplier delivered went."""

    _inherit = "res.partner"

    supplier_service_count = fields.Integer(
        string="Services Booked",
        compute="_compute_supplier_scorecard",
        compute_sudo=True,
        groups="travel_crm.group_travel_agent",
    )
    supplier_booking_count = fields.Integer(
        string="Bookings with Services",
        compute="_compute_supplier_scorecard",
        compute_sudo=True,
        groups="travel_crm.group_travel_agent",
    )
    supplier_complaint_count = fields.Integer(
        string="Complaints",
        compute="_compute_supplier_scorecard",
        compute_sudo=True,
        groups="travel_crm.group_travel_agent",
    )
    supplier_complaint_rate = fields.Float(
        string="Complaints per 100 Bookings",
        compute="_compute_supplier_scorecard",
        compute_sudo=True,
        digits=(16, 1),
        groups="travel_crm.group_travel_agent",
    )
    supplier_feedback_score = fields.Float(
        string="Average Feedback Score",
        compute="_compute_supplier_scorecard",
        compute_sudo=True,
        digits=(16, 1),
        groups="travel_crm.group_travel_agent",
        help="Average 0..10 score travellers gave to trips with this supplier.",
    )
    supplier_sla_breach_count = fields.Integer(
        string="SLA Breaches",
        compute="_compute_supplier_scorecard",
        compute_sudo=True,
        groups="travel_crm.group_travel_agent",
    )

    @api.depends_context("allowed_company_ids")
    def _compute_supplier_scorecard(self):
        """Set-based: one grouped query per measure, for the companies the user
        works in (computed as superuser, so companies are filtered here)."""
        company_ids = self.env.companies.ids
        partners = self.filtered("id")
        base = [("supplier_id", "in", partners.ids), ("company_id", "in", company_ids)]
        lines = {
            supplier: (services, bookings)
            for supplier, services, bookings in self.env[
                "travel.booking.line"
            ]._read_group(
                base + [("booking_id.state", "!=", "cancel")],
                ["supplier_id"],
                ["__count", "booking_id:count_distinct"],
            )
        }
        complaints = dict(
            self.env["travel.complaint"]._read_group(base, ["supplier_id"], ["__count"])
        )
        breaches = dict(
            self.env["travel.complaint"]._read_group(
                base + [("sla_status", "=", sla_calc.BREACHED)],
                ["supplier_id"],
                ["__count"],
            )
        )
        scores = dict(
            self.env["travel.feedback.report"]._read_group(
                base, ["supplier_id"], ["score:avg"]
            )
        )
        for partner in self:
            services, bookings = lines.get(partner, (0, 0))
            complaint_count = complaints.get(partner, 0)
            partner.supplier_service_count = services
            partner.supplier_booking_count = bookings
            partner.supplier_complaint_count = complaint_count
            partner.supplier_complaint_rate = (
                complaint_count * 100.0 / bookings if bookings else 0.0
            )
            partner.supplier_feedback_score = scores.get(partner) or 0.0
            partner.supplier_sla_breach_count = breaches.get(partner, 0)

    def action_view_supplier_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "travel_crm.travel_complaint_action"
        )
        action["domain"] = [("supplier_id", "=", self.id)]
        action["context"] = {}
        return action
