"""Duplicating a contact (Odoo's ``copy``, the form's Duplicate action).

Every user who may create contacts may duplicate one, and the copy starts
fresh: it inherits nothing the original earned or gave (tier, points, value
scores, consent, documents, the sensitive personal data of the original
person); ordinary profile data (address, preferences) comes along as in Odoo.
"""

from odoo import fields
from odoo.tests import tagged

from ..models.value.res_partner import VALUE_DEFAULTS
from .common import TravelCrmCase, booking_line, create_booking, travel_user

# what a fresh contact has, field by field, for each earned or personal field
FRESH = {
    "loyalty_tier_id": False,
    "loyalty_tier_date": False,
    "loyalty_downgrade_date": False,
    "loyalty_expiry_warning_date": False,
    "loyalty_points": 0,
    "marketing_consent": False,
    "marketing_consent_date": False,
    "marketing_consent_source": False,
    "referred_by_id": False,
    "birthdate": False,
    "dietary_needs": False,
    "accessibility_needs": False,
    "travel_notes": False,
    "value_scored_at": False,
    **{name: value or False for name, value in VALUE_DEFAULTS.items()},
}
# records hanging off the original that the copy must not get
EMPTY_LINKS = (
    "loyalty_transaction_ids",
    "loyalty_tier_history_ids",
    "travel_document_ids",
    "travel_consent_log_ids",
    "companion_ids",
    "travel_booking_ids",
    "travel_segment_history_ids",
)


@tagged("post_install", "-at_install")
class TestTravellerCopy(TravelCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.loyalty_enabled = True
        cls.roles = {
            "base user": travel_user(
                cls.env,
                "copy_base_user",
                "base.group_user,base.group_partner_manager",
            ),
            "agent": cls.user_agent,
            "manager": cls.user_manager,
            "accountant": travel_user(
                cls.env,
                "copy_accountant",
                "base.group_user,base.group_partner_manager,"
                "account.group_account_invoice",
            ),
        }
        cls.gold = cls.env.ref("travel_crm.travel_loyalty_tier_gold")
        cls.referrer = cls.env["res.partner"].create({"name": "Rita Referrer"})
        cls.original = cls._earned_everything()
        cls.before = cls._snapshot(cls.original)

    @classmethod
    def _earned_everything(cls):
        """A traveller with a trip, points, a tier, a passport, value scores,
        consent, a referrer, a companion and sensitive personal data."""
        partner = cls.env["res.partner"].create(
            {
                "name": "Olivia Original",
                "email": "olivia.original@example.com",
                "city": "Porto",
                "is_traveller": True,
                "seat_preference": "aisle",
                "marketing_consent": True,
                "marketing_consent_source": "web_form",
                "referred_by_id": cls.referrer.id,
                "birthdate": "1980-04-12",
                "dietary_needs": "Nut allergy",
                "accessibility_needs": "Wheelchair at airports",
                "travel_notes": "Prefers morning calls",
            }
        )
        create_booking(
            cls.env,
            partner,
            lines=[booking_line("Douro cruise", "tour", price=1500)],
            travellers=True,
            state="done",
            user_id=cls.user_agent.id,
        )
        partner.write({"loyalty_tier_id": cls.gold.id})
        cls.env["travel.document"].create(
            {
                "partner_id": partner.id,
                "document_type": "passport",
                "number": "PT1234567",
                "issuing_country_id": cls.env.ref("base.pt").id,
                "expiry_date": "2032-08-31",
            }
        )
        cls.env["travel.companion"].create(
            {
                "partner_id": partner.id,
                "companion_id": cls.env["res.partner"].create({"name": "Kid"}).id,
                "relation_type": "child",
            }
        )
        partner.write(cls._scores())
        return partner

    @classmethod
    def _scores(cls):
        """What the segmentation and the loyalty review write on a customer."""
        return {
            "rfm_recency": 5,
            "rfm_frequency": 4,
            "rfm_monetary": 5,
            "rfm_score": 14,
            "value_segment": "high",
            "lifecycle_stage": "loyal",
            "customer_lifetime_value": 4200.0,
            "value_currency_id": cls.company.currency_id.id,
            "value_company_id": cls.company.id,
            "value_trip_count": 3,
            "value_window_trip_count": 2,
            "value_first_trip_date": "2024-01-10",
            "value_last_trip_date": "2026-01-10",
            "value_usual_interval": 180,
            "value_at_risk_date": "2026-07-10",
            "value_explanation_data": [{"code": "no_rfm", "params": {}}],
            "value_scored_at": fields.Datetime.now(),
            "loyalty_downgrade_date": "2027-01-31",
            "loyalty_expiry_warning_date": "2027-02-28",
        }

    @classmethod
    def _snapshot(cls, partner):
        partner.invalidate_recordset()
        values = {name: partner[name] for name in FRESH}
        values.update({name: partner[name] for name in EMPTY_LINKS})
        return values

    def test_setup_earned_everything(self):
        """The original really has what the copy must not get."""
        for name, fresh in FRESH.items():
            with self.subTest(field=name):
                self.assertNotEqual(self.before[name] or False, fresh)
        for name in EMPTY_LINKS:
            if name == "travel_segment_history_ids":
                continue  # written by the segmentation run only
            with self.subTest(field=name):
                self.assertTrue(self.before[name])

    def test_every_contact_creator_may_duplicate(self):
        for role, user in self.roles.items():
            with self.subTest(role=role):
                copy = self.original.with_user(user).copy()
                self.assertNotEqual(copy, self.original)
                self.assertEqual(copy.create_uid, user)

    def test_copy_starts_fresh(self):
        for role, user in self.roles.items():
            with self.subTest(role=role):
                copy = self.original.with_user(user).copy().sudo()
                copy.invalidate_recordset()
                for name, fresh in FRESH.items():
                    with self.subTest(field=name):
                        self.assertEqual(copy[name] or False, fresh)
                for name in EMPTY_LINKS:
                    with self.subTest(field=name):
                        self.assertFalse(copy[name])

    def test_copy_keeps_the_ordinary_profile(self):
        copy = self.original.with_user(self.user_agent).copy()
        self.assertEqual(copy.email, self.original.email)
        self.assertEqual(copy.city, "Porto")
        self.assertTrue(copy.is_traveller)
        self.assertEqual(copy.seat_preference, "aisle")

    def test_original_is_unchanged(self):
        for user in self.roles.values():
            self.original.with_user(user).copy()
        self.assertEqual(self._snapshot(self.original), self.before)
        self.assertEqual(self.original.loyalty_tier_id, self.gold)
        self.assertGreater(self.original.loyalty_points, 0)
        self.assertEqual(self.original.travel_document_ids.number, "PT1234567")
        self.assertTrue(self.original.marketing_consent)
