from odoo import api, fields, models
from odoo.exceptions import UserError


class TravelBooking(models.Model):
    """When a trip may be completed.

    A trip is completed once its return date has come (the departure date when
    it has no return date; a trip without dates can be completed at any time).
    Before that, only a travel manager may close it early, with a reason
    (``early_close_reason``); such a trip earns no points until its return
    date has come (the daily loyalty maintenance posts them then).
    """

    _inherit = "travel.booking"

    early_close_reason = fields.Text(
        string="Early Closing Reason",
        copy=False,
        tracking=True,
        help="Why a travel manager completed this trip before its return date.",
    )
    trip_over = fields.Boolean(
        compute="_compute_trip_over",
        help="The return date (or the departure date) has come: the trip can be "
        "completed.",
    )

    @api.depends("departure_date", "return_date")
    @api.depends_context("tz")
    def _compute_trip_over(self):
        today = fields.Date.context_today(self)
        for booking in self:
            booking.trip_over = booking._is_trip_over(today)

    def _is_trip_over(self, today):
        self.ensure_one()
        end = self.return_date or self.departure_date
        return not end or end <= today

    @api.model
    def _returned_domain(self, today):
        """Bookings whose return date (or departure date) has come."""
        return [
            "|",
            ("return_date", "<=", today),
            "&",
            ("return_date", "=", False),
            ("departure_date", "<=", today),
        ]

    def action_done(self):
        # rights first: who may not complete a trip learns nothing of its dates
        self.check_access("write")
        today = fields.Date.context_today(self)
        early = self.filtered(lambda b: not b._is_trip_over(today))
        # code running as superuser (imports, other features' fixtures) may
        # complete any trip, as it may set any state
        if early and not self.env.su:
            early._check_early_close()
        return super().action_done()

    def _check_early_close(self):
        if not self.env.user.has_group("travel_crm.group_travel_manager"):
            raise UserError(
                self.env._(
                    "%(bookings)s can be completed once the trip is over (from its "
                    "return date). A travel manager can close it early with a reason.",
                    bookings=", ".join(self.mapped("name")),
                )
            )
        missing = self.filtered(lambda b: not (b.early_close_reason or "").strip())
        if missing:
            raise UserError(
                self.env._(
                    "Give an early closing reason for %(bookings)s: the trip is not "
                    "over yet.",
                    bookings=", ".join(missing.mapped("name")),
                )
            )
