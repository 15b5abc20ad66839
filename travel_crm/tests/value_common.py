from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase


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
        lines = []
        for index, service in enumerate(services):
            lines.append(
                fields.Command.create(
                    {
                        "name": service.title(),
                        "service_type": service,
                        "price_unit": 100 + (margin if index == 0 else 0),
                        "cost_unit": 100,
                    }
                )
            )
        booking = cls.env["travel.booking"].create(
            {
                "partner_id": partner.id,
                "company_id": company.id,
                "currency_id": company.currency_id.id,
                "departure_date": return_date - timedelta(days=7),
                "return_date": return_date,
                "line_ids": lines,
            }
        )
        if state in ("confirmed", "done"):
            booking.action_confirm()
        if state == "done":
            booking.action_done()
        return booking

    def _run(self, **kwargs):
        """Run the segmentation cron to the end (it resumes from its cursor)."""
        self.env["res.partner"]._cron_travel_segmentation(**kwargs)
        self.env.invalidate_all()
