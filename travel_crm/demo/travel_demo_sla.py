"""Demo service levels: the office calendar's timezone and public holidays, the
SLA policies and setting that count it, and demo complaints answered, waiting
and resumed, so that the SLA reports have working hours and waiting time.

Called by ``demo/travel_sla_demo.xml`` after the demo agency; a second call
(``-u`` reloads the demo) adds nothing.
"""

import logging
from datetime import date, datetime, time, timedelta

import pytz

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

# Fixed holidays when the ``holidays`` library is missing or does not know the
# country: (month, day, name).
FALLBACK_HOLIDAYS = [
    (1, 1, "New Year's Day"),
    (5, 1, "Labour Day"),
    (12, 25, "Christmas Day"),
    (12, 26, "Boxing Day"),
]
# demo complaint subject: (waiting on, hours after the report it started,
# hours it lasted or None while it goes on)
DEMO_WAITS = {
    "Deposit not deducted on the invoice": ("customer", 2, None),
    "Transfer two hours late": ("supplier", 4, None),
    "Noisy room next to the lift": ("customer", 3, 20),
    "Luggage lost on the return flight": ("supplier", 5, 48),
}


class TravelDemoAgency(models.AbstractModel):
    _inherit = "travel.demo.agency"

    @api.model
    def _generate_service_levels(self, calendar_ids):
        calendar = self.env["resource.calendar"].browse(calendar_ids)
        company = self.env.ref("base.main_company")
        if not calendar.leave_ids:
            calendar.tz = (
                company.resource_calendar_id.tz
                or self.env.ref("base.user_admin").tz
                or "UTC"
            )
            self._create_public_holidays(calendar, company.country_id)
        company.travel_sla_calendar_id = calendar
        # urgent in-trip problems stay round the clock
        for name in ("low", "normal", "high"):
            self._ref(f"travel_sla_policy_{name}").resource_calendar_id = calendar
        complaints = self.env["travel.complaint"].search(
            [("name", "not like", "CMP/BENCH/%"), ("company_id", "=", company.id)]
        )
        if complaints.wait_ids:
            return False
        self._recount_complaints(complaints)
        self._answer_complaints(complaints)
        self._wait_on_complaints(complaints)
        return True

    def _create_public_holidays(self, calendar, country):
        """The country's public holidays from today to the end of next year,
        as whole local days of the calendar (leaves without a resource)."""
        today = fields.Date.context_today(self)
        years = [today.year, today.year + 1]
        days = self._public_holidays(country, years)
        tz = pytz.timezone(calendar.tz)

        def utc(day, moment):
            local = tz.localize(datetime.combine(day, moment))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        self.env["resource.calendar.leaves"].create(
            [
                {
                    "name": name,
                    "calendar_id": calendar.id,
                    "date_from": utc(day, time.min),
                    "date_to": utc(day, time(23, 59, 59)),
                    "time_type": "leave",
                }
                for day, name in sorted(days.items())
                if day >= today
            ]
        )

    def _public_holidays(self, country, years):
        """{date: name} from the ``holidays`` library, else fixed dates."""
        try:
            import holidays  # pylint: disable=import-outside-toplevel

            return dict(holidays.country_holidays(country.code, years=years))
        except (ImportError, NotImplementedError, AttributeError, KeyError):
            _logger.info("Demo holidays: fixed dates (no holidays for %s)", country)
            return {
                date(year, month, day): name
                for year in years
                for month, day, name in FALLBACK_HOLIDAYS
            }

    def _recount_complaints(self, complaints):
        """The agency's complaints on the policies' calendar from now on."""
        Complaint = self.env["travel.complaint"]
        for fnames in (
            ["response_deadline", "deadline"],
            ["sla_status", "sla_at_risk_date", "sla_breach_date", "sla_compliance"]
            + ["first_response_hours", "resolution_hours", "sla_paused_hours"],
        ):
            for fname in fnames:
                self.env.add_to_compute(Complaint._fields[fname], complaints)
            complaints.flush_recordset(fnames)

    def _answer_complaints(self, complaints):
        """The agents' first replies: an hour after the report (the first
        response is a reply sent to the customer, not starting the work)."""
        now = fields.Datetime.now()
        for complaint in complaints.filtered(lambda c: c.state != "new"):
            complaint._set_first_response_date(
                min(complaint.date_open + timedelta(hours=1), now)
            )

    def _wait_on_complaints(self, complaints):
        """Some complaints wait on the customer or a supplier; two of them are
        back in progress or resolved since."""
        now = fields.Datetime.now()
        for complaint in complaints.filtered(lambda c: c.subject in DEMO_WAITS):
            waiting_on, after, lasted = DEMO_WAITS[complaint.subject]
            start = min(complaint.date_open + timedelta(hours=after), now)
            end = start + timedelta(hours=lasted) if lasted is not None else None
            if end and complaint.date_resolved:
                end = min(end, complaint.date_resolved)
            if end and end > now:
                end = None
            self.env["travel.complaint.wait"].create(
                {
                    "complaint_id": complaint.id,
                    "waiting_on": waiting_on,
                    "date_start": start,
                    "date_end": end or False,
                    "user_id": complaint.user_id.id,
                }
            )
            if not end and complaint.state == "in_progress":
                complaint.state = "waiting"  # its wait is there already
        Complaint = self.env["travel.complaint"]
        for domain, method in Complaint._sla_cron_steps(now):
            getattr(Complaint.search(domain), method)()
