from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class ResCompany(models.Model):
    _inherit = "res.company"

    travel_privacy_auto_anonymize = fields.Boolean(
        string="Anonymize Inactive Travellers",
        help="The retention job erases the personal data of travellers without "
        "any activity for the given number of years.",
    )
    travel_privacy_inactivity_years = fields.Integer(
        string="Inactivity Period (Years)", default=5
    )
    travel_privacy_scan_purge = fields.Boolean(
        string="Purge Identity Document Scans",
        help="The retention job deletes scans of passports, visas and ID cards "
        "the given number of days after the trip, leaving a note that they "
        "existed.",
    )
    travel_privacy_scan_days = fields.Integer(
        string="Keep Scans (Days After Return)", default=30
    )

    @api.constrains("travel_privacy_inactivity_years", "travel_privacy_scan_days")
    def _check_travel_privacy_periods(self):
        for company in self:
            if company.travel_privacy_inactivity_years < 1:
                raise ValidationError(
                    _("The inactivity period must be at least one year.")
                )
            if company.travel_privacy_scan_days < 0:
                raise ValidationError(
                    _("The number of days to keep scans cannot be negative.")
                )

    @api.model
    def _travel_retention_limits(self, enabled_field, period):
        """The retention limit of each company where a retention rule is on,
        as SQL ``VALUES`` rows ``(company_id, limit_date)``; None when no
        company applies the rule.

        ``enabled_field`` is the company's switch for the rule, ``period`` a
        function giving a company's retention period (a relativedelta; None
        when the rule cannot apply to that company). The limit date is today
        (in the user's timezone) minus that period.
        """
        today = fields.Date.context_today(self)
        rows = []
        for company in self.sudo().search([(enabled_field, "=", True)]):
            delta = period(company)
            if delta is not None:
                rows.append(SQL("(%s, %s::date)", company.id, today - delta))
        return SQL(", ").join(rows) if rows else None
