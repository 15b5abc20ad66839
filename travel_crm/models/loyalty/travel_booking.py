from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ...tools.loyalty_fifo import earn_points, reversal_target


class TravelBooking(models.Model):
    """Loyalty on bookings: completing earns, cancelling or refunding reverses,
    Use points turns points into a discount on the booking.

    The discount is an amount on the booking (``loyalty_discount``), not a
    booking line: booking lines keep ``price_unit >= 0`` and their taxes. Points
    work like a voucher (a means of payment), so they lower what the customer
    pays (``amount_total_after_points``) and appear on the customer invoice as
    an untaxed negative line (``_loyalty_invoice_line_vals``), while the taxable
    base of the services is unchanged.
    """

    _inherit = "travel.booking"

    loyalty_transaction_ids = fields.One2many(
        "travel.loyalty.transaction", "booking_id", string="Loyalty Entries"
    )
    loyalty_points_earned = fields.Integer(
        string="Points Earned", compute="_compute_loyalty_points"
    )
    loyalty_points_redeemed = fields.Integer(
        string="Points Used", compute="_compute_loyalty_points"
    )
    loyalty_discount = fields.Monetary(
        string="Points Discount",
        compute="_compute_loyalty_discount",
        store=True,
        help="Value of the loyalty points used on this booking.",
    )
    amount_total_after_points = fields.Monetary(
        string="Total After Points",
        compute="_compute_loyalty_discount",
        store=True,
    )
    partner_loyalty_points = fields.Integer(
        related="partner_id.loyalty_points", string="Customer Points"
    )

    @api.depends("loyalty_transaction_ids.points")
    def _compute_loyalty_points(self):
        rows = (
            self.env["travel.loyalty.transaction"]
            .sudo()
            ._read_group(
                [("booking_id", "in", self.ids)],
                ["booking_id", "transaction_type", "reversed_entry_id"],
                ["points:sum"],
            )
        )
        earned, redeemed = defaultdict(int), defaultdict(int)
        for booking, ttype, reversed_entry, points in rows:
            kind = reversed_entry.transaction_type or ttype
            if kind == "earn":
                earned[booking] += points
            elif kind == "redeem":
                redeemed[booking] -= points
        for booking in self:
            booking.loyalty_points_earned = earned[booking._origin]
            booking.loyalty_points_redeemed = redeemed[booking._origin]

    @api.depends("amount_total", "loyalty_transaction_ids.amount")
    def _compute_loyalty_discount(self):
        for booking in self:
            discount = 0.0
            for entry in booking.loyalty_transaction_ids.sudo():
                if entry.amount and (
                    entry.transaction_type == "redeem"
                    or entry.reversed_entry_id.transaction_type == "redeem"
                ):
                    discount += entry.currency_id._convert(
                        entry.amount,
                        booking.currency_id,
                        booking.company_id,
                        entry.date,
                    )
            booking.loyalty_discount = discount
            booking.amount_total_after_points = booking.amount_total - discount

    # ------------------------------------------------------------------
    # State changes
    # ------------------------------------------------------------------

    def write(self, vals):
        if "state" not in vals:
            return super().write(vals)
        was_done = self.filtered(lambda b: b.state == "done")
        result = super().write(vals)
        new_state = vals["state"]
        if new_state == "done":
            (self - was_done)._loyalty_earn()
        elif new_state == "cancel":
            self._loyalty_reverse(
                ("earn", "referral", "redeem"),
                self.env._("Booking cancelled"),
            )
        elif was_done:
            was_done._loyalty_reverse(
                ("earn", "referral"), self.env._("Booking reopened")
            )
        return result

    def action_cancel(self):
        """Managers may also cancel a completed booking; its points go back."""
        done = self.filtered(lambda b: b.state == "done")
        others = self - done
        if others:
            super(TravelBooking, others).action_cancel()
        if done:
            if not self.env.user.has_group("travel_crm.group_travel_manager"):
                raise AccessError(
                    self.env._("Only travel managers can cancel a completed booking.")
                )
            done._check_cancel_reason()
            done.write({"state": "cancel"})
            done._reverse_on_cancel()
        return True

    # ------------------------------------------------------------------
    # Earning
    # ------------------------------------------------------------------

    def _loyalty_earn_basis(self):
        """Amount in company currency the booking earns points on."""
        self.ensure_one()
        company = self.company_id
        amount = (
            self.margin
            if company.loyalty_earn_basis == "margin"
            else self.amount_total - self.loyalty_discount
        )
        return self.currency_id._convert(
            amount, company.currency_id, company, fields.Date.context_today(self)
        )

    @api.model
    def _loyalty_returned_unearned(self, today, extra_domain=()):
        """Trips closed early whose return date has come and that have not
        earned yet: the daily maintenance posts their earning."""
        return self.search(
            [
                *extra_domain,
                ("state", "=", "done"),
                ("early_close_reason", "!=", False),
                ("company_id.loyalty_enabled", "=", True),
                (
                    "loyalty_transaction_ids",
                    "not any",
                    [("transaction_type", "=", "earn")],
                ),
                *self._returned_domain(today),
            ]
        )

    def _loyalty_earn(self, today=None):
        """Post the earning of completed bookings, once per booking.

        A booking that already has an earning not fully reversed earns nothing
        more, however often it is completed or this runs; the unique index on
        (booking, round) stops a concurrent second earning at the database.
        """
        today = today or fields.Date.context_today(self)
        # a trip a manager closed early earns once its return date has come
        bookings = self.filtered(
            lambda b: (
                b.state == "done"
                and b.company_id.loyalty_enabled
                and not (b.early_close_reason and not b._is_trip_over(today))
            )
        )
        if not bookings:
            return self.env["travel.loyalty.transaction"]
        Transaction = self.env["travel.loyalty.transaction"].sudo()
        bookings.partner_id._loyalty_lock()
        earns = Transaction.search(
            [("booking_id", "in", bookings.ids), ("transaction_type", "=", "earn")]
        )
        next_round, active = defaultdict(int), set()
        for entry in earns:
            booking_id = entry.booking_id.id
            next_round[booking_id] = max(next_round[booking_id], entry.earn_round + 1)
            if entry._left_to_reverse() > 0:
                active.add(booking_id)
        vals_list = []
        for booking in bookings.filtered(lambda b: b.id not in active):
            company = booking.company_id
            tier = booking.partner_id.loyalty_tier_id
            points, qualifying = earn_points(
                booking._loyalty_earn_basis(),
                company.loyalty_points_per_unit,
                tier.earn_multiplier if tier else 1.0,
            )
            if points <= 0:
                continue
            vals_list.append(
                {
                    "name": self.env._("Booking %(ref)s", ref=booking.name),
                    "partner_id": booking.partner_id.id,
                    "company_id": company.id,
                    "booking_id": booking.id,
                    "transaction_type": "earn",
                    "points": points,
                    "qualifying_points": qualifying,
                    "earn_round": next_round[booking.id],
                }
            )
        entries = Transaction.create(vals_list)
        return entries | bookings._loyalty_grant_referral()

    def _loyalty_grant_referral(self):
        """The referrer earns once, when the referred customer completes a
        first booking."""
        Transaction = self.env["travel.loyalty.transaction"].sudo()
        candidates = self.filtered(
            lambda b: (
                b.partner_id.referred_by_id
                and b.partner_id.referred_by_id != b.partner_id
                and b.company_id.loyalty_referral_bonus
            )
        )
        if not candidates:
            return Transaction
        referred = candidates.partner_id
        rewarded = set(
            Transaction.search(
                [
                    ("referred_partner_id", "in", referred.ids),
                    ("transaction_type", "=", "referral"),
                ]
            )
            .filtered(lambda e: e._left_to_reverse() > 0)
            .referred_partner_id.ids
        )
        done_counts = dict(
            self.sudo()._read_group(
                [("partner_id", "in", referred.ids), ("state", "=", "done")],
                ["partner_id"],
                ["__count"],
            )
        )
        vals_list = []
        for booking in candidates:
            partner = booking.partner_id
            first = done_counts.get(partner, 0) <= len(
                candidates.filtered(lambda b, p=partner: b.partner_id == p)
            )
            if partner.id in rewarded or not first:
                continue
            rewarded.add(partner.id)
            vals_list.append(
                {
                    "name": self.env._(
                        "Referral of %(customer)s", customer=partner.display_name
                    ),
                    "partner_id": partner.referred_by_id.id,
                    "company_id": booking.company_id.id,
                    "booking_id": booking.id,
                    "referred_partner_id": partner.id,
                    "transaction_type": "referral",
                    "points": booking.company_id.loyalty_referral_bonus,
                }
            )
        return Transaction.create(vals_list)

    def _loyalty_grant_feedback_bonus(self):
        """Feedback bonus for the customer of each completed booking, once per
        booking (to be called when the customer answers the feedback)."""
        Transaction = self.env["travel.loyalty.transaction"].sudo()
        bookings = self.filtered(
            lambda b: b.state == "done" and b.company_id.loyalty_feedback_bonus
        )
        given = set(
            Transaction.search(
                [("booking_id", "in", bookings.ids), ("bonus_reason", "=", "feedback")]
            ).booking_id.ids
        )
        return Transaction.create(
            [
                {
                    "name": self.env._("Thank you for your feedback"),
                    "partner_id": booking.partner_id.id,
                    "company_id": booking.company_id.id,
                    "booking_id": booking.id,
                    "transaction_type": "bonus",
                    "bonus_reason": "feedback",
                    "points": booking.company_id.loyalty_feedback_bonus,
                }
                for booking in bookings
                if booking.id not in given
            ]
        )

    # ------------------------------------------------------------------
    # Reversal (cancellation, refund)
    # ------------------------------------------------------------------

    def _loyalty_reverse(self, types, reason):
        entries = (
            self.env["travel.loyalty.transaction"]
            .sudo()
            .search(
                [
                    ("booking_id", "in", self.ids),
                    ("transaction_type", "in", list(types)),
                    ("reversed_entry_id", "=", False),
                ]
            )
        )
        return entries.filtered(lambda e: e._left_to_reverse())._reverse(reason)

    def _loyalty_reverse_for_refunds(self):
        """Take back points of completed bookings in proportion to what their
        posted credit notes refund (all of them on a full refund)."""
        Move = self.env["account.move"].sudo()
        for booking in self.sudo().filtered(lambda b: b.state == "done"):
            invoices = booking.invoice_ids.filtered(
                lambda m: m.move_type == "out_invoice" and m.state == "posted"
            )
            refunds = Move.search(
                [
                    ("move_type", "=", "out_refund"),
                    ("state", "=", "posted"),
                    "|",
                    ("id", "in", booking.invoice_ids.ids),
                    ("reversed_entry_id", "in", booking.invoice_ids.ids),
                ]
            )
            invoiced = sum(invoices.mapped("amount_total")) or (
                booking.amount_total_after_points
            )
            refunded = sum(refunds.mapped("amount_total"))
            entries = booking.loyalty_transaction_ids.filtered(
                lambda e: e.transaction_type in ("earn", "referral")
            )
            to_reverse = {}
            for entry in entries:
                target = reversal_target(entry.points, refunded, invoiced)
                already = entry.points - entry._left_to_reverse()
                if target > already:
                    to_reverse[entry] = target - already
            if to_reverse:
                entries.filtered(lambda e, r=to_reverse: e in r)._reverse(
                    self.env._("Refund of booking %(ref)s", ref=booking.name),
                    to_reverse,
                )

    # ------------------------------------------------------------------
    # Redemption
    # ------------------------------------------------------------------

    def _loyalty_redeem(self, points, reward=None):
        """Use ``points`` of the customer on this booking (*Use Points*):
        the redemption rule of the ledger, ``_loyalty_redeem`` of
        ``travel.loyalty.transaction``, on this booking."""
        self.ensure_one()
        return self.env["travel.loyalty.transaction"]._loyalty_redeem(
            self.partner_id, points, booking=self, reward=reward
        )

    def _loyalty_redemption_value(self, points):
        """Value in company currency of ``points`` used as a discount on this
        booking; refused when worth more than is left to pay."""
        company = self.company_id
        value = company._loyalty_points_value(points)
        value_booking = company.currency_id._convert(
            value, self.currency_id, company, fields.Date.context_today(self)
        )
        if (
            self.currency_id.compare_amounts(
                value_booking, self.amount_total_after_points
            )
            > 0
        ):
            raise UserError(
                self.env._(
                    "%(points)s points are worth %(value)s, more than the "
                    "%(due)s left to pay on %(booking)s.",
                    points=points,
                    value=value_booking,
                    due=self.amount_total_after_points,
                    booking=self.name,
                )
            )
        return value

    def _loyalty_invoice_line_vals(self):
        """Invoice line of the points discount (untaxed, negative), or {}."""
        self.ensure_one()
        if not self.loyalty_discount:
            return {}
        return {
            "name": self.env._(
                "Loyalty points used (%(points)s points)",
                points=self.loyalty_points_redeemed,
            ),
            "quantity": 1.0,
            "price_unit": -self.loyalty_discount,
            "tax_ids": [(6, 0, [])],
        }

    def _invoice_extra_line_vals(self):
        """The points discount goes on the first customer invoice that is not
        cancelled; a later invoice of the same booking does not repeat it."""
        extra = super()._invoice_extra_line_vals()
        vals = self._loyalty_invoice_line_vals()
        already = self.invoice_ids.filtered(
            lambda move: move.move_type == "out_invoice" and move.state != "cancel"
        ).invoice_line_ids.filtered(lambda aml: aml.travel_points_booking_id == self)
        if vals and not already:
            extra.append({**vals, "travel_points_booking_id": self.id})
        return extra

    def action_loyalty_use_points(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Use Points"),
            "res_model": "travel.loyalty.redeem.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_booking_id": self.id},
        }
