"""Engagement on Chinese calendars and permits: lunar festival greetings and
permit endorsements in the document-expiry trigger."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .engagement_common import TravelEngagementCase


@tagged("post_install", "-at_install")
class TestLunarHolidays(TravelEngagementCase):
    def _lunar_rule(self, month, day, **vals):
        return self._rule(
            name=f"Lunar {month}/{day}",
            trigger="holiday",
            holiday_lunar=True,
            holiday_month=str(month),
            holiday_day=day,
            mail_template_id=self.env.ref(
                "travel_crm.mail_template_engagement_spring_festival"
            ).id,
            **vals,
        )

    @freeze_time("2026-02-17 09:00:00")
    def test_spring_festival_greets_customers_on_its_day_once(self):
        self._lunar_rule(1, 1)
        self._booking(self.ana, "2025-05-01", "2025-05-08", state="done")
        self._run()
        [mail] = self._mails_to(self.ana)
        self.assertIn("Happy Spring Festival", mail.subject)
        self.assertFalse(self._mails_to(self.li), "not a customer of the agency")
        self._run()
        self.assertFalse(self._new_mails)
        self.assertEqual(self._log(self.ana).event_date, date(2026, 2, 17))

    @freeze_time("2026-02-18 09:00:00")
    def test_no_greeting_the_day_after(self):
        self._lunar_rule(1, 1)
        self._booking(self.ana, "2025-05-01", "2025-05-08", state="done")
        self._run()
        self.assertFalse(self._new_mails)

    @freeze_time("2026-02-16 09:00:00")
    def test_a_solar_rule_on_the_same_numbers_is_another_holiday(self):
        lunar = self._lunar_rule(12, 30)  # New Year's Eve: 29 in lunar 2025
        solar = self._rule(
            name="Solar", trigger="holiday", holiday_month="2", holiday_day=16
        )
        events = lunar._engagement_events_holiday(date(2026, 2, 16))
        self.assertTrue(events)
        self.assertEqual(events[0]["event_ref"], "lunar-12-30:2025")
        self.assertNotEqual(
            solar._engagement_events_holiday(date(2026, 2, 16))[0]["event_ref"],
            events[0]["event_ref"],
        )

    @freeze_time("2026-02-18 09:00:00")
    def test_next_holiday_date(self):
        spring = self._lunar_rule(1, 1)
        mid_autumn = self._lunar_rule(8, 15)
        self.assertEqual(spring.holiday_next_date, date(2027, 2, 6))
        self.assertEqual(mid_autumn.holiday_next_date, date(2026, 9, 25))
        leap_day = self._rule(
            name="Leap", trigger="holiday", holiday_month="2", holiday_day=29
        )
        # 29 February is celebrated on the 28th in common years
        self.assertEqual(leap_day.holiday_next_date, date(2026, 2, 28))
        self.assertFalse(self._rule(name="Birthday").holiday_next_date)

    def test_lunar_days_go_to_30(self):
        self._lunar_rule(2, 30)
        with self.assertRaises(ValidationError):
            self._lunar_rule(1, 31)
        with self.assertRaises(ValidationError):
            self._rule(
                name="Solar", trigger="holiday", holiday_month="2", holiday_day=30
            )

    def test_shipped_festival_rules_are_inactive_and_lunar(self):
        spring = self.env.ref(
            "travel_crm.travel_engagement_rule_holiday_spring_festival"
        )
        mid_autumn = self.env.ref(
            "travel_crm.travel_engagement_rule_holiday_mid_autumn"
        )
        for rule, month, day in ((spring, "1", 1), (mid_autumn, "8", 15)):
            self.assertFalse(rule.active)
            self.assertTrue(rule.holiday_lunar)
            self.assertEqual((rule.holiday_month, rule.holiday_day), (month, day))
            self.assertEqual(rule.kind, "marketing")
        self.assertIn("Mid-Autumn", mid_autumn.mail_template_id.subject)


@tagged("post_install", "-at_install")
class TestEndorsementExpiry(TravelEngagementCase):
    TODAY = date(2030, 1, 1)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cn, hk = cls.env.ref("base.cn"), cls.env.ref("base.hk")
        Rule = cls.env["travel.destination.rule"].with_context(active_test=False)
        Rule.search([("country_id", "=", hk.id)]).unlink()
        Rule.create(
            {
                "country_id": hk.id,
                "nationality_ids": [Command.set(cn.ids)],
                "document_type": "hk_macau_permit",
                "passport_validity_months": 0,
            }
        )
        cls.li.nationality_id = cn
        cls.hk = hk
        cls.rule = cls._rule(
            cls,
            name="Documents",
            trigger="document_expiry",
            days=30,
            mail_template_id=cls.env.ref(
                "travel_crm.mail_template_engagement_document_expiry"
            ).id,
        )

    def _permit(self, partner, endorsement, number):
        return self.env["travel.document"].create(
            {
                "partner_id": partner.id,
                "document_type": "hk_macau_permit",
                "number": number,
                "issuing_country_id": self.env.ref("base.cn").id,
                "issue_date": "2025-01-01",
                "expiry_date": "2035-01-01",
                "endorsement_expiry_date": endorsement,
            }
        )

    def _events(self):
        """Events of this test's travellers (the database has others)."""
        mine = (self.ana | self.bob | self.li).ids
        return {
            (e["res_id"], e["event_date"])
            for e in self.rule._engagement_events_document_expiry(self.TODAY)
            if e["partner_id"] in mine
        }

    def test_an_endorsement_ending_within_the_days_warns_like_a_passport(self):
        soon = self._permit(self.ana, "2030-01-20", "C11111111")
        self._permit(self.bob, "2030-06-01", "C22222222")
        self.assertEqual(self._events(), {(soon.id, date(2030, 1, 20))})

    def test_an_endorsement_ending_before_the_trip_that_needs_it_warns(self):
        permit = self._permit(self.li, "2030-03-01", "C33333333")
        self._booking(
            self.li,
            "2030-01-15",
            "2030-03-10",
            destination_country_ids=[Command.set(self.hk.ids)],
        )
        self.assertEqual(self._events(), {(permit.id, date(2030, 3, 1))})

    def test_a_trip_that_does_not_need_the_permit_does_not_warn(self):
        self._permit(self.li, "2030-03-01", "C44444444")
        self._booking(
            self.li,
            "2030-01-15",
            "2030-03-10",
            destination_country_ids=[Command.set(self.env.ref("base.jp").ids)],
        )
        self._booking(
            self.li,
            "2030-05-15",
            "2030-05-20",
            destination_country_ids=[Command.set(self.hk.ids)],
        )
        self.assertFalse(self._events())
