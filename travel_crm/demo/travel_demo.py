"""Demo agency: travellers, bookings and their aftermath, made through the
module's own flows so that every figure (amounts, points, tiers, NPS, scores)
is what the application itself computes.

Only demo data calls this (``demo/travel_agency_demo.xml``). Choices are drawn
from a seeded ``random.Random``, so two installs on the same day build the same
agency; dates are relative to the day of the install. Each step lives with its
concern: ``travel_demo_travellers.py``, ``travel_demo_bookings.py``,
``travel_demo_money.py`` (points, invoices, payments) and
``travel_demo_service.py`` (feedback, complaints).
"""

import logging
import random
from datetime import timedelta

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

SEED = 2024
XMLID_PREFIX = "travel_crm.travel_booking_demo_"


class TravelDemoAgency(models.AbstractModel):
    _name = "travel.demo.agency"
    _description = "Travel Demo Agency Generator"

    @api.model
    def _generate(self):
        """Build the demo agency once: a second call (``-i`` again) adds nothing."""
        if self.env.ref(f"{XMLID_PREFIX}001", raise_if_not_found=False):
            return False
        company = self.env.ref("base.main_company")
        self.with_company(company).with_context(
            mail_create_nolog=True
        )._generate_agency(company)
        return True

    def _generate_agency(self, company):
        rng = random.Random(SEED)
        travellers = self._create_travellers(rng)
        self._create_portal_traveller()
        bookings = self._create_bookings(rng, travellers, company)
        self._advance_bookings(rng, bookings)
        self._redeem_points(rng, bookings)
        if self._can_invoice(company):
            # the accounting documents need no field-by-field tracking
            self.with_context(tracking_disable=True)._invoice_bookings(rng, bookings)
        else:
            _logger.info(
                "Demo agency: %s has no chart of accounts, bookings are not invoiced.",
                company.name,
            )
        self._cancel_bookings(rng, bookings)
        self._create_feedback(rng, bookings)
        self._create_complaints(rng, bookings)

    # ------------------------------------------------------------------
    # Shared helpers
    # ------------------------------------------------------------------

    def _ref(self, name):
        return self.env.ref(f"travel_crm.{name}")

    def _demo_date(self, days):
        return fields.Date.context_today(self) + timedelta(days=days)

    def _update_demo_xmlids(self, xmlids_records):
        """Name the generated records ``{xmlid: record}`` (noupdate), so that
        the demo can point at them and a second install finds them."""
        self.env["ir.model.data"]._update_xmlids(
            [
                {"xml_id": xml_id, "record": record, "noupdate": True}
                for xml_id, record in xmlids_records.items()
            ]
        )

    def _of(self, targets, *states):
        """The bookings of ``targets`` ({booking: target state}) aiming at one
        of ``states``, in the order of ``targets``."""
        return self.env["travel.booking"].union(
            *[booking for booking, target in targets.items() if target in states]
        )
