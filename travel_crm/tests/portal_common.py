"""Fixtures of the traveller portal tests: two travellers with portal access,
their trips and one trip each shares with the other as a companion."""

from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase

from .common import booking_line, create_booking, travel_user


class TravelPortalCase(HttpCase):
    """The users live in the time zone of the user who makes the fixtures, so
    that "today" (ledger dates, the portal's qualifying points and trip
    filters) is one day for all of them at any hour."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the fixtures' today, in the time zone of every user below
        cls.today = fields.Date.context_today(cls.env.user)
        cls._setup_portal_users()
        cls.hotel = cls.env["res.partner"].create({"name": "Secret Supplier Hotel"})
        cls._setup_portal_bookings()

    @classmethod
    def _setup_portal_users(cls):
        """Olga, the agent of every trip; Ana and Ben, travellers with portal
        access."""
        cls.agent = travel_user(
            cls.env,
            "portal_case_agent",
            "base.group_user,travel_crm.group_travel_agent",
            name="Olga Agent",
            email="olga.agent@example.com",
        )
        cls.user_ana = travel_user(
            cls.env,
            "portal_ana",
            "base.group_portal",
            name="Ana Portal",
            email="ana.portal@example.com",
        )
        cls.user_ben = travel_user(
            cls.env,
            "portal_ben",
            "base.group_portal",
            name="Ben Portal",
            email="ben.portal@example.com",
        )
        cls.ana = cls.user_ana.partner_id
        cls.ben = cls.user_ben.partner_id
        cls.ana.is_traveller = True
        cls.ben.is_traveller = True

    @classmethod
    def _setup_portal_bookings(cls):
        # an upcoming trip, two services on two days
        cls.booking_ana = cls._make_booking(
            cls.ana,
            days=30,
            lines=[
                ("flight", "Flight LIS-NRT", 0, 1, 900, 811),
                ("hotel", "Ryokan Kyoto, 4 nights", 1, 4, 150, 97),
            ],
            state="confirmed",
        )
        # a finished trip
        cls.booking_ana_past = cls._make_booking(
            cls.ana,
            days=-60,
            lines=[("tour", "Douro valley wine tour", 0, 1, 120, 90)],
            state="done",
        )
        # Ben's trip, on which Ana travels as his companion
        cls.booking_ben_with_ana = cls._make_booking(
            cls.ben,
            days=90,
            travellers=cls.ben | cls.ana,
            lines=[("transfer", "Airport transfer Funchal", 0, 1, 40, 30)],
        )
        # Ben's own trip: never visible to Ana
        cls.booking_ben = cls._make_booking(
            cls.ben,
            days=10,
            lines=[("hotel", "Ben's private retreat", 0, 2, 300, 200)],
            state="confirmed",
        )

    @classmethod
    def _make_booking(cls, partner, days, lines, travellers=None, state="draft"):
        """A five-day trip leaving ``days`` from today, handled by Olga; each
        line is (service type, name, day of the trip, quantity, price, cost),
        every service from the secret hotel."""
        start = cls.today + timedelta(days=days)
        return create_booking(
            cls.env,
            partner,
            lines=[
                booking_line(
                    name,
                    service_type,
                    price,
                    cost,
                    supplier_id=cls.hotel.id,
                    date_start=start + timedelta(days=offset),
                    quantity=quantity,
                )
                for service_type, name, offset, quantity, price, cost in lines
            ],
            travellers=travellers or partner,
            state=state,
            user_id=cls.agent.id,
            departure_date=start,
            return_date=start + timedelta(days=5),
        )

    # ------------------------------------------------------------------
    # Helpers of the HTTP tests
    # ------------------------------------------------------------------

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _location(self, response):
        return self.parse_http_location(response.headers.get("Location", "")).path
