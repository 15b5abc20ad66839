from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

TRANSACTION_TYPES = [
    ("earn", "Earn"),
    ("redeem", "Redeem"),
    ("expire", "Expire"),
    ("adjust", "Adjustment"),
    ("bonus", "Bonus"),
    ("referral", "Referral"),
]
# Fields a manager may give when recording an adjustment by hand (UI or API).
MANUAL_FIELDS = {
    "partner_id",
    "points",
    "reason",
    "transaction_type",
    "company_id",
    "name",
    "date",
}


class TravelLoyaltyTransaction(models.Model):
    """One line of the points ledger.

    The ledger is append-only: entries are created, never written or deleted
    (corrections are reversing entries). Entries with negative points draw on
    positive ones first-in first-out through ``travel.loyalty.consumption``;
    ``open_points`` is what is still unconsumed of a positive entry, or (as a
    negative number) what a negative entry could not yet draw on. The sum of
    ``open_points`` of a partner always equals the sum of their ``points``.

    The FIFO links are made in ``travel_loyalty_allocation.py``, the daily
    maintenance (expiry, warnings, birthdays, tier review) is in
    ``travel_loyalty_maintenance.py``.
    """

    _name = "travel.loyalty.transaction"
    _description = "Loyalty Points Ledger Entry"
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Description", required=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        ondelete="restrict",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    booking_id = fields.Many2one(
        "travel.booking",
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    transaction_type = fields.Selection(
        TRANSACTION_TYPES, string="Type", required=True, index=True
    )
    bonus_reason = fields.Selection(
        [("birthday", "Birthday"), ("feedback", "Feedback")],
        help="Why a bonus was granted; keeps each bonus to once per occasion.",
    )
    points = fields.Integer(
        required=True,
        help="Signed: earn, bonus and referral add points; redeem and expire "
        "remove them; adjustments go either way.",
    )
    qualifying_points = fields.Integer(
        help="Points that count toward tiers (the base earn of bookings, before "
        "the tier multiplier). Redemptions and expiries never lower them.",
    )
    open_points = fields.Integer(
        compute="_compute_open_points",
        store=True,
        help="Positive entry: points not yet redeemed or expired. Negative "
        "entry: points it could not yet draw on (a debt settled by later "
        "awards).",
    )
    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    expiry_date = fields.Date(
        index=True, help="Unconsumed points of this entry expire after this day."
    )
    earn_round = fields.Integer(
        default=0,
        help="Technical: a booking earns once; only a booking whose earning was "
        "fully reversed can earn again, in a new round.",
    )
    amount = fields.Monetary(
        string="Value",
        help="Value in company currency of the points of a redemption.",
    )
    reason = fields.Char()
    reversed_entry_id = fields.Many2one(
        "travel.loyalty.transaction",
        string="Reverses",
        index=True,
        ondelete="restrict",
    )
    reversal_ids = fields.One2many(
        "travel.loyalty.transaction", "reversed_entry_id", string="Reversed By"
    )
    referred_partner_id = fields.Many2one(
        "res.partner",
        string="Referred Customer",
        index=True,
        ondelete="restrict",
    )
    reward_id = fields.Many2one(
        "travel.loyalty.reward", index=True, ondelete="restrict", check_company=True
    )
    consumption_ids = fields.One2many(
        "travel.loyalty.consumption", "consumer_id", string="Draws On"
    )
    award_consumption_ids = fields.One2many(
        "travel.loyalty.consumption", "award_id", string="Consumed By"
    )

    _sql_constraints = [
        (
            "points_sign",
            (
                "CHECK((transaction_type IN ('earn', 'bonus', 'referral')"
                " AND points > 0)"
                " OR (transaction_type IN ('redeem', 'expire') AND points < 0)"
                " OR (transaction_type = 'adjust' AND points != 0))"
            ),
            (
                "Earned, bonus and referral points must be positive, redeemed and "
                "expired points negative, and an adjustment cannot be zero."
            ),
        ),
    ]

    def init(self):
        # A booking earns once per round, referral and feedback bonuses once
        # per booking. Keyed on the booking, never on a partner column, so that
        # Odoo's partner merge (which moves partner columns in SQL) cannot hit
        # them.
        for name, columns, where in (
            (
                "travel_loyalty_transaction_booking_earn_uniq",
                "booking_id, earn_round",
                "transaction_type = 'earn'",
            ),
            (
                "travel_loyalty_transaction_booking_referral_uniq",
                "booking_id",
                "transaction_type = 'referral'",
            ),
            (
                "travel_loyalty_transaction_booking_feedback_uniq",
                "booking_id",
                "bonus_reason = 'feedback'",
            ),
        ):
            self.env.cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (%s) WHERE %s",
                    SQL.identifier(name),
                    SQL.identifier(self._table),
                    SQL(columns),
                    SQL(where),
                )
            )
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS travel_loyalty_transaction_open_idx "
                "ON %s (partner_id, date, id) WHERE open_points != 0",
                SQL.identifier(self._table),
            )
        )
        # Open lots by expiry: the expiry run, the expiry warnings and the
        # "expiring soon" figures read these few rows, not every lot ever
        # earned (the plain expiry_date index keeps spent lots forever).
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS travel_loyalty_transaction_open_expiry_idx"
                " ON %s (expiry_date, partner_id) WHERE points > 0 AND open_points > 0",
                SQL.identifier(self._table),
            )
        )

    @api.depends("points", "consumption_ids.points", "award_consumption_ids.points")
    def _compute_open_points(self):
        for entry in self:
            if entry.points > 0:
                entry.open_points = entry.points - sum(
                    entry.award_consumption_ids.mapped("points")
                )
            else:
                entry.open_points = entry.points + sum(
                    entry.consumption_ids.mapped("points")
                )

    # ------------------------------------------------------------------
    # CRUD: append-only
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self._check_manual_entries(vals_list)
            if any(vals["transaction_type"] == "redeem" for vals in vals_list):
                return self._create_staff_entries(vals_list)
        for vals in vals_list:
            self._prepare_entry_vals(vals)
        partners = self.env["res.partner"].browse(
            {vals["partner_id"] for vals in vals_list}
        )
        partners._loyalty_lock()
        self._check_balances(vals_list)
        entries = super().create(vals_list)
        entries._allocate()
        qualifying = entries.filtered("qualifying_points").partner_id
        if qualifying:
            qualifying._loyalty_review_tiers(allow_downgrade=False)
        return entries

    @api.model
    def _create_staff_entries(self, vals_list):
        """Entries of staff that include redemptions, in order: each
        redemption through the redemption rule (``_loyalty_redeem``); all or
        nothing."""
        entries = self.browse()
        with self.env.cr.savepoint():
            for vals in vals_list:
                if vals["transaction_type"] == "redeem":
                    entries |= self._redeem_from_vals(vals)
                else:
                    entries |= self.create([vals])
        return entries

    def write(self, vals):
        if self:
            raise UserError(
                self.env._(
                    "Ledger entries cannot be changed. Record a correcting "
                    "adjustment instead."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        raise UserError(
            self.env._(
                "Ledger entries cannot be deleted. Record a correcting "
                "adjustment instead."
            )
        )

    def copy(self, default=None):
        if self:
            raise UserError(self.env._("Ledger entries cannot be duplicated."))
        return super().copy(default=default)

    # ------------------------------------------------------------------
    # Posting
    # ------------------------------------------------------------------

    @api.model
    def _check_manual_entries(self, vals_list):
        """Outside the programme's own code travel staff record entries:
        managers adjustments (with a reason), agents and managers redemptions
        (checked in ``_check_redeem_vals``); the other types are the
        programme's."""
        user = self.env.user
        if not user.has_group("travel_crm.group_travel_agent"):
            raise AccessError(
                self.env._("Only travel agents and managers can record points.")
            )
        is_manager = user.has_group("travel_crm.group_travel_manager")
        for vals in vals_list:
            kind = vals.setdefault("transaction_type", "adjust")
            if kind == "redeem":
                self._check_redeem_vals(vals)
                continue
            if kind != "adjust":
                raise UserError(
                    self.env._(
                        "Earned, expired, bonus and referral points come from "
                        "bookings and the programme; only adjustments and "
                        "redemptions can be recorded by hand."
                    )
                )
            if not is_manager:
                raise AccessError(
                    self.env._("Only loyalty managers can adjust points by hand.")
                )
            if not (vals.get("reason") or "").strip():
                raise UserError(self.env._("Give a reason for the adjustment."))
            extra = set(vals) - MANUAL_FIELDS
            if extra:
                raise UserError(
                    self.env._(
                        "These fields are set by the programme, not by hand: "
                        "%(fields)s",
                        fields=", ".join(sorted(extra)),
                    )
                )

    @api.model
    def _prepare_entry_vals(self, vals):
        if "points" in vals:
            # the ORM accepts "10" for an integer: use the number it will store
            vals["points"] = self._fields["points"].convert_to_cache(
                vals["points"], self
            )
        if not vals.get("partner_id"):
            raise UserError(self.env._("A ledger entry needs a customer."))
        if not vals.get("points"):
            raise UserError(
                self.env._("A ledger entry needs a non-zero number of points.")
            )
        vals.setdefault("company_id", self.env.company.id)
        vals.setdefault("date", fields.Date.context_today(self))
        date = fields.Date.to_date(vals["date"])
        company = self.env["res.company"].browse(vals["company_id"])
        if vals["points"] > 0 and "expiry_date" not in vals:
            months = company.sudo().loyalty_expiry_months
            vals["expiry_date"] = (
                date + relativedelta(months=months) if months else False
            )
        if not vals.get("name"):
            types = dict(TRANSACTION_TYPES)
            vals["name"] = types.get(vals.get("transaction_type"), "")

    @api.model
    def _balances(self, partner_ids):
        """{partner id: balance}, the sum of each partner's ledger read from
        the database (0 for a partner without entries). The one balance rule:
        the stored ``res.partner.loyalty_points`` is computed with it."""
        if not partner_ids:
            return defaultdict(int)
        self.flush_model(["partner_id", "points"])
        rows = self.env.execute_query(
            SQL(
                "SELECT partner_id, COALESCE(SUM(points), 0) FROM %s "
                "WHERE partner_id = ANY(%s) GROUP BY partner_id",
                SQL.identifier(self._table),
                list(partner_ids),
            )
        )
        return defaultdict(int, dict(rows))

    @api.model
    def _check_balances(self, vals_list):
        """Redemptions and manual deductions cannot take a balance below zero.

        Called with the partners' rows locked, so the balances read here stay
        true until the transaction ends.
        """
        spending = [
            index
            for index, vals in enumerate(vals_list)
            if vals["points"] < 0
            and vals.get("transaction_type") in ("redeem", "adjust")
            and not vals.get("reversed_entry_id")
        ]
        if not spending:
            return
        balances = self._balances({vals_list[i]["partner_id"] for i in spending})
        for index, vals in enumerate(vals_list):
            partner_id = vals["partner_id"]
            balances[partner_id] += vals["points"]
            if index in spending and balances[partner_id] < 0:
                raise UserError(
                    self.env._(
                        "%(partner)s has %(balance)s points; %(points)s cannot be "
                        "deducted.",
                        partner=self.env["res.partner"].browse(partner_id).display_name,
                        balance=balances[partner_id] - vals["points"],
                        points=-vals["points"],
                    )
                )

    # ------------------------------------------------------------------
    # Reversals
    # ------------------------------------------------------------------

    def _reverse(self, reason, points_by_entry=None):
        """Post reversing adjustments for these entries (all or ``points``).

        :param dict points_by_entry: {entry: points of it to reverse}; by
            default what is left to reverse of each entry.
        :returns: the reversing entries
        """
        vals_list = []
        for entry in self:
            left = entry._left_to_reverse()
            points = left
            if points_by_entry is not None:
                points = min(points_by_entry.get(entry, 0), abs(left)) * (
                    1 if left > 0 else -1
                )
            if not points:
                continue
            qualifying = 0
            if entry.qualifying_points and entry.points:
                qualifying = -round(entry.qualifying_points * points / entry.points)
            vals_list.append(
                {
                    "name": self.env._(
                        "Reversal of %(entry)s", entry=entry.display_name
                    ),
                    "partner_id": entry.partner_id.id,
                    "company_id": entry.company_id.id,
                    "booking_id": entry.booking_id.id,
                    "transaction_type": "adjust",
                    "points": -points,
                    "qualifying_points": qualifying,
                    "amount": -entry.amount * points / entry.points
                    if entry.amount
                    else 0.0,
                    "reversed_entry_id": entry.id,
                    "reason": reason,
                }
            )
        return self.sudo().create(vals_list) if vals_list else self.browse()

    def _left_to_reverse(self):
        """Signed points of this entry not yet reversed."""
        self.ensure_one()
        return self.points + sum(self.reversal_ids.mapped("points"))
