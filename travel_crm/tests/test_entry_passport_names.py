"""Passport names: suggested in pinyin, typed otherwise, shown on flights and
in the itinerary, and matched by the duplicate guard."""

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import TravelCrmCase, booking_line, create_booking

REPORT = "travel_crm.report_travel_booking_itinerary"


@tagged("post_install", "-at_install")
class TestPassportNames(TravelCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cn = cls.env.ref("base.cn")
        cls.hk = cls.env.ref("base.hk")

    def test_a_chinese_name_suggests_the_passport_names(self):
        traveller = self._create_traveller("王小明", nationality_id=self.cn.id)
        self.assertEqual(
            (traveller.passport_surname, traveller.passport_given_name),
            ("WANG", "XIAOMING"),
        )
        traveller.name = "王晓明"
        self.assertEqual(traveller.passport_given_name, "XIAOMING")
        traveller.name = "王大明"
        self.assertEqual(traveller.passport_given_name, "DAMING")

    def test_typed_names_stay_and_are_upper_case(self):
        traveller = self._create_traveller("曾小文")
        traveller.write(
            {"passport_surname": "ceng", "passport_given_name": "xiao  wen"}
        )
        self.assertEqual(traveller.passport_surname, "CENG")
        self.assertEqual(traveller.passport_given_name, "XIAO WEN")
        traveller.email = "zeng@example.com"
        self.assertEqual(traveller.passport_surname, "CENG")
        latin = self._create_traveller("Ana Silva")
        self.assertFalse(latin.passport_surname)
        latin.write({"passport_surname": "SILVA", "passport_given_name": "ANA"})
        latin.name = "Ana M. Silva"
        self.assertEqual(latin.passport_surname, "SILVA")

    def test_hong_kong_names_are_not_guessed_in_pinyin(self):
        traveller = self._create_traveller("陳大文", nationality_id=self.hk.id)
        self.assertFalse(traveller.passport_surname)
        form = Form(traveller.with_user(self.user_agent))
        form.passport_surname = "chan"
        form.passport_given_name = "tai man"
        form.save()
        self.assertEqual(traveller.passport_given_name, "TAI MAN")

    def test_passport_names_are_latin_letters(self):
        traveller = self._create_traveller("Li Entry")
        with self.assertRaises(ValidationError):
            traveller.passport_surname = "李"
        self.assertFalse(traveller.passport_surname)

    def test_only_travel_staff_read_passport_names(self):
        traveller = self._create_traveller("王小明")
        self.assertEqual(traveller.with_user(self.user_agent).passport_surname, "WANG")
        self.assertNotIn(
            "passport_surname",
            traveller.with_user(self.user_internal).fields_get(["passport_surname"]),
        )

    def test_same_passport_name_and_birth_date_is_a_possible_duplicate(self):
        original = self._create_traveller("张伟", birthdate="1988-08-08")
        copy = self._create_traveller(
            "Zhang Wei", passport_surname="zhang", passport_given_name="wei"
        )
        copy = copy.with_user(self.user_agent)
        self.assertFalse(copy.duplicate_partner_id)  # no birth date: common name
        copy.birthdate = "1988-08-08"
        self.assertEqual(copy.duplicate_partner_id, original)
        self.assertEqual(copy.duplicate_reason, "passport_name")
        copy.birthdate = "1988-08-09"
        self.assertFalse(copy.duplicate_partner_id)

    def test_flights_and_the_itinerary_show_passport_names(self):
        wang = self._create_traveller("王小明")
        ana = self._create_traveller("Ana Silva")
        booking = create_booking(
            self.env,
            wang,
            [
                booking_line("PEK-LIS", "flight", 900, date_start="2027-05-01"),
                booking_line("Hotel", "hotel", 500, date_start="2027-05-01"),
            ],
            travellers=wang | ana,
            destination_country_ids=[Command.set(self.env.ref("base.pt").ids)],
            departure_date="2027-05-01",
            return_date="2027-05-10",
        )
        flight, hotel = booking.line_ids.sorted("service_type")
        self.assertEqual(flight.service_type, "flight")
        self.assertEqual(
            flight.with_user(self.user_agent).passenger_names,
            "WANG/XIAOMING, Ana Silva",
        )
        self.assertFalse(hotel.passenger_names)
        html, _format = (
            self.env["ir.actions.report"]
            .with_user(self.user_agent)
            ._render_qweb_html(REPORT, booking.ids)
        )
        html = html.decode()
        self.assertIn("(passport: WANG/XIAOMING)", html)
        self.assertIn("Passengers: WANG/XIAOMING, Ana Silva", html)
        # the proposal lists what the travellers still have to arrange
        self.assertIn("Travel documents to arrange", html)
        self.assertIn("has no passport on file (needed for Portugal)", html)
