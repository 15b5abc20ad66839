import logging

from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ...tools.cron_batch import CronBatch

_logger = logging.getLogger(__name__)


def _inactivity_period(company):
    """How long a company keeps inactive travellers (None: not a period)."""
    years = company.travel_privacy_inactivity_years
    return relativedelta(years=years) if years > 0 else None


class ResPartner(models.Model):
    """The retention job: inactive travellers anonymized, identity-document
    scans purged after the trip (each when its company switches it on)."""

    _inherit = "res.partner"

    @api.model
    def _travel_retention_candidates(self):
        """Travellers inactive for their company's number of years.

        Activity: the profile's creation, any booking (as customer or
        traveller) created, departing or returning, a complaint reported,
        feedback answered or a message they wrote. Users, companies' own
        contacts, travellers on a trip and companions listed by an active
        traveller (their family) are never candidates. Travellers
        shared between companies follow the settings of the current company.
        """
        limits = self.env["res.company"]._travel_retention_limits(
            "travel_privacy_auto_anonymize", _inactivity_period
        )
        if limits is None:
            return []
        self.env.flush_all()
        query = SQL(
            """
            WITH limits(company_id, limit_date) AS (VALUES %(limits)s)
            SELECT p.id
              FROM res_partner p
              JOIN limits l
                ON l.company_id = COALESCE(p.company_id, %(company)s)
             WHERE p.is_traveller AND p.active
               AND p.travel_anonymized_date IS NULL
               AND p.create_date::date < l.limit_date
               AND NOT EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = p.id)
               AND NOT EXISTS (
                   SELECT 1 FROM res_company c WHERE c.partner_id = p.id)
               AND NOT EXISTS (
                   SELECT 1
                     FROM travel_companion tc
                     JOIN res_partner o ON o.id = tc.partner_id
                    WHERE tc.companion_id = p.id AND o.active)
               AND %(inactive)s
             ORDER BY p.id
            """,
            limits=limits,
            company=self.env.company.id,
            inactive=self._travel_retention_inactive(),
        )
        return [row[0] for row in self.env.execute_query(query)]

    @api.model
    def _travel_retention_inactive(self):
        """SQL condition: traveller ``p`` has had no activity since the limit
        date ``l.limit_date`` (no trip in progress either)."""
        return SQL(
            """
            NOT EXISTS (
                SELECT 1
                  FROM travel_booking b
             LEFT JOIN travel_booking_traveller_rel r ON r.booking_id = b.id
                 WHERE (b.partner_id = p.id OR r.partner_id = p.id)
                   AND (b.state = 'in_progress'
                        OR b.create_date::date >= l.limit_date
                        OR b.departure_date >= l.limit_date
                        OR b.return_date >= l.limit_date))
            AND NOT EXISTS (
                SELECT 1 FROM travel_complaint t
                 WHERE t.partner_id = p.id AND t.date_open::date >= l.limit_date)
            AND NOT EXISTS (
                SELECT 1 FROM travel_feedback f
                 WHERE f.partner_id = p.id AND f.state = 'answered'
                   AND f.date_answered::date >= l.limit_date)
            AND NOT EXISTS (
                SELECT 1 FROM mail_message m
                 WHERE m.author_id = p.id AND m.date::date >= l.limit_date)
            """
        )

    @api.model
    def _cron_travel_privacy_retention(self, batch_size=100):
        """Retention job: anonymize inactive travellers (when enabled) and
        purge identity-document scans past their retention (when enabled).

        Set-based selection, bounded batches, progress reported and committed
        after each batch (``CronBatch``); a processed record no longer matches
        the selection, so a second run (or a run resumed after a crash)
        changes nothing more.
        """
        partner_ids = self._travel_retention_candidates()
        Attachment = self.env["ir.attachment"].sudo()
        scan_ids = Attachment._travel_retention_scan_ids()
        progress = CronBatch(self.env, len(partner_ids) + len(scan_ids))
        partners = self.sudo().with_context(travel_privacy_channel="cron")
        for batch in progress.batches(partner_ids, batch_size):
            partners.browse(batch)._travel_retention_anonymize()
        for batch in progress.batches(scan_ids, batch_size):
            # Anonymizing a traveller may already have deleted some of these.
            Attachment.browse(batch).exists()._travel_purge_scans()
        progress.close()
        return True

    def _travel_retention_anonymize(self):
        """Anonymize each of these travellers on its own: one refused (e.g. a
        trip started since the selection) waits for the next run."""
        for partner in self:
            try:
                with self.env.cr.savepoint():
                    partner.action_anonymize_traveller()
            except UserError as error:
                _logger.info("Traveller #%s not anonymized: %s", partner.id, error)
