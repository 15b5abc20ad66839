from odoo import api, fields, models
from odoo.tools import SQL

from ...tools.anniversary import month_day_keys
from ...tools.cron_batch import CronBatch


class TravelLoyaltyTransaction(models.Model):
    """The daily maintenance of the programme (``ir_cron_loyalty_maintenance``).

    Five steps, each a finder (the customers that still need the step) and a
    ``res.partner`` method that does it: expire what is due, announce coming
    expiries, grant birthday bonuses, earn the trips closed early whose return
    date has come, review tiers.
    """

    _inherit = "travel.loyalty.transaction"

    @api.model
    def _cron_loyalty_maintenance(self, batch_size=500):
        """Daily programme maintenance, idempotent and in bounded batches.

        Each step selects only the customers that still need it (expired open
        points, unannounced expiries, birthday without this year's bonus,
        members), so a second run on the same day changes nothing. A step
        selects its customers when it starts (an earlier step changes who
        matches); progress counts the customers selected so far over all
        steps, and batches commit outside tests.
        """
        today = fields.Date.context_today(self)
        Partner = self.env["res.partner"].sudo()
        steps = (
            (self._loyalty_partners_to_expire, "_loyalty_expire_points", {}),
            (self._loyalty_partners_to_warn, "_loyalty_send_expiry_warnings", {}),
            (
                self._loyalty_partners_with_birthday,
                "_loyalty_grant_birthday_bonus",
                {},
            ),
            (self._loyalty_partners_with_returned_trips, "_loyalty_earn_returned", {}),
            (
                self._loyalty_members,
                "_loyalty_review_tiers",
                {"allow_downgrade": True},
            ),
        )
        progress = CronBatch(self.env)
        for finder, method, kwargs in steps:
            partner_ids = finder(today)
            progress.add(len(partner_ids))
            for ids in progress.batches(partner_ids, batch_size):
                getattr(Partner.browse(ids), method)(today=today, **kwargs)
        progress.close()
        return True

    @api.model
    def _loyalty_partners_to_expire(self, today):
        rows = self.env["res.partner"]._loyalty_expired_lots(today)
        return list(dict.fromkeys(row[0] for row in rows))

    @api.model
    def _loyalty_partners_to_warn(self, today):
        rows = self.env["res.partner"]._loyalty_expiry_warning_rows(today)
        return [row[0] for row in rows]

    @api.model
    def _loyalty_partners_with_birthday(self, today):
        """Members born on this day (29 February counts on 28 February in
        common years) who have not had this year's birthday bonus."""
        self.env["res.partner"].flush_model(["birthdate", "loyalty_tier_id"])
        rows = self.env.execute_query(
            SQL(
                "SELECT id FROM res_partner"
                " WHERE active AND loyalty_tier_id IS NOT NULL"
                " AND to_char(birthdate, 'MMDD') = ANY(%s)"
                " ORDER BY id",
                sorted(month_day_keys(today)),
            )
        )
        partners = self.env["res.partner"].browse(row[0] for row in rows)
        given = partners._loyalty_birthday_bonus_given(today)
        return [partner_id for partner_id in partners.ids if partner_id not in given]

    @api.model
    def _loyalty_partners_with_returned_trips(self, today):
        bookings = self.env["travel.booking"].sudo()._loyalty_returned_unearned(today)
        return sorted(set(bookings.partner_id.ids))

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
