from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import TravelCrmCase


@tagged("post_install", "-at_install")
class TestTravellerProfile(TravelCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"]
        cls.tag_beach = cls.env.ref("travel_crm.travel_interest_tag_beach")
        cls.tag_food = cls.env.ref("travel_crm.travel_interest_tag_food")

    def test_customer_lists_the_bookings_they_ordered(self):
        customer = self._create_traveller("Orderer")
        companion = self._create_traveller("Companion")
        ordered = self._create_booking(customer, [], travellers=companion)
        self.assertEqual(customer.travel_booking_ids, ordered)
        self.assertFalse(companion.travel_booking_ids, "travelling is not ordering")
        self.assertEqual(
            self.Partner.search(
                [
                    ("travel_booking_ids", "!=", False),
                    ("id", "in", (customer | companion).ids),
                ]
            ),
            customer,
        )

    @freeze_time("2026-06-15")
    def test_age_follows_the_birth_date(self):
        before_birthday = self._create_traveller("Before", birthdate="1990-06-16")
        on_birthday = self._create_traveller("On", birthdate="1990-06-15")
        unknown = self._create_traveller("Unknown")
        self.assertEqual(before_birthday.age, 35)
        self.assertEqual(on_birthday.age, 36)
        self.assertEqual(unknown.age, 0)

    @freeze_time("2026-06-15")
    def test_birth_date_in_the_future_is_refused_and_nothing_written(self):
        count = self.Partner.search_count([])
        with self.assertRaises(ValidationError) as error:
            self._create_traveller("Future", birthdate="2026-06-16")
        self.assertIn("cannot be in the future", str(error.exception))
        self.assertEqual(self.Partner.search_count([]), count)

    @freeze_time("2025-12-20")
    def test_upcoming_birthdays_within_30_days_across_new_year(self):
        christmas = self._create_traveller("Christmas", birthdate="1980-12-25")
        today = self._create_traveller("Today", birthdate="1980-12-20")
        january = self._create_traveller("January", birthdate="1975-01-19")
        too_far = self._create_traveller("Too far", birthdate="1975-01-20")
        yesterday = self._create_traveller("Yesterday", birthdate="1975-12-19")
        unknown = self._create_traveller("Unknown")
        everyone = christmas | today | january | too_far | yesterday | unknown
        upcoming = christmas | today | january
        self.assertEqual(everyone.filtered("has_upcoming_birthday"), upcoming)
        self.assertEqual(january.next_birthday, date(2026, 1, 19))
        domain = [("id", "in", everyone.ids)]
        self.assertEqual(
            self.Partner.search(domain + [("has_upcoming_birthday", "=", True)]),
            upcoming,
        )
        self.assertEqual(
            self.Partner.search(domain + [("has_upcoming_birthday", "=", False)]),
            too_far | yesterday | unknown,
        )

    @freeze_time("2027-02-10")
    def test_leap_day_birthday_is_celebrated_on_28_february(self):
        leap = self._create_traveller("Leap", birthdate="2000-02-29")
        self.assertEqual(leap.next_birthday, date(2027, 2, 28))
        self.assertTrue(leap.has_upcoming_birthday)
        self.assertIn(leap, self.Partner.search([("has_upcoming_birthday", "=", True)]))

    @freeze_time("2026-03-15")
    def test_travellers_with_a_document_expiring_soon_are_found(self):
        soon = self._create_traveller("Soon")
        later = self._create_traveller("Later")
        self.env["travel.document"].create(
            [
                {"partner_id": soon.id, "number": "P1111", "expiry_date": "2026-05-01"},
                {
                    "partner_id": later.id,
                    "number": "P2222",
                    "expiry_date": "2029-05-01",
                },
            ]
        )
        partners = self.Partner.with_user(self.user_agent)
        domain = [("id", "in", (soon | later).ids)]
        self.assertEqual(
            partners.search(domain + [("has_document_expiring_soon", "=", True)]),
            soon,
        )
        self.assertEqual(
            partners.search(domain + [("has_document_expiring_soon", "=", False)]),
            later,
        )
        self.assertTrue(soon.with_user(self.user_agent).has_document_expiring_soon)

    def test_marketing_consent_date_is_set_when_consent_is_given(self):
        traveller = self._create_traveller("Consent")
        self.assertFalse(traveller.marketing_consent_date)
        # end the creating "request": later writes are tracked, as in real use
        self.env.flush_all()
        self.env.cr.precommit.run()
        with freeze_time("2026-04-01 10:00:00"):
            traveller.write(
                {"marketing_consent": True, "marketing_consent_source": "email"}
            )
            self.env.flush_all()
            self.env.cr.precommit.run()
        self.assertEqual(traveller.marketing_consent_date, datetime(2026, 4, 1, 10, 0))
        with freeze_time("2026-05-01 10:00:00"):
            traveller.write({"marketing_consent_source": "web_form"})
            self.env.flush_all()
        self.assertEqual(traveller.marketing_consent_date, datetime(2026, 4, 1, 10, 0))
        traveller.marketing_consent = False
        self.assertFalse(traveller.marketing_consent_date)
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written at commit
        # the audit trail shows when consent was given and withdrawn
        tracked = traveller.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "marketing_consent"
        )
        self.assertEqual(
            sorted(tracked.mapped("new_value_integer")), [0, 1], "given, withdrawn"
        )

    def test_opt_out_uses_odoo_blacklists(self):
        traveller = self._create_traveller(
            "Quiet", email="Quiet@Example.com", phone="+32 470 12 34 56"
        )
        as_agent = traveller.with_user(self.user_agent)
        self.assertFalse(as_agent.is_blacklisted)
        self.assertFalse(as_agent.phone_sanitized_blacklisted)
        as_agent.action_email_opt_out()
        as_agent.action_phone_opt_out()
        traveller.invalidate_recordset()
        self.assertTrue(as_agent.is_blacklisted)
        self.assertTrue(as_agent.phone_sanitized_blacklisted)
        self.assertTrue(
            self.env["mail.blacklist"].search([("email", "=", "quiet@example.com")])
        )
        self.assertTrue(
            self.env["phone.blacklist"].search(
                [("number", "=", traveller.phone_sanitized)]
            )
        )
        self.assertIn(traveller, self.Partner.search([("is_blacklisted", "=", True)]))

    def test_companions_and_smart_button_counts(self):
        parent = self._create_traveller("Parent")
        child = self._create_traveller("Child", birthdate="2018-04-02")
        friend = self._create_traveller("Friend")
        self.env["travel.companion"].with_user(self.user_agent).create(
            [
                {
                    "partner_id": parent.id,
                    "companion_id": child.id,
                    "relation_type": "child",
                },
                {
                    "partner_id": parent.id,
                    "companion_id": friend.id,
                    "relation_type": "friend",
                },
            ]
        )
        self.assertEqual(parent.companion_count, 2)
        self.assertEqual(parent.companion_ids.companion_id, child | friend)
        self.assertEqual(child.companion_count, 0)
        action = parent.action_view_companions()
        self.assertEqual(
            self.env["travel.companion"].search(action["domain"]), parent.companion_ids
        )
        self.env["travel.document"].create(
            {"partner_id": parent.id, "number": "P9876", "expiry_date": "2031-01-01"}
        )
        action = parent.with_user(self.user_agent).action_view_travel_documents()
        self.assertEqual(action["res_model"], "travel.document")
        self.assertEqual(
            self.env["travel.document"].search(action["domain"]),
            parent.travel_document_ids,
        )

    def test_self_references_are_refused(self):
        traveller = self._create_traveller("Narcissus")
        with self.assertRaises(ValidationError) as error:
            self.env["travel.companion"].create(
                {"partner_id": traveller.id, "companion_id": traveller.id}
            )
        self.assertIn("own companion", str(error.exception))
        with self.assertRaises(ValidationError) as error:
            traveller.referred_by_id = traveller
        self.assertIn("referred by themselves", str(error.exception))
        traveller.invalidate_recordset()
        self.assertFalse(traveller.companion_ids)
        self.assertFalse(traveller.referred_by_id)

    def test_emergency_contact_partner_fills_name_and_phone(self):
        mother = self.Partner.create({"name": "Mum", "mobile": "+33 6 00 00 00 01"})
        traveller = self._create_traveller("Kid", emergency_contact_id=mother.id)
        self.assertEqual(traveller.emergency_contact_name, "Mum")
        self.assertEqual(traveller.emergency_contact_phone, "+33 6 00 00 00 01")
        free_text = self._create_traveller(
            "Other", emergency_contact_name="Neighbour", emergency_contact_phone="123"
        )
        self.assertEqual(free_text.emergency_contact_name, "Neighbour")

    def test_interest_tags_are_read_only_for_agents_and_edited_by_managers(self):
        Tag = self.env["travel.interest.tag"]
        self.assertIn(self.tag_beach, Tag.with_user(self.user_internal).search([]))
        with self.assertRaises(AccessError):
            Tag.with_user(self.user_agent).create({"name": "Diving"})
        tag = Tag.with_user(self.user_manager).create({"name": "Diving"})
        self.assertEqual(tag.name, "Diving")

    @freeze_time("2026-06-15 09:00:00")
    def test_traveller_form(self):
        partners = self.Partner.with_user(self.user_agent).with_context(
            default_is_traveller=True
        )
        with Form(partners) as form:
            form.name = "Grace Hopper"
            form.email = "grace@example.com"
            form.birthdate = date(1986, 12, 9)
            form.nationality_id = self.env.ref("base.us")
            form.interest_tag_ids.add(self.tag_beach)
            form.interest_tag_ids.add(self.tag_food)
            form.preferred_destination_ids.add(self.env.ref("base.jp"))
            form.travel_style = "independent"
            form.budget_band = "premium"
            form.meal_preference = "vegetarian"
            form.preferred_channel = "email"
            form.marketing_consent = True
            form.marketing_consent_source = "in_person"
            self.assertEqual(form.age, 39)
            with form.travel_document_ids.new() as document:
                document.document_type = "passport"
                document.number = "us 555 111"
                document.issuing_country_id = self.env.ref("base.us")
                document.expiry_date = date(2031, 1, 1)
        grace = form.record
        self.assertTrue(grace.is_traveller)
        self.assertEqual(grace.interest_tag_ids, self.tag_beach | self.tag_food)
        self.assertEqual(grace.marketing_consent_date, datetime(2026, 6, 15, 9, 0))
        self.assertEqual(grace.travel_document_ids.number, "US555111")
        self.assertEqual(grace.travel_document_count, 1)
        self.assertFalse(grace.duplicate_partner_id)
