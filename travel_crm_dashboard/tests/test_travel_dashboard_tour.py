from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTravelDashboardTour(HttpCase):
    def test_manager_opens_the_dashboard_without_errors(self):
        new_test_user(
            self.env,
            login="tour_dashboard_manager",
            groups="base.group_user,travel_crm.group_travel_manager",
        )
        customer = self.env["res.partner"].create({"name": "Dashboard Customer"})
        for days_ago in (400, 40):
            back = fields.Date.today() - timedelta(days=days_ago)
            booking = self.env["travel.booking"].create(
                {
                    "partner_id": customer.id,
                    "departure_date": back - timedelta(days=5),
                    "return_date": back,
                    "line_ids": [
                        Command.create(
                            {
                                "name": "Hotel",
                                "service_type": "hotel",
                                "price_unit": 150,
                                "cost_unit": 100,
                            }
                        )
                    ],
                }
            )
            booking.action_confirm()
            booking.action_done()
        self.env["res.partner"]._cron_travel_segmentation()
        self.start_tour(
            "/odoo/dashboards",
            "travel_crm_dashboard_tour",
            login="tour_dashboard_manager",
        )
