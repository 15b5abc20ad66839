from datetime import datetime, time

from pytz import timezone, utc

from odoo import models
from odoo.exceptions import UserError

from ...tools.public_holidays import UnsupportedCountry, public_holidays

FIRST_YEAR = 1950
LAST_YEAR = 2099


class ResourceCalendar(models.Model):
    """A working calendar imports a country's public holidays as time off for
    everyone (global leaves), so that SLA deadlines skip them."""

    _inherit = "resource.calendar"

    def action_open_public_holiday_import(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import Public Holidays"),
            "res_model": "travel.public.holiday.import",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_calendar_id": self.id},
        }

    def _import_public_holidays(self, country, year):
        """Create a whole-day global leave, in the calendar's time zone, for each
        public holiday of ``country`` in ``year`` that has none yet.

        :return: the leaves created
        """
        self.ensure_one()
        self.check_access("write")
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise UserError(
                self.env._(
                    "Public holidays can be imported for the years %(first)s to "
                    "%(last)s.",
                    first=FIRST_YEAR,
                    last=LAST_YEAR,
                )
            )
        try:
            days = public_holidays(country.code, year, self.env.lang)
        except UnsupportedCountry as error:
            raise UserError(
                self.env._(
                    "There is no list of public holidays for %(country)s.",
                    country=country.name,
                )
            ) from error
        tz = timezone(self.tz or "UTC")

        def to_utc(day, moment):
            local = tz.localize(datetime.combine(day, moment))
            return local.astimezone(utc).replace(tzinfo=None)

        existing = set(self.global_leave_ids.mapped("date_from"))
        vals_list = []
        for day, name in days:
            start = to_utc(day, time.min)
            if start in existing:
                continue
            vals_list.append(
                {
                    "name": name,
                    "calendar_id": self.id,
                    "company_id": self.company_id.id,
                    "date_from": start,
                    "date_to": to_utc(day, time(23, 59, 59)),
                    "time_type": "leave",
                }
            )
        return self.env["resource.calendar.leaves"].create(vals_list)
