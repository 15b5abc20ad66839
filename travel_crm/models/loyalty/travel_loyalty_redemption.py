from odoo import api, models
from odoo.exceptions import AccessError, UserError

from ...tools.input_check import check_values
from .travel_loyalty_transaction import MANUAL_FIELDS

# Fields travel staff may give when recording a redemption through ``create``:
# those of an adjustment, on a booking, dated by the programme.
REDEEM_FIELDS = (MANUAL_FIELDS - {"date"}) | {"booking_id"}


class TravelLoyaltyTransaction(models.Model):
    """Redemption: the one rule behind *Use Points* on a booking and a
    ``redeem`` entry created through the API, and its reversal.

    ``_loyalty_redeem`` checks the programme, the company, the customer, the
    minimum and (on a booking) what is left to pay, takes the customer's row
    lock, expires what is due and posts the entry; ``create`` then checks the
    balance under that lock and links the entry to the lots it draws on, first
    in first out. ``action_reverse`` gives a redemption's points back to those
    lots.
    """

    _inherit = "travel.loyalty.transaction"

    @api.model
    def _loyalty_redeem(
        self,
        partner,
        points,
        booking=None,
        reward=None,
        reason=None,
        company=None,
        name=None,
    ):
        """Redeem ``points`` (a positive number) of ``partner``: the
        redemption rule.

        :param booking: the booking the points are used on (a discount on it
            unless ``reward`` is a reward in kind); its company is the one of
            the redemption
        :param reward: a catalogue reward; its price replaces ``points``
        :param company: the company of a redemption without a booking
            (default: the customer's, else the user's current company)
        :param name: the entry's description (default: the reward, the
            booking)
        :returns: the redeem entry; on any error nothing is written
        """
        booking = booking or self.env["travel.booking"]
        company = (
            booking.company_id or company or partner.company_id or self.env.company
        )
        self._loyalty_check_redeemer(partner, company, booking)
        points = self._loyalty_check_redeem_points(company, points, reward)
        with self.env.cr.savepoint():
            partner._loyalty_lock()
            partner._loyalty_expire_points()
            value = 0.0
            if booking and (not reward or reward.reward_type == "discount"):
                value = booking._loyalty_redemption_value(points)
            if not name and reward:
                name = reward.name
            elif not name and booking:
                name = self.env._("Points used on %(ref)s", ref=booking.name)
            elif not name:
                name = self.env._("Points redeemed")
            entry = self.sudo().create(
                {
                    "name": name,
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "booking_id": booking.id,
                    "reward_id": reward.id if reward else False,
                    "transaction_type": "redeem",
                    "points": -points,
                    "amount": value,
                    "reason": reason or False,
                }
            )
        return entry.with_env(self.env)

    @api.model
    def _loyalty_check_redeemer(self, partner, company, booking):
        """The user may redeem for ``partner`` in ``company`` (on
        ``booking``): staff of that company, a customer of that company, a
        booking of that customer that is still open."""
        if not self.env.su:
            user = self.env.user
            if not user.has_group("travel_crm.group_travel_agent"):
                raise AccessError(
                    self.env._("Only travel agents and managers can redeem points.")
                )
            if company not in user.company_ids:
                raise AccessError(
                    self.env._(
                        "You cannot redeem points in %(company)s.",
                        company=company.name,
                    )
                )
            partner.check_access("read")
            if booking:
                booking.check_access("write")
        if partner.company_id and partner.company_id != company:
            raise UserError(
                self.env._(
                    "%(partner)s is a customer of %(customer_company)s; their "
                    "points cannot be redeemed in %(company)s.",
                    partner=partner.display_name,
                    customer_company=partner.company_id.name,
                    company=company.name,
                )
            )
        if booking:
            if booking.partner_id != partner:
                raise UserError(
                    self.env._(
                        "%(booking)s is a booking of %(customer)s, not of %(partner)s.",
                        booking=booking.name,
                        customer=booking.partner_id.display_name,
                        partner=partner.display_name,
                    )
                )
            if booking.state in ("done", "cancel"):
                raise UserError(
                    self.env._(
                        "Points can only be used on a booking that is not "
                        "completed or cancelled."
                    )
                )

    @api.model
    def _loyalty_check_redeem_points(self, company, points, reward):
        """The points a redemption uses (a reward's price, or ``points``), once
        the programme and its minimum allow it."""
        if not company.loyalty_enabled:
            raise UserError(self.env._("The loyalty programme is not active."))
        if reward:
            points = reward.points_cost
        if not isinstance(points, int) or isinstance(points, bool) or points <= 0:
            raise UserError(
                self.env._("Enter a positive whole number of points to use.")
            )
        if points < company.loyalty_min_redemption:
            raise UserError(
                self.env._(
                    "At least %(minimum)s points must be used at once.",
                    minimum=company.loyalty_min_redemption,
                )
            )
        return points

    # ------------------------------------------------------------------
    # Redemptions through create
    # ------------------------------------------------------------------

    @api.model
    def _check_redeem_vals(self, vals):
        """A redemption given to ``create`` by staff: negative points and a
        reason, or a booking of the customer; only the fields of
        ``REDEEM_FIELDS``."""
        extra = set(vals) - REDEEM_FIELDS
        if extra:
            raise UserError(
                self.env._(
                    "These fields are set by the programme, not by hand: %(fields)s",
                    fields=", ".join(sorted(extra)),
                )
            )
        # the boundary check of values (``travel.input.check``) skips a user
        # without the create right, as agents are on the ledger: the rule
        # posts their redemption, so their values are checked here
        check_values(self.sudo(), [vals], create=True)
        points = self._fields["points"].convert_to_cache(vals.get("points"), self)
        if not points or points > 0:
            raise UserError(
                self.env._(
                    "A redemption takes points away: give a negative number of points."
                )
            )
        if not vals.get("booking_id") and not (vals.get("reason") or "").strip():
            raise UserError(
                self.env._(
                    "Give a reason for the redemption, or the booking the points "
                    "are used on."
                )
            )
        if not vals.get("partner_id"):
            raise UserError(self.env._("A ledger entry needs a customer."))
        vals["points"] = points

    @api.model
    def _redeem_from_vals(self, vals):
        """Post a redemption checked by ``_check_redeem_vals`` through the
        redemption rule."""
        partner = self.env["res.partner"].browse(vals["partner_id"]).exists()
        booking = self.env["travel.booking"].browse(vals.get("booking_id") or [])
        if not partner or (booking and not booking.exists()):
            raise UserError(self.env._("The customer or the booking does not exist."))
        company = self.env["res.company"].browse(vals.get("company_id") or [])
        if booking and company and company != booking.company_id:
            raise UserError(
                self.env._("A redemption on a booking is in the booking's company.")
            )
        return self._loyalty_redeem(
            partner,
            -vals["points"],
            booking=booking,
            reason=(vals.get("reason") or "").strip() or None,
            company=company,
            name=vals.get("name"),
        )

    # ------------------------------------------------------------------
    # Reversal of a redemption
    # ------------------------------------------------------------------

    def action_reverse(self, reason=None):
        """Reverse these redemptions (managers): a positive entry per
        redemption gives its points back to the lots it drew on, with their
        own expiry dates; a redemption is reversed once."""
        if not self.env.user.has_group("travel_crm.group_travel_manager"):
            raise AccessError(
                self.env._("Only loyalty managers can reverse a redemption.")
            )
        self.check_access("read")
        if not self:
            return True
        entries = self.sudo()
        entries.partner_id._loyalty_lock()
        entries.invalidate_recordset(["reversal_ids"])
        for entry in entries:
            if entry.transaction_type != "redeem":
                raise UserError(
                    self.env._(
                        "Only redemptions can be reversed here; %(entry)s is not one.",
                        entry=entry.display_name,
                    )
                )
            if entry.reversal_ids:
                raise UserError(
                    self.env._(
                        "%(entry)s is already reversed.", entry=entry.display_name
                    )
                )
            booking = entry.booking_id
            if booking and (
                booking.state in ("done", "cancel")
                or booking.invoice_ids.invoice_line_ids.filtered(
                    lambda line, b=booking: (
                        line.travel_points_booking_id == b
                        and line.move_id.state != "cancel"
                    )
                )
            ):
                raise UserError(
                    self.env._(
                        "The points of %(entry)s are on an invoice or a closed "
                        "booking; cancel or refund %(booking)s instead.",
                        entry=entry.display_name,
                        booking=booking.name,
                    )
                )
        entries._reverse(reason or self.env._("Redemption reversed"))
        # points given back to lots that expired meanwhile expire now
        entries.partner_id._loyalty_expire_points()
        return True
