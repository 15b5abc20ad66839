from datetime import date

from lxml import etree

from odoo import Command
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import TravelCrmCase


@tagged("post_install", "-at_install")
class TestBookingCalendar(TravelCrmCase):
    """The bookings calendar: each trip labelled with its customer and where it
    goes, and cancelled trips left out until the user asks for them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Booking = cls.env["travel.booking"]
        cls.customer = cls._create_traveller("Marc Calendar")
        cls.italy, cls.japan = cls.env.ref("base.it"), cls.env.ref("base.jp")
        cls.booking = cls._create_booking(
            cls.customer,
            destination="Rome and Florence",
            destination_country_ids=[Command.set(cls.italy.ids)],
            departure_date=date(2031, 5, 3),
            return_date=date(2031, 5, 10),
        )

    def _arch(self, view_type, view_xmlid=False):
        view_id = view_xmlid and self.env.ref(view_xmlid).id
        views = self.Booking.get_views([(view_id, view_type)])
        return etree.fromstring(views["views"][view_type]["arch"])

    def test_calendar_labels_trips_with_customer_and_destination(self):
        calendar = self._arch("calendar", "travel_crm.travel_booking_view_calendar")
        title_field = calendar.get("create_name_field")
        self.assertEqual(title_field, "calendar_name")
        # the reference is still on the trip's card
        self.assertTrue(calendar.xpath("//field[@name='name']"))
        [row] = self.Booking.with_user(self.user_agent).search_read(
            [("id", "=", self.booking.id)], [title_field]
        )
        self.assertEqual(row[title_field], "Marc Calendar · Rome and Florence")
        # no itinerary in words: the destination countries
        self.booking.write(
            {
                "destination": False,
                "destination_country_ids": [Command.set((self.italy | self.japan).ids)],
            }
        )
        self.assertEqual(self.booking.calendar_name, "Marc Calendar · Italy, Japan")
        self.booking.destination_country_ids = False
        self.assertEqual(self.booking.calendar_name, "Marc Calendar")
        self.customer.name = "Marc Renamed"
        self.assertEqual(self.booking.calendar_name, "Marc Renamed")

    def test_moving_a_trip_in_the_calendar_keeps_its_label(self):
        # dragging an event writes its title field back with the new dates
        label = self.booking.calendar_name
        self.booking.with_user(self.user_agent).write(
            {
                "calendar_name": "anything",
                "departure_date": date(2031, 5, 5),
                "return_date": date(2031, 5, 12),
            }
        )
        self.booking.invalidate_recordset()
        self.assertEqual(self.booking.departure_date, date(2031, 5, 5))
        self.assertEqual(self.booking.calendar_name, label)

    def test_cancelled_trips_are_left_out_by_a_default_filter(self):
        action = self.env.ref("travel_crm.travel_booking_action")
        self.assertIn("calendar", action.view_mode.split(","))
        context = safe_eval(action.context)
        self.assertEqual(context.get("search_default_not_cancelled"), 1)
        [node] = self._arch("search").xpath("//filter[@name='not_cancelled']")
        cancelled = self._create_booking(
            self.customer, state="cancelled", cancel_reason="Changed plans."
        )
        self.assertEqual(cancelled.state, "cancel")
        both = [("id", "in", (self.booking | cancelled).ids)]
        domain = safe_eval(node.get("domain"))
        self.assertEqual(self.Booking.search(both + domain), self.booking)
        # the user can remove the filter and see them all
        self.assertEqual(self.Booking.search(both), self.booking | cancelled)
