"""Holiday greetings on Chinese lunar festivals: the holiday's month and day
are then a lunar month and day, found again in each year's calendar."""

from datetime import date

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ...tools.anniversary import next_anniversary
from ...tools.lunar import lunar_year_of, next_lunar_date


class TravelEngagementRule(models.Model):
    _inherit = "travel.engagement.rule"

    holiday_lunar = fields.Boolean(
        string="Lunar Calendar",
        help="The holiday month and day are a Chinese lunar month and day: 1/1 "
        "Spring Festival, 1/15 Lantern, 5/5 Dragon Boat, 7/7 Qixi, 8/15 "
        "Mid-Autumn, 9/9 Double Ninth. Day 30 falls on the 29th in a short month.",
    )
    holiday_next_date = fields.Date(
        string="Next Holiday",
        compute="_compute_holiday_next_date",
        help="The next day, from today on, that the holiday falls on.",
    )

    @api.depends("trigger", "holiday_month", "holiday_day", "holiday_lunar")
    @api.depends_context("tz")
    def _compute_holiday_next_date(self):
        today = fields.Date.context_today(self)
        for rule in self:
            rule.holiday_next_date = rule._holiday_next_date(today)

    def _holiday_next_date(self, today):
        self.ensure_one()
        month, day = int(self.holiday_month or 0), self.holiday_day
        if self.trigger != "holiday" or not month or not day:
            return False
        if self.holiday_lunar:
            return (1 <= day <= 30 and next_lunar_date(month, day, today)) or False
        try:
            # 2024 is a leap year: 29 February is celebrated on the 28th
            return next_anniversary(date(2024, month, day), today)
        except ValueError:
            return False

    @api.constrains("trigger", "days", "holiday_month", "holiday_day", "holiday_lunar")
    def _check_trigger_parameters(self):
        lunar = self.filtered(lambda r: r.trigger == "holiday" and r.holiday_lunar)
        result = super(TravelEngagementRule, self - lunar)._check_trigger_parameters()
        for rule in lunar:
            if not rule.holiday_month or not 1 <= rule.holiday_day <= 30:
                raise ValidationError(
                    self.env._(
                        "Give rule %(rule)s a lunar month and a day from 1 to 30.",
                        rule=rule.name,
                    )
                )
        return result

    def _engagement_events_holiday(self, today):
        if not self.holiday_lunar:
            return super()._engagement_events_holiday(today)
        month, day = int(self.holiday_month or 0), self.holiday_day
        lunar_year = lunar_year_of(month, day, today)
        if lunar_year is None:
            return []
        partners = self.env["res.partner"].search(self._travel_customer_domain())
        return [
            {
                "partner_id": partner.id,
                "event_date": today,
                "event_ref": f"lunar-{month:02d}-{day:02d}:{lunar_year}",
            }
            for partner in partners
        ]
