from datetime import date

from odoo import _, models


class TravelBooking(models.Model):
    """Itinerary of a booking: the services day by day, printed by the
    itinerary report and mailed to the customer."""

    _inherit = "travel.booking"

    def action_send_email(self):
        """Open the composer with the itinerary template and PDF."""
        template = self.env.ref(
            "travel_crm.mail_template_travel_booking", raise_if_not_found=False
        )
        ctx = {
            "default_model": "travel.booking",
            "default_res_ids": self.ids,
            "default_template_id": template.id if template else False,
            "default_composition_mode": "comment" if len(self) == 1 else "mass_mail",
            "default_email_layout_xmlid": "mail.mail_notification_layout",
            "force_email": True,
        }
        return {
            "type": "ir.actions.act_window",
            "name": _("Send Itinerary"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": ctx,
        }

    def _get_itinerary_days(self):
        """Services grouped by their first day, undated ones last.

        :return: list of ``(date or False, travel.booking.line records)``
        """
        self.ensure_one()
        days = {}
        for line in self.line_ids.sorted(
            lambda li: (li.date_start or date.max, li.sequence, li.id)
        ):
            days.setdefault(line.date_start, self.env["travel.booking.line"])
            days[line.date_start] |= line
        return list(days.items())
