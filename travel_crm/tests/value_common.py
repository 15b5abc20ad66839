from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase

from .common import booking_line, create_booking


class TravelValueCase(TransactionCase):
    """Fixtures for customer value tests: a company of its own (so that other
    companies' data never enters its RFM population) and helpers to create
    completed bookings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls._create_company("Value Travel")

    @classmethod
    def _create_company(cls, name):
        return cls.env["res.company"].create(
            {"name": name, "currency_id": cls.env.ref("base.EUR").id}
        )

    @classmethod
    def _trip(
        cls,
        partner,
        return_date,
        margin,
        services=("hotel",),
        company=None,
        state="done",
    ):
        """A booking of ``partner`` back on ``return_date`` whose margin is
        ``margin``: one line per service, the first carrying the margin (sale
        price = cost + margin), the others sold at cost."""
        company = company or cls.company
        return_date = fields.Date.to_date(return_date)
        lines = [
            booking_line(
                service.title(),
                service,
                price=100 + (margin if index == 0 else 0),
                cost=100,
            )
            for index, service in enumerate(services)
        ]
        return create_booking(
            cls.env,
            partner,
            lines,
            state=state,
            company_id=company.id,
            currency_id=company.currency_id.id,
            departure_date=return_date - timedelta(days=7),
            return_date=return_date,
        )

    def _run(self, **kwargs):
        """Run the segmentation cron to the end (a direct call: every
        candidate of every company)."""
        self.env["res.partner"]._cron_travel_segmentation(**kwargs)
        self.env.invalidate_all()
