import re
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.tools import SQL

# File names that mark an upload on a booking or a contact as an identity scan.
SCAN_NAME_PATTERN = re.compile(
    r"passport|pasaporte|reisepass|visa|identity|\bid[\s_.-]?card|\bscan", re.IGNORECASE
)
SCAN_MODELS = ("travel.booking", "res.partner")


class IrAttachment(models.Model):
    """Identity-document scans, purged after the trip by the retention job.

    A scan is any file attached to a ``travel.document``, or a file attached
    to a booking or a contact with ``is_identity_scan`` set: ticked
    automatically when its name looks like one (passport, visa, ID card,
    scan...), and editable on the attachment form.
    """

    _inherit = "ir.attachment"

    is_identity_scan = fields.Boolean(
        string="Identity Document Scan",
        help="A copy of a passport, visa or ID card: deleted by the retention "
        "policy some days after the trip (Settings > Travel).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "is_identity_scan" not in vals:
                vals["is_identity_scan"] = bool(
                    not vals.get("res_field")
                    and (
                        vals.get("res_model") == "travel.document"
                        or (
                            vals.get("res_model") in SCAN_MODELS
                            and SCAN_NAME_PATTERN.search(vals.get("name") or "")
                        )
                    )
                )
        return super().create(vals_list)

    @api.model
    def _travel_retention_scan_ids(self):
        """Scans whose retention ended, for companies that purge them.

        Booking scans: the booking is done or cancelled and its return date
        (departure when none) is N days old. Scans of a traveller's documents
        or profile: none of their bookings (as customer or traveller) is still
        to come or running, and their last return is N days old. Travellers
        without bookings keep their scans (the inactivity rule applies).
        """
        limits = self.env["res.company"]._travel_retention_limits(
            "travel_privacy_scan_purge",
            lambda company: relativedelta(days=company.travel_privacy_scan_days),
        )
        if limits is None:
            return []
        self.env.flush_all()
        query = SQL(
            """
            WITH limits(company_id, limit_date) AS (VALUES %(limits)s),
            trips AS (%(trips)s)
            SELECT a.id
              FROM ir_attachment a
         LEFT JOIN travel_document d
                ON a.res_model = 'travel.document' AND d.id = a.res_id
         LEFT JOIN travel_booking b
                ON a.res_model = 'travel.booking' AND b.id = a.res_id
         LEFT JOIN res_partner p
                ON p.id = CASE WHEN a.res_model = 'travel.document' THEN d.partner_id
                               WHEN a.res_model = 'res.partner' THEN a.res_id END
         LEFT JOIN trips t ON t.partner_id = p.id
              JOIN limits l
                ON l.company_id = COALESCE(
                       b.company_id, d.company_id, p.company_id, a.company_id,
                       %(company)s)
             WHERE a.res_field IS NULL
               AND (a.res_model = 'travel.document'
                    OR (a.is_identity_scan AND a.res_model IN %(scan_models)s))
               AND ((a.res_model = 'travel.booking'
                     AND b.state IN ('done', 'cancel')
                     AND COALESCE(b.return_date, b.departure_date) <= l.limit_date)
                    OR (a.res_model <> 'travel.booking'
                        AND NOT t.has_open
                        AND t.last_return <= l.limit_date))
          ORDER BY a.id
            """,
            limits=limits,
            trips=self._travel_retention_trips(),
            company=self.env.company.id,
            scan_models=SCAN_MODELS,
        )
        return [row[0] for row in self.env.execute_query(query)]

    @api.model
    def _travel_retention_trips(self):
        """Per traveller (as customer or traveller): ``last_return``, the
        latest return date (departure when none) of their bookings, and
        ``has_open``, whether one is still to come or running."""
        return SQL(
            """
            SELECT x.partner_id,
                   MAX(COALESCE(b.return_date, b.departure_date)) AS last_return,
                   BOOL_OR(b.state IN ('draft', 'sent', 'confirmed', 'in_progress'))
                       AS has_open
              FROM (SELECT id AS booking_id, partner_id FROM travel_booking
                    UNION
                    SELECT booking_id, partner_id
                      FROM travel_booking_traveller_rel) x
              JOIN travel_booking b ON b.id = x.booking_id
          GROUP BY x.partner_id
            """
        )

    def _travel_purge_scans(self):
        """Delete these scans, leaving a note on each record that had some.

        The note tells the kind of file and upload date, not the file name
        (names often carry the person's name or document number).
        """
        by_record = defaultdict(lambda: self.browse())
        for attachment in self:
            by_record[(attachment.res_model, attachment.res_id)] |= attachment
        partners = self.env["res.partner"]
        for (model, res_id), attachments in by_record.items():
            record = (
                self.env[model].sudo().with_context(active_test=False).browse(res_id)
            )
            if not record.exists():
                continue
            files = ", ".join(
                self.env._(
                    "%(type)s uploaded on %(date)s",
                    type=attachment.mimetype or self.env._("file"),
                    date=fields.Date.to_string(attachment.create_date),
                )
                for attachment in attachments
            )
            record.message_post(
                body=_(
                    "%(count)s identity document scan(s) deleted under the "
                    "retention policy: %(files)s.",
                    count=len(attachments),
                    files=files,
                ),
                subtype_xmlid="mail.mt_note",
            )
            partners |= record.partner_id if model != "res.partner" else record
        self.unlink()
        self.env["travel.privacy.log"]._log(
            partners,
            "scan_purge",
            channel=self.env.context.get("travel_privacy_channel", "cron"),
        )
        return True
