from odoo import Command

from .common import TravelCrmCase, booking_line


class TravelPrivacyCase(TravelCrmCase):
    """A traveller with everything a travel agency holds on a person."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.belgium = cls.env.ref("base.be")
        cls.italy = cls.env.ref("base.it")
        cls._create_ada()
        cls._create_passport_and_companion()
        cls._create_bookings()
        cls._create_complaint_and_feedback()
        cls._post_messages()

    @classmethod
    def _create_ada(cls):
        """The traveller: contact data, profile, preferences and consent."""
        cls.tag = cls.env["travel.interest.tag"].create({"name": "Opera"})
        cls.traveller = cls._create_traveller(
            "Ada Lovelace",
            email="ada.lovelace@example.com",
            phone="+32 470 12 34 56",
            street="12 Analytical Street",
            city="Brussels",
            birthdate="1985-12-10",
            gender="female",
            nationality_id=cls.belgium.id,
            occupation="Mathematician",
            interest_tag_ids=[Command.set(cls.tag.ids)],
            preferred_destination_ids=[Command.set(cls.italy.ids)],
            meal_preference="vegetarian",
            dietary_needs="No peanuts",
            accessibility_needs="Lift needed",
            travel_notes="Prefers late check-out",
            comment="<p>VIP: met at the fair</p>",
            marketing_consent=True,
            marketing_consent_source="in_person",
        )

    @classmethod
    def _create_passport_and_companion(cls):
        cls.passport = cls.env["travel.document"].create(
            {
                "partner_id": cls.traveller.id,
                "document_type": "passport",
                "number": "EM123456",
                "issuing_country_id": cls.belgium.id,
                "expiry_date": "2031-01-09",
            }
        )
        cls.companion = cls._create_traveller("Byron Lovelace")
        cls.companion_link = cls.env["travel.companion"].create(
            {
                "partner_id": cls.traveller.id,
                "companion_id": cls.companion.id,
                "relation_type": "child",
            }
        )

    @classmethod
    def _create_bookings(cls):
        """Her own booking (draft), and one of another customer she travels on."""
        cls.booking = cls._create_booking(
            cls.traveller,
            lines=[booking_line("Hotel in Rome", "hotel", 800, 600, quantity=1)],
            travellers=True,
            departure_date="2026-03-01",
            return_date="2026-03-08",
            notes="<p>Call Ada Lovelace on +32 470 12 34 56</p>",
        )
        cls.other_customer = cls._create_traveller("Charles Babbage")
        cls.shared_booking = cls._create_booking(
            cls.other_customer,
            lines=[booking_line("Vatican", "tour", 95)],
            travellers=cls.other_customer | cls.traveller,
            departure_date="2026-05-01",
            return_date="2026-05-04",
        )

    @classmethod
    def _create_complaint_and_feedback(cls):
        cls.complaint = cls.env["travel.complaint"].create(
            {
                "partner_id": cls.traveller.id,
                "booking_id": cls.booking.id,
                "subject": "Noisy room for Ada Lovelace",
                "description": "<p>Write to ada.lovelace@example.com</p>",
            }
        )
        cls.feedback = cls.env["travel.feedback"].create(
            {
                "booking_id": cls.booking.id,
                "partner_id": cls.traveller.id,
                "score": 9,
                "comment": "Lovely trip, my son Byron loved it",
            }
        )

    @classmethod
    def _post_messages(cls):
        cls.traveller.message_post(body="Ada called about her passport renewal")
        cls.booking.message_post(body="Passport EM123456 checked")
        cls.booking.message_post(body="Hotel confirmed the late arrival")
