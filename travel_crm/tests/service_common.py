"""Fixtures shared by the service-recovery tests (complaints, SLA, feedback).

``user_agent`` (the booking's agent) and ``user_manager`` come from
``TravelCrmCase``; ``agent_2`` is a second agent.
"""

from .common import TravelCrmCase, booking_line, create_booking, travel_user


class ServiceRecoveryCase(TravelCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent_2 = travel_user(
            cls.env,
            "svc_agent_2",
            "base.group_user,travel_crm.group_travel_agent",
            name="Bob Agent",
            email="bob.agent@example.com",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Ana Traveller", "email": "ana.traveller@example.com"}
        )
        cls.companion = cls.env["res.partner"].create(
            {"name": "Rui Companion", "email": "rui.companion@example.com"}
        )
        cls.hotel = cls.env["res.partner"].create({"name": "Hotel Lisboa"})
        cls.airline = cls.env["res.partner"].create({"name": "Air Porto"})
        cls.booking = cls._make_booking()
        cls.category_accommodation = cls.env.ref(
            "travel_crm.travel_complaint_category_accommodation"
        )

    @classmethod
    def _make_booking(cls, partner=None, user=None, travellers=None, **vals):
        """A draft trip of the agent: a hotel and a flight, one supplier each."""
        partner = partner or cls.customer
        return create_booking(
            cls.env,
            partner,
            lines=[
                booking_line(
                    "Hotel 7 nights",
                    "hotel",
                    price=100,
                    cost=80,
                    supplier_id=cls.hotel.id,
                    quantity=7,
                ),
                booking_line(
                    "Flight LIS-OPO",
                    "flight",
                    price=200,
                    cost=170,
                    supplier_id=cls.airline.id,
                ),
            ],
            travellers=travellers or partner,
            user_id=(user or cls.user_agent).id,
            departure_date="2026-10-01",
            return_date="2026-10-08",
            **vals,
        )

    def _complaint(self, **vals):
        return self.env["travel.complaint"].create(
            {
                "subject": "Room was not cleaned",
                "booking_id": self.booking.id,
                **vals,
            }
        )
