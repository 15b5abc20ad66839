from datetime import timedelta

from odoo import models

from ...tools.passport_check import ENDORSED_TYPES


class TravelEngagementRule(models.Model):
    """The document-expiry trigger also warns about permit endorsements: one
    that ends within the rule's days, or before the return of a confirmed trip
    departing within them that needs the permit, is an event like an expiring
    passport (the event date is the endorsement's end)."""

    _inherit = "travel.engagement.rule"

    def _engagement_events_document_expiry(self, today):
        events = super()._engagement_events_document_expiry(today)
        return events + self._engagement_endorsement_events(today)

    def _engagement_endorsement_events(self, today):
        self.ensure_one()
        limit = today + timedelta(days=self.days)
        Document = self.env["travel.document"]
        permits = Document.search(
            [
                ("document_type", "in", list(ENDORSED_TYPES)),
                ("endorsement_expiry_date", ">=", today),
                ("endorsement_expiry_date", "<=", limit),
                ("partner_id", "!=", False),
            ]
        )
        permits |= self._engagement_endorsements_ending_before_trips(today, limit)
        return [
            {
                "partner_id": permit.partner_id.id,
                "event_date": permit.endorsement_expiry_date,
                "event_ref": f"{permit.id}:endorsement:"
                f"{permit.endorsement_expiry_date}",
                "res_model": "travel.document",
                "res_id": permit.id,
            }
            for permit in permits
        ]

    def _engagement_endorsements_ending_before_trips(self, today, limit):
        """Permits a confirmed trip departing by ``limit`` asks for, whose
        endorsement ends before the trip does."""
        bookings = self.env["travel.booking"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "=", "confirmed"),
                ("departure_date", ">=", today),
                ("departure_date", "<=", limit),
            ]
        )
        Document = self.env["travel.document"]
        if not bookings:
            return Document
        travellers = {
            booking: booking.traveller_ids
            or booking.partner_id.filtered(lambda p: not p.is_company)
            for booking in bookings
        }
        permits = Document.search(
            [
                ("document_type", "in", list(ENDORSED_TYPES)),
                ("endorsement_expiry_date", "!=", False),
                (
                    "partner_id",
                    "in",
                    Document.partner_id.union(*travellers.values()).ids,
                ),
            ]
        )
        rules = bookings._travel_destination_rules()
        found = Document
        for booking, people in travellers.items():
            trip_end = booking.return_date or booking.departure_date
            for person in people:
                asked = {
                    requirement.document_type
                    for requirement in booking._travel_document_requirements(
                        person, rules
                    )
                }
                found |= permits.filtered(
                    lambda p, person=person, asked=asked, end=trip_end: (
                        p.partner_id == person
                        and p.document_type in asked
                        and p.endorsement_expiry_date < end
                    )
                )
        return found
