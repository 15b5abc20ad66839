import calendar
import threading
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.travel_crm.tools.loyalty_fifo import fifo_allocate

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
    reason = fields.Text()
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
        """Outside the programme's own code only managers record adjustments."""
        if not self.env.user.has_group("travel_crm.group_travel_manager"):
            raise AccessError(
                self.env._("Only loyalty managers can adjust points by hand.")
            )
        for vals in vals_list:
            if vals.get("transaction_type", "adjust") != "adjust":
                raise UserError(
                    self.env._(
                        "Only adjustments can be recorded by hand; earned, "
                        "redeemed, expired and bonus points come from bookings "
                        "and the programme."
                    )
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
            vals["transaction_type"] = "adjust"

    @api.model
    def _prepare_entry_vals(self, vals):
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
        """Ledger sums of the given partners, read from the database."""
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

    def _allocate(self):
        """Link new entries to the entries they draw on, first-in first-out.

        A negative entry takes from the open positive entries older than it
        (a reversal first from the entry it reverses, an expiry only from
        expired entries); a positive entry first settles older negative
        entries that could not be covered.
        """
        self.flush_model()
        partner_ids = list(set(self.partner_id.ids))
        rows = self.env.execute_query(
            SQL(
                "SELECT id, partner_id, open_points, expiry_date, company_id FROM %s "
                "WHERE partner_id = ANY(%s) AND open_points != 0 "
                "ORDER BY date, id",
                SQL.identifier(self._table),
                partner_ids,
            )
        )
        lots = defaultdict(list)  # partner -> [[id, open, expiry, company], ...]
        debts = defaultdict(list)  # partner -> [[id, uncovered], ...] (> 0)
        new_ids = set(self.ids)
        for entry_id, partner_id, open_points, expiry, company_id in rows:
            if open_points > 0:
                lots[partner_id].append([entry_id, open_points, expiry, company_id])
            elif entry_id not in new_ids:
                debts[partner_id].append([entry_id, -open_points])
        consumptions = []
        for entry in self.sorted("id"):
            partner_lots = lots[entry.partner_id.id]
            partner_debts = debts[entry.partner_id.id]
            if entry.points > 0:
                lot = next(lot for lot in partner_lots if lot[0] == entry.id)
                takes, _rest = fifo_allocate(
                    lot[1], [(d[0], d[1]) for d in partner_debts]
                )
                for debt_id, taken in takes:
                    consumptions.append((debt_id, entry.id, taken))
                    lot[1] -= taken
                    debt = next(d for d in partner_debts if d[0] == debt_id)
                    debt[1] -= taken
                continue
            candidates = [
                lot
                for lot in partner_lots
                if lot[0] < entry.id
                and lot[1] > 0
                and (
                    lot[0] == entry.reversed_entry_id.id
                    or entry._may_draw_on(lot[2], lot[3])
                )
            ]
            if entry.reversed_entry_id:
                candidates.sort(key=lambda lot: lot[0] != entry.reversed_entry_id.id)
            takes, shortfall = fifo_allocate(
                -entry.points, [(lot[0], lot[1]) for lot in candidates]
            )
            by_id = {lot[0]: lot for lot in candidates}
            for award_id, taken in takes:
                consumptions.append((entry.id, award_id, taken))
                by_id[award_id][1] -= taken
            if shortfall:
                partner_debts.append([entry.id, shortfall])
        if consumptions:
            self.env["travel.loyalty.consumption"].sudo().create(
                [
                    {"consumer_id": consumer, "award_id": award, "points": taken}
                    for consumer, award, taken in consumptions
                ]
            )

    def _may_draw_on(self, expiry_date, company_id):
        """An expiry draws only on expired points of its company, anything else
        only on live points (of any company: the balance is the customer's)."""
        self.ensure_one()
        if self.transaction_type == "expire":
            return (
                bool(expiry_date)
                and expiry_date < self.date
                and company_id == self.company_id.id
            )
        return not expiry_date or expiry_date >= self.date

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

    # ------------------------------------------------------------------
    # Maintenance cron: expiry, expiry warnings, birthday bonuses, tiers
    # ------------------------------------------------------------------

    @api.model
    def _cron_loyalty_maintenance(self, batch_size=500):
        """Daily programme maintenance, idempotent and in bounded batches.

        Each step selects only the customers that still need it (expired open
        points, unannounced expiries, birthday without this year's bonus,
        members), so a second run on the same day changes nothing. Between
        batches it reports progress and commits (outside tests).
        """
        today = fields.Date.context_today(self)
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        Partner = self.env["res.partner"].sudo()
        steps = (
            (self._loyalty_partners_to_expire, "_loyalty_expire_points", {}),
            (self._loyalty_partners_to_warn, "_loyalty_send_expiry_warnings", {}),
            (
                self._loyalty_partners_with_birthday,
                "_loyalty_grant_birthday_bonus",
                {},
            ),
            (
                self._loyalty_members,
                "_loyalty_review_tiers",
                {"allow_downgrade": True},
            ),
        )
        done = 0
        for finder, method, kwargs in steps:
            partner_ids = finder(today)
            for start in range(0, len(partner_ids), batch_size):
                batch = Partner.browse(partner_ids[start : start + batch_size])
                getattr(batch, method)(today=today, **kwargs)
                done += len(batch)
                remaining = len(partner_ids) - start - len(batch)
                self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
                if auto_commit:
                    self.env.cr.commit()  # pylint: disable=invalid-commit
        return True

    @api.model
    def _loyalty_partners_to_expire(self, today):
        self.flush_model()
        rows = self.env.execute_query(
            SQL(
                "SELECT DISTINCT partner_id FROM travel_loyalty_transaction "
                "WHERE points > 0 AND open_points > 0 AND expiry_date < %s "
                "ORDER BY partner_id",
                today,
            )
        )
        return [row[0] for row in rows]

    @api.model
    def _loyalty_partners_to_warn(self, today):
        rows = self.env["res.partner"]._loyalty_expiry_warning_rows(today)
        return [row[0] for row in rows]

    @api.model
    def _loyalty_partners_with_birthday(self, today):
        """Members born on this day (29 February counts on 28 February in
        common years) who have not had this year's birthday bonus."""
        days = [(today.month, today.day)]
        if today.month == 2 and today.day == 28 and not calendar.isleap(today.year):
            days.append((2, 29))
        self.flush_model()
        self.env["res.partner"].flush_model(["birthdate", "loyalty_tier_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.id FROM res_partner p
                 WHERE p.active AND p.loyalty_tier_id IS NOT NULL
                   AND p.birthdate IS NOT NULL
                   AND (%(days)s)
                   AND NOT EXISTS (
                       SELECT 1 FROM travel_loyalty_transaction t
                        WHERE t.partner_id = p.id
                          AND t.bonus_reason = 'birthday'
                          AND t.date >= %(year_start)s)
              ORDER BY p.id
                """,
                days=SQL(" OR ").join(
                    SQL(
                        "(EXTRACT(MONTH FROM p.birthdate) = %s"
                        " AND EXTRACT(DAY FROM p.birthdate) = %s)",
                        month,
                        day,
                    )
                    for month, day in days
                ),
                year_start=today.replace(month=1, day=1),
            )
        )
        return [row[0] for row in rows]

    @api.model
    def _loyalty_members(self, today=None):
        """Customers with a tier or a ledger: everyone the tier review covers."""
        self.flush_model(["partner_id"])
        self.env["res.partner"].flush_model(["loyalty_tier_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id FROM res_partner WHERE loyalty_tier_id IS NOT NULL
                 UNION
                SELECT DISTINCT partner_id FROM travel_loyalty_transaction
                 ORDER BY 1
                """
            )
        )
        return [row[0] for row in rows]
