"""Fixtures of the traveller portal tests: two travellers with portal access,
their trips and one trip each shares with the other as a companion."""

from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user


class TravelPortalCase(HttpCase):
    """The users live in the time zone of the user who makes the fixtures, so
    that "today" (ledger dates, the portal's qualifying points and trip
    filters) is one day for all of them at any hour."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the fixtures' today, in the time zone of every user below
        cls.today = fields.Date.context_today(cls.env.user)
        cls.agent = new_test_user(
            cls.env,
            login="portal_case_agent",
            tz=cls.env.user.tz,
            name="Olga Agent",
            email="olga.agent@example.com",
            groups="base.group_user,travel_crm.group_travel_agent",
        )
        cls.user_ana = new_test_user(
            cls.env,
            login="portal_ana",
            tz=cls.env.user.tz,
            name="Ana Portal",
            email="ana.portal@example.com",
            groups="base.group_portal",
        )
        cls.user_ben = new_test_user(
            cls.env,
            login="portal_ben",
            tz=cls.env.user.tz,
            name="Ben Portal",
            email="ben.portal@example.com",
            groups="base.group_portal",
        )
        cls.ana = cls.user_ana.partner_id
        cls.ben = cls.user_ben.partner_id
        cls.ana.is_traveller = True
        cls.ben.is_traveller = True
        cls.hotel = cls.env["res.partner"].create({"name": "Secret Supplier Hotel"})
        # an upcoming trip, two services on two days
        cls.booking_ana = cls._make_booking(
            cls.ana,
            days=30,
            lines=[
                ("flight", "Flight LIS-NRT", 0, 1, 900, 811),
                ("hotel", "Ryokan Kyoto, 4 nights", 1, 4, 150, 97),
            ],
        )
        cls.booking_ana.action_confirm()
        # a finished trip
        cls.booking_ana_past = cls._make_booking(
            cls.ana,
            days=-60,
            lines=[("tour", "Douro valley wine tour", 0, 1, 120, 90)],
        )
        cls.booking_ana_past.action_confirm()
        cls.booking_ana_past.action_done()
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
        )
        cls.booking_ben.action_confirm()

    @classmethod
    def _make_booking(cls, partner, days, lines, travellers=None):
        start = cls.today + timedelta(days=days)
        return cls.env["travel.booking"].create(
            {
                "partner_id": partner.id,
                "user_id": cls.agent.id,
                "traveller_ids": [(6, 0, (travellers or partner).ids)],
                "departure_date": start,
                "return_date": start + timedelta(days=5),
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "service_type": service_type,
                            "name": name,
                            "supplier_id": cls.hotel.id,
                            "date_start": start + timedelta(days=offset),
                            "quantity": quantity,
                            "price_unit": price,
                            "cost_unit": cost,
                        },
                    )
                    for service_type, name, offset, quantity, price, cost in lines
                ],
            }
        )
