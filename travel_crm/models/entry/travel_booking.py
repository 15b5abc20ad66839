from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ...tools import passport_check


class TravelBooking(models.Model):
    """Who may enter where: each traveller's documents checked against the
    entry rule of every destination for their nationality, on the proposal
    (``travel_document_warning``) and on confirmation. The rules themselves
    are in tools/passport_check; the rule chosen for a traveller comes from
    ``travel.destination.rule._select_for``."""

    _inherit = "travel.booking"

    travel_document_warning = fields.Text(
        string="Travel Documents to Check",
        compute="_compute_travel_document_warning",
        groups="travel_crm.group_travel_agent",
        help="What each traveller's documents lack for this trip, from the "
        "destination rules.",
    )

    @api.depends(
        "state",
        "partner_id",
        "traveller_ids",
        "destination_country_ids",
        "departure_date",
        "return_date",
        "company_id",
    )
    def _compute_travel_document_warning(self):
        open_bookings = self.filtered(
            lambda b: b.state in ("draft", "sent", "confirmed")
        )
        issues = open_bookings._get_travel_document_issues()
        for booking in self:
            booking.travel_document_warning = (
                "\n".join(booking._format_document_issue(i) for i in issues[booking])
                if booking in issues
                else False
            )

    def _get_travel_document_issues(self):
        """Travellers whose documents do not fit the destinations.

        Each traveller meets, for each destination, the rule chosen for their
        nationality (the one naming it, else the one for any nationality; the
        company's before the shared one). Destinations without a rule need a
        passport valid ``DEFAULT_VALIDITY_MONTHS`` after return, except the
        traveller's own country (the company's when the nationality is
        unknown); a national needs nothing to enter their own country.

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
                {
                    p.id: booking._travel_document_requirements(p, rules)
                    for p in travellers[booking]
                },
                documents,
                booking.return_date or booking.departure_date,
                passport_check.trip_length(booking.departure_date, booking.return_date),
            )
            if issues:
                result[booking] = issues
        return result

    def _travel_documents_of(self, travellers):
        """The travellers' documents as the plain dicts passport_check reads."""
        return self.env["travel.document"].search_read(
            [("partner_id", "in", travellers.ids)],
            [
                "partner_id",
                "document_type",
                "issuing_country_id",
                "expiry_date",
                "endorsement_expiry_date",
            ],
            load=False,
        )

    def _travel_destination_rules(self):
        """Active rules of the bookings' destinations and companies."""
        return self.env["travel.destination.rule"].search(
            [
                ("country_id", "in", self.destination_country_ids.ids),
                ("company_id", "in", [*self.company_id.ids, False]),
            ]
        )

    def _travel_document_requirements(self, traveller, rules):
        """One ``passport_check.Requirement`` per destination of the booking
        that ``traveller`` must meet.

        :param rules: ``_travel_destination_rules()``
        """
        self.ensure_one()
        nationality = traveller.nationality_id
        home = nationality or self.company_id.country_id
        requirements = []
        for country in self.destination_country_ids:
            if nationality and country == nationality:
                continue
            rule = rules._select_for(country, nationality, self.company_id)
            if rule:
                requirements.append(
                    passport_check.Requirement(
                        country.id,
                        country.name,
                        rule.passport_validity_months,
                        rule.visa_required,
                        rule.document_type,
                        rule.visa_free_days,
                    )
                )
            elif country != home:
                requirements.append(
                    passport_check.Requirement(
                        country.id,
                        country.name,
                        passport_check.DEFAULT_VALIDITY_MONTHS,
                        False,
                    )
                )
        return requirements

    def _document_issue_templates(self):
        """Messages of the problems of a document other than a passport or a
        visa, translated, to format with traveller, document, date, country."""
        return {
            passport_check.DOCUMENT_MISSING: _(
                "%(traveller)s has no %(document)s on file (needed for %(country)s)."
            ),
            passport_check.DOCUMENT_TOO_SHORT: _(
                "The %(document)s of %(traveller)s must be valid until %(date)s for "
                "%(country)s."
            ),
            passport_check.ENDORSEMENT_MISSING: _(
                "The %(document)s of %(traveller)s has no endorsement on file "
                "(needed for %(country)s)."
            ),
            passport_check.ENDORSEMENT_TOO_SHORT: _(
                "The endorsement on the %(document)s of %(traveller)s must be valid "
                "until %(date)s for %(country)s."
            ),
        }

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
        template = self._document_issue_templates().get(issue.problem)
        if template:
            labels = dict(
                self.env["travel.document"]
                ._fields["document_type"]
                ._description_selection(self.env)
            )
            return template % {
                "traveller": issue.traveller_name,
                "document": labels.get(issue.document_type, issue.document_type),
                "date": format_date(self.env, issue.until) if issue.until else "",
                "country": issue.country_name,
            }
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
