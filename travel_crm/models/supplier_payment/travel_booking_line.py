from odoo import models


class TravelBookingLine(models.Model):
    _inherit = "travel.booking.line"

    def _travel_supplier_due_dates(self):
        """The day each service is paid to its supplier by the payment rules
        (services without a rule or without a date left out).

        A service without dates counts from its booking's departure and return.

        :return: ``{line: date}``
        """
        rules = self.env["travel.supplier.payment.rule"]._get_rules(self)
        due_dates = {}
        for line, rule in rules.items():
            if not rule:
                continue
            booking = line.booking_id
            date_start = line.date_start or booking.departure_date
            date_end = line.date_end or booking.return_date or date_start
            due = rule._get_due_date(date_start, date_end)
            if due:
                due_dates[line] = due
        return due_dates
