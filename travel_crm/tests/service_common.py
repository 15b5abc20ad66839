"""Fixtures shared by the service-recovery tests (complaints, SLA, feedback)."""

from odoo.tests import TransactionCase, new_test_user


class ServiceRecoveryCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.agent = new_test_user(
            cls.env,
            login="svc_agent",
            name="Alice Agent",
            email="alice.agent@example.com",
            groups="base.group_user,travel_crm.group_travel_agent",
        )
        cls.agent_2 = new_test_user(
            cls.env,
            login="svc_agent_2",
            name="Bob Agent",
            email="bob.agent@example.com",
            groups="base.group_user,travel_crm.group_travel_agent",
        )
        cls.manager = new_test_user(
            cls.env,
            login="svc_manager",
            name="Maria Manager",
            email="maria.manager@example.com",
            groups="base.group_user,travel_crm.group_travel_manager",
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
        partner = partner or cls.customer
        return cls.env["travel.booking"].create(
            {
                "partner_id": partner.id,
                "user_id": (user or cls.agent).id,
                "traveller_ids": [(6, 0, (travellers or partner).ids)],
                "departure_date": "2026-10-01",
                "return_date": "2026-10-08",
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Hotel 7 nights",
                            "service_type": "hotel",
                            "supplier_id": cls.hotel.id,
                            "quantity": 7,
                            "price_unit": 100,
                            "cost_unit": 80,
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "name": "Flight LIS-OPO",
                            "service_type": "flight",
                            "supplier_id": cls.airline.id,
                            "price_unit": 200,
                            "cost_unit": 170,
                        },
                    ),
                ],
                **vals,
            }
        )

    def _complaint(self, **vals):
        return self.env["travel.complaint"].create(
            {
                "subject": "Room was not cleaned",
                "booking_id": self.booking.id,
                **vals,
            }
        )
