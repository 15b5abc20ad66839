from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import booking_line, create_booking, travel_user


@tagged("post_install", "-at_install")
class TestCustomerValueTour(HttpCase):
    def _trip(self, partner, days_ago, services):
        back = fields.Date.today() - timedelta(days=days_ago)
        lines = [booking_line(kind, kind, price=150, cost=100) for kind in services]
        create_booking(
            self.env,
            partner,
            lines,
            state="done",
            company_id=self.company.id,
            currency_id=self.company.currency_id.id,
            departure_date=back - timedelta(days=5),
            return_date=back,
        )

    def test_manager_reads_the_customer_value_page(self):
        # a company of its own: the customers ranked and the services bought
        # together are this test's, not the demo agency's
        self.company = self.env["res.company"].create(
            {"name": "Value Tour Travel", "currency_id": self.env.ref("base.EUR").id}
        )
        travel_user(
            self.env,
            "tour_value_manager",
            "base.group_user,travel_crm.group_travel_manager",
            company_id=self.company.id,
            company_ids=[fields.Command.set(self.company.ids)],
        )
        customer, tourist, other = self.env["res.partner"].create(
            [{"name": "Value Tour Customer"}, {"name": "Tourist"}, {"name": "Other"}]
        )
        # flight+tour seen by two customers: the flight+hotel customer gets a tour
        self._trip(customer, 40, ("flight", "hotel"))
        self._trip(tourist, 60, ("flight", "tour"))
        self._trip(other, 80, ("flight", "tour"))
        self.env["res.partner"]._cron_travel_segmentation()
        self.start_tour(
            f"/odoo/res.partner/{customer.id}",
            "travel_crm_customer_value_tour",
            login="tour_value_manager",
        )
        self.assertTrue(customer.value_explanation)
