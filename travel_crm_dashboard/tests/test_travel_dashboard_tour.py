from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.travel_crm.tests.common import booking_line, create_booking


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
            create_booking(
                self.env,
                customer,
                lines=[booking_line("Hotel", "hotel", 150, 100)],
                state="done",
                departure_date=back - timedelta(days=5),
                return_date=back,
            )
        self.env["res.partner"]._cron_travel_segmentation()
        self.start_tour(
            "/odoo/dashboards",
            "travel_crm_dashboard_tour",
            login="tour_dashboard_manager",
        )
