"""Fixtures shared by the service-recovery tests (complaints, SLA, feedback).

``user_agent`` (the booking's agent) and ``user_manager`` come from
``TravelCrmCase``; ``agent_2`` is a second agent.
"""

from odoo import Command

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
        # round the clock, whatever calendar the demo data gave the policies
        # (tests of working calendars set their own)
        cls.env["travel.sla.policy"].with_context(active_test=False).search(
            []
        ).resource_calendar_id = False
        cls.env.company.travel_sla_calendar_id = False

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

    def _reply(self, complaint, user=None, body="We are sorry, we are on it."):
        """A reply of staff sent to the customer (the first response)."""
        return complaint.with_user(user or self.user_agent).message_post(
            body=body,
            partner_ids=complaint.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def _complaint(self, **vals):
        return self.env["travel.complaint"].create(
            {
                "subject": "Room was not cleaned",
                "booking_id": self.booking.id,
                **vals,
            }
        )

    def _office_calendar(self, tz="UTC", hour_from=9, hour_to=17, holidays=()):
        """Monday to Friday, ``hour_from``-``hour_to`` in ``tz``, with whole
        days off (dates) as leaves of the calendar."""
        calendar = self.env["resource.calendar"].create(
            {
                "name": f"Office {tz} {hour_from}-{hour_to}",
                "tz": tz,
                "company_id": False,
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": hour_from,
                            "hour_to": hour_to,
                            "day_period": "morning",
                        }
                    )
                    for day in range(5)
                ],
            }
        )
        for day in holidays:
            self.env["resource.calendar.leaves"].create(
                {
                    "name": f"Holiday {day}",
                    "calendar_id": calendar.id,
                    "date_from": f"{day} 00:00:00",
                    "date_to": f"{day} 23:59:59",
                }
            )
        return calendar

    def _policy(self, priority, response, resolution, calendar=None):
        """The company's own policy for ``priority`` (over the shared one),
        on ``calendar`` (False: round the clock; None: the settings' default)."""
        Policy = self.env["travel.sla.policy"]
        Policy.search(
            [("company_id", "=", self.company.id), ("priority", "=", priority)]
        ).active = False
        vals = {
            "company_id": self.company.id,
            "priority": priority,
            "response_hours": response,
            "resolution_hours": resolution,
        }
        if calendar is not None:
            vals["resource_calendar_id"] = calendar and calendar.id
        return Policy.create(vals)
