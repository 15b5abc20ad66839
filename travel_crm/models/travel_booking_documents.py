from markupsafe import Markup

from odoo import _, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ..tools import passport_check


class TravelBooking(models.Model):
    """Travel documents side of a booking: passports and visas checked against
    the destinations on confirmation (the rules are in tools/passport_check)."""

    _inherit = "travel.booking"

    def _get_travel_document_issues(self):
        """Travellers whose documents do not fit the destinations.

        Each destination country uses its rule (the company's, else the shared
        one); countries without a rule need a passport valid
        ``DEFAULT_VALIDITY_MONTHS`` after return, except the company's own
        country.

        :return: ``{booking: [passport_check.Issue]}``, only bookings with issues
        """
        bookings = self.filtered("destination_country_ids")
        if not bookings:
            return {}
        travellers = {
            booking: booking.traveller_ids
            or booking.partner_id.filtered(lambda p: not p.is_company)
            for booking in bookings
        }
        documents = self._travel_documents_of(
            self.env["res.partner"].union(*travellers.values())
        )
        rules = bookings._travel_destination_rules()
        result = {}
        for booking in bookings:
            issues = passport_check.find_document_issues(
                [(p.id, p.name) for p in travellers[booking]],
                booking._travel_document_requirements(rules),
                documents,
                booking.return_date or booking.departure_date,
            )
            if issues:
                result[booking] = issues
        return result

    def _travel_documents_of(self, travellers):
        """The travellers' documents as the plain dicts passport_check reads."""
        return self.env["travel.document"].search_read(
            [("partner_id", "in", travellers.ids)],
            ["partner_id", "document_type", "issuing_country_id", "expiry_date"],
            load=False,
        )

    def _travel_destination_rules(self):
        """Rules of the bookings' destinations, company rules before shared ones."""
        return (
            self.env["travel.destination.rule"]
            .search(
                [
                    ("country_id", "in", self.destination_country_ids.ids),
                    ("company_id", "in", [*self.company_id.ids, False]),
                ]
            )
            .sorted(lambda r: not r.company_id)
        )

    def _travel_document_requirements(self, rules):
        """One ``passport_check.Requirement`` per destination of the booking.

        :param rules: ``_travel_destination_rules()``, company rules first
        """
        self.ensure_one()
        by_country = {}
        for rule in rules:
            if rule.company_id in (self.company_id, rule.company_id.browse()):
                by_country.setdefault(rule.country_id, rule)
        requirements = []
        for country in self.destination_country_ids:
            rule = by_country.get(country)
            if rule:
                requirements.append(
                    passport_check.Requirement(
                        country.id,
                        country.name,
                        rule.passport_validity_months,
                        rule.visa_required,
                    )
                )
            elif country != self.company_id.country_id:
                requirements.append(
                    passport_check.Requirement(
                        country.id,
                        country.name,
                        passport_check.DEFAULT_VALIDITY_MONTHS,
                        False,
                    )
                )
        return requirements

    def _format_document_issue(self, issue):
        if issue.problem == passport_check.PASSPORT_MISSING:
            return _(
                "%(traveller)s has no passport on file (needed for %(country)s).",
                traveller=issue.traveller_name,
                country=issue.country_name,
            )
        if issue.problem == passport_check.PASSPORT_TOO_SHORT:
            return _(
                "The passport of %(traveller)s must be valid until %(date)s for "
                "%(country)s.",
                traveller=issue.traveller_name,
                date=format_date(self.env, issue.until),
                country=issue.country_name,
            )
        return _(
            "%(traveller)s needs a visa for %(country)s.",
            traveller=issue.traveller_name,
            country=issue.country_name,
        )

    def _check_travel_documents(self):
        """Report document issues before confirming: refuse in blocking
        companies, else log them on the booking and return a notification."""
        issues = self._get_travel_document_issues()
        if not issues:
            return False
        blocking = [b for b in issues if b.company_id.travel_passport_check == "block"]
        if blocking:
            raise UserError(
                "\n".join(
                    [_("Travel documents do not allow confirming this booking:")]
                    + [
                        f"{booking.name}: {booking._format_document_issue(issue)}"
                        for booking in blocking
                        for issue in issues[booking]
                    ]
                )
            )
        for booking, booking_issues in issues.items():
            booking.message_post(
                body=Markup("<p>%s</p><ul>%s</ul>")
                % (
                    _("Check the travel documents before departure:"),
                    Markup().join(
                        Markup("<li>%s</li>") % booking._format_document_issue(i)
                        for i in booking_issues
                    ),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "sticky": True,
                "title": _("Travel documents to check"),
                "message": "\n".join(
                    booking._format_document_issue(issue)
                    for booking, booking_issues in issues.items()
                    for issue in booking_issues
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
