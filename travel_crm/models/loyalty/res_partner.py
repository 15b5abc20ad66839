from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

# Set by the programme only; a partner merge must not copy them from the
# merged-away partner (the kept partner's tier is reviewed after the merge).
LOYALTY_PROGRAMME_FIELDS = (
    "loyalty_points",
    "loyalty_tier_id",
    "loyalty_tier_date",
    "loyalty_downgrade_date",
    "loyalty_expiry_warning_date",
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    loyalty_transaction_ids = fields.One2many(
        "travel.loyalty.transaction", "partner_id", string="Loyalty Ledger"
    )
    loyalty_points = fields.Integer(
        compute="_compute_loyalty_points",
        store=True,
        readonly=True,
        compute_sudo=True,
        help="Points balance: the sum of the customer's ledger.",
    )
    loyalty_tier_id = fields.Many2one(
        "travel.loyalty.tier",
        readonly=True,
        copy=False,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    loyalty_tier_color = fields.Integer(related="loyalty_tier_id.color")
    loyalty_tier_date = fields.Date(string="Tier Since", readonly=True, copy=False)
    loyalty_downgrade_date = fields.Date(
        string="Tier Held Until",
        readonly=True,
        copy=False,
        help="The customer no longer earns enough qualifying points for their "
        "tier; the tier is reviewed again on this date (grace period).",
    )
    loyalty_expiry_warning_date = fields.Date(
        readonly=True,
        copy=False,
        help="Technical: points expiring up to this date have been announced.",
    )
    loyalty_tier_history_ids = fields.One2many(
        "travel.loyalty.tier.history", "partner_id", string="Tier History"
    )
    loyalty_qualifying_points = fields.Integer(
        compute="_compute_loyalty_qualifying_points",
        help="Points counting toward tiers within the qualifying window.",
    )
    loyalty_expiring_points = fields.Integer(
        string="Points Expiring Soon", compute="_compute_loyalty_expiry"
    )
    loyalty_next_expiry_date = fields.Date(
        string="Next Points Expiry", compute="_compute_loyalty_expiry"
    )

    @api.depends("loyalty_transaction_ids.points")
    def _compute_loyalty_points(self):
        balances = (
            self.env["travel.loyalty.transaction"].sudo()._balances(self._origin.ids)
        )
        for partner in self:
            partner.loyalty_points = balances[partner._origin.id]

    def _compute_loyalty_qualifying_points(self):
        points = self._loyalty_qualifying_points(fields.Date.context_today(self))
        for partner in self:
            partner.loyalty_qualifying_points = points.get(partner.id, 0)

    def _compute_loyalty_expiry(self):
        today = fields.Date.context_today(self)
        horizon = today + timedelta(days=self.env.company.loyalty_expiry_warning_days)
        groups = {
            partner: (points, first)
            for partner, points, first in self.env["travel.loyalty.transaction"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", self.ids),
                    ("points", ">", 0),
                    ("open_points", ">", 0),
                    ("expiry_date", "!=", False),
                    ("expiry_date", "<=", horizon),
                ],
                ["partner_id"],
                ["open_points:sum", "expiry_date:min"],
            )
        }
        for partner in self:
            points, first = groups.get(partner._origin, (0, False))
            partner.loyalty_expiring_points = points
            partner.loyalty_next_expiry_date = first

    # ------------------------------------------------------------------
    # CRUD guards
    # ------------------------------------------------------------------

    def _loyalty_check_tier_write(self, vals):
        if "loyalty_points" in vals:
            raise UserError(
                self.env._(
                    "The points balance is the sum of the ledger; record an "
                    "adjustment instead of changing it."
                )
            )
        if (
            "loyalty_tier_id" in vals
            and not self.env.su
            and not self.env.user.has_group("travel_crm.group_travel_manager")
        ):
            raise AccessError(
                self.env._("Only loyalty managers can set a customer's tier.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._loyalty_check_tier_write(vals)
        return super().create(vals_list)

    def write(self, vals):
        if self.env.context.get("loyalty_merge"):
            vals = {
                key: value
                for key, value in vals.items()
                if key not in LOYALTY_PROGRAMME_FIELDS
            }
        self._loyalty_check_tier_write(vals)
        if "loyalty_tier_id" in vals and not self.env.context.get(
            "loyalty_tier_change"
        ):
            # a manager sets the tier by hand: keep the history and tell them
            vals = dict(vals)
            tier = self.env["travel.loyalty.tier"].browse(vals.pop("loyalty_tier_id"))
            changed = self.filtered(lambda p: p.loyalty_tier_id != tier)
            result = super().write(vals) if vals else True
            if changed:
                changed._loyalty_set_tier(tier, "manual")
            return result
        return super().write(vals)

    # ------------------------------------------------------------------
    # Ledger services
    # ------------------------------------------------------------------

    def _loyalty_lock(self):
        """Lock the customers' rows until the end of the transaction.

        Every change of the ledger takes this lock before reading a balance,
        and every change rewrites the stored balance on this row, so a
        concurrent transaction that read the old balance cannot commit: it
        waits for the lock, then fails with a serialisation error and is
        retried (by Odoo's request/cron retry) on the new balance. ``FOR NO
        KEY UPDATE`` conflicts with itself and with the balance update, but
        not with inserts of other records pointing at the partner.
        """
        if not self.ids:
            return
        self.env.cr.execute(
            SQL(
                "SELECT id FROM res_partner WHERE id = ANY(%s) ORDER BY id "
                "FOR NO KEY UPDATE",
                sorted(self.ids),
            )
        )

    def _loyalty_qualifying_points(self, today):
        """{partner id: qualifying points} within each company's window."""
        if not self.ids:
            return {}
        Transaction = self.env["travel.loyalty.transaction"]
        Transaction.flush_model(["partner_id", "qualifying_points", "date"])
        self.flush_model(["company_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.id, COALESCE(SUM(t.qualifying_points), 0)
                  FROM res_partner p
                  JOIN res_company c ON c.id = COALESCE(p.company_id, %(company)s)
             LEFT JOIN travel_loyalty_transaction t
                    ON t.partner_id = p.id
                   AND t.date <= %(today)s
                   AND t.date > (%(today)s::date
                       - make_interval(months => c.loyalty_tier_window_months))
                 WHERE p.id = ANY(%(ids)s)
              GROUP BY p.id
                """,
                company=self.env.company.id,
                today=today,
                ids=self.ids,
            )
        )
        return dict(rows)

    def _loyalty_earn_returned(self, today):
        """Earn the trips of these customers closed early and now over."""
        Booking = self.env["travel.booking"].sudo()
        Booking._loyalty_returned_unearned(
            today, [("partner_id", "in", self.ids)]
        )._loyalty_earn(today=today)

    def _loyalty_review_tiers(self, allow_downgrade=False, today=None):
        """Move customers to the tier their qualifying points reach.

        Upgrades (and joining the programme) happen at once. A customer below
        their tier's threshold keeps it for the company's grace period, after
        which a review with ``allow_downgrade`` moves them down. Writes only
        what changes, so running it twice changes nothing more.
        """
        today = today or fields.Date.context_today(self)
        partners = self.sudo()
        tiers = self.env["travel.loyalty.tier"].sudo().search([])
        if not partners or not tiers:
            return
        qualifying = partners._loyalty_qualifying_points(today)
        moves = defaultdict(lambda: self.env["res.partner"].sudo())
        start_grace = defaultdict(lambda: self.env["res.partner"].sudo())
        end_grace = self.env["res.partner"].sudo()
        for partner in partners:
            target = tiers._tier_for_points(qualifying.get(partner.id, 0))
            current = partner.loyalty_tier_id
            if target == current:
                if partner.loyalty_downgrade_date:
                    end_grace |= partner
            elif not current:
                moves[(target, "join")] |= partner
            elif target and target.min_points > current.min_points:
                moves[(target, "upgrade")] |= partner
            elif not allow_downgrade:
                continue
            elif not partner.loyalty_downgrade_date:
                company = partner.company_id or self.env.company
                grace = company.loyalty_downgrade_grace_months
                if grace:
                    start_grace[today + relativedelta(months=grace)] |= partner
                else:
                    moves[(target, "downgrade")] |= partner
            elif partner.loyalty_downgrade_date <= today:
                moves[(target, "downgrade")] |= partner
        ctx = {"loyalty_tier_change": True}
        if end_grace:
            end_grace.with_context(**ctx).write({"loyalty_downgrade_date": False})
        for date, group in start_grace.items():
            group.with_context(**ctx).write({"loyalty_downgrade_date": date})
        for (tier, change), group in moves.items():
            group._loyalty_set_tier(tier, change, qualifying, today)

    def _loyalty_set_tier(self, tier, change, qualifying=None, today=None):
        """Give these customers ``tier``, keep the history and tell them."""
        today = today or fields.Date.context_today(self)
        qualifying = qualifying or {}
        history = (
            self.env["travel.loyalty.tier.history"]
            .sudo()
            .create(
                [
                    {
                        "partner_id": partner.id,
                        "date": today,
                        "old_tier_id": partner.loyalty_tier_id.id,
                        "new_tier_id": tier.id,
                        "change": change,
                        "qualifying_points": qualifying.get(partner.id, 0),
                    }
                    for partner in self
                ]
            )
        )
        self.sudo().with_context(loyalty_tier_change=True).write(
            {
                "loyalty_tier_id": tier.id,
                "loyalty_tier_date": today,
                "loyalty_downgrade_date": False,
            }
        )
        template = self.env.ref(
            "travel_crm.mail_template_loyalty_tier_change", raise_if_not_found=False
        )
        if template:
            # one batch: rendered with the records prefetched together
            template.send_mail_batch(
                history.filtered(lambda h: h.partner_id.email and h.new_tier_id).ids,
                email_layout_xmlid="mail.mail_notification_light",
            )
        return history

    def _loyalty_expire_points(self, today=None):
        """Expire what is left unconsumed of expired awards (per company)."""
        today = today or fields.Date.context_today(self)
        if not self.ids:
            return self.env["travel.loyalty.transaction"]
        Transaction = self.env["travel.loyalty.transaction"].sudo()
        rows = self._loyalty_expired_lots(today, self.ids)
        if not rows:
            return Transaction
        return Transaction.create(
            [
                {
                    "name": self.env._("Points expired"),
                    "partner_id": partner_id,
                    "company_id": company_id,
                    "transaction_type": "expire",
                    "points": -points,
                    "date": today,
                }
                for partner_id, company_id, points in rows
            ]
        )

    @api.model
    def _loyalty_expired_lots(self, today, partner_ids=None):
        """(partner, company, points) still open in lots expired before
        ``today``, of the given partners (default: all), by partner."""
        self.env["travel.loyalty.transaction"].flush_model()
        return self.env.execute_query(
            SQL(
                """
                SELECT partner_id, company_id, SUM(open_points)
                  FROM travel_loyalty_transaction
                 WHERE points > 0 AND open_points > 0
                   AND expiry_date < %(today)s
                   %(partners)s
              GROUP BY partner_id, company_id
              ORDER BY partner_id, company_id
                """,
                today=today,
                partners=SQL("AND partner_id = ANY(%s)", partner_ids)
                if partner_ids is not None
                else SQL(),
            )
        )

    def _loyalty_send_expiry_warnings(self, today=None):
        """Tell customers which points expire within the warning period, once."""
        today = today or fields.Date.context_today(self)
        rows = self._loyalty_expiry_warning_rows(today, self.ids)
        if not rows:
            return
        template = self.env.ref(
            "travel_crm.mail_template_loyalty_expiry_warning", raise_if_not_found=False
        )
        by_date = defaultdict(list)
        for partner_id, last_expiry in rows:
            by_date[last_expiry].append(partner_id)
        for last_expiry, partner_ids in by_date.items():
            partners = self.browse(partner_ids).sudo()
            partners.with_context(loyalty_tier_change=True).write(
                {"loyalty_expiry_warning_date": last_expiry}
            )
            if template:
                # one batch: the expiring points are computed for all at once
                template.send_mail_batch(
                    partners.filtered("email").ids,
                    email_layout_xmlid="mail.mail_notification_light",
                )

    @api.model
    def _loyalty_expiry_warning_rows(self, today, partner_ids=None):
        """(partner, last expiry date) of points to announce, not announced yet."""
        self.env["travel.loyalty.transaction"].flush_model()
        self.flush_model(["loyalty_expiry_warning_date"])
        return self.env.execute_query(
            SQL(
                """
                SELECT t.partner_id, MAX(t.expiry_date)
                  FROM travel_loyalty_transaction t
                  JOIN res_company c ON c.id = t.company_id
                  JOIN res_partner p ON p.id = t.partner_id
                 WHERE t.points > 0 AND t.open_points > 0
                   AND t.expiry_date >= %(today)s
                   AND t.expiry_date <= %(today)s::date + c.loyalty_expiry_warning_days
                   AND (p.loyalty_expiry_warning_date IS NULL
                        OR t.expiry_date > p.loyalty_expiry_warning_date)
                   %(partners)s
              GROUP BY t.partner_id
              ORDER BY t.partner_id
                """,
                today=today,
                partners=SQL("AND t.partner_id = ANY(%s)", partner_ids)
                if partner_ids is not None
                else SQL(),
            )
        )

    def _loyalty_grant_birthday_bonus(self, today=None):
        """One birthday bonus per customer and year (skips those already given)."""
        today = today or fields.Date.context_today(self)
        Transaction = self.env["travel.loyalty.transaction"].sudo()
        given = self._loyalty_birthday_bonus_given(today)
        vals_list = []
        for partner in self.sudo():
            company = partner.company_id or self.env.company
            bonus = company.loyalty_birthday_bonus
            if partner.id in given or not bonus or not company.loyalty_enabled:
                continue
            vals_list.append(
                {
                    "name": self.env._("Happy birthday!"),
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "transaction_type": "bonus",
                    "bonus_reason": "birthday",
                    "points": bonus,
                    "date": today,
                }
            )
        return Transaction.create(vals_list)

    def _loyalty_birthday_bonus_given(self, today):
        """Ids of these customers who had the birthday bonus of ``today``'s
        year already (the bonus is once per customer and calendar year)."""
        if not self.ids:
            return set()
        return set(
            self.env["travel.loyalty.transaction"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", self.ids),
                    ("bonus_reason", "=", "birthday"),
                    ("date", ">=", today.replace(month=1, day=1)),
                ]
            )
            .partner_id.ids
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_view_loyalty_ledger(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "travel_crm.travel_loyalty_transaction_action"
        )
        action["domain"] = [("partner_id", "in", self.ids)]
        return action

    def action_loyalty_adjust(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Adjust Points"),
            "res_model": "travel.loyalty.adjust.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }
