"""Sensitive traveller data (document numbers, birth dates, health and free-text
notes) is for travel staff only, is never tracked, and never appears in the
server log or in error messages."""

import logging

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import TravelCrmCase

# (model, field): every place such data is held
SENSITIVE = (
    ("res.partner", "birthdate"),
    ("res.partner", "age"),
    ("res.partner", "next_birthday"),
    ("res.partner", "dietary_needs"),
    ("res.partner", "accessibility_needs"),
    ("res.partner", "travel_notes"),
    ("travel.companion", "companion_birthdate"),
    ("travel.document", "number"),
    ("travel.booking", "notes"),
)
STAFF = {
    "travel_crm.group_travel_agent",
    "travel_crm.group_travel_manager",
    "account.group_account_invoice",
    "account.group_account_readonly",
}


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@tagged("post_install", "-at_install")
class TestSensitiveFields(TravelCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.traveller = cls._create_traveller("Grace Hopper", birthdate="1986-12-09")
        portal_partner = cls.user_portal.partner_id
        cls.booking = cls.env["travel.booking"].create(
            {
                "partner_id": portal_partner.id,
                "notes": "<p>Pays the agent in cash</p>",
                "line_ids": [Command.create({"name": "Cruise", "price_unit": 900})],
            }
        )

    def test_every_sensitive_field_is_staff_only_and_untracked(self):
        for model, fname in SENSITIVE:
            field = self.env[model]._fields[fname]
            with self.subTest(model=model, field=fname):
                self.assertTrue(field.groups)
                self.assertLessEqual(set(field.groups.split(",")), STAFF)
                self.assertFalse(getattr(field, "tracking", False))

    def test_booking_notes_hidden_from_the_customers_portal(self):
        booking = self.booking.with_user(self.user_portal)
        self.assertEqual(booking.read(["name"])[0]["name"], self.booking.name)
        with self.assertRaises(AccessError):
            booking.read(["notes"])
        self.assertIn("cash", self.booking.with_user(self.user_agent).notes)

    def test_sensitive_values_never_reach_the_log_or_error_messages(self):
        handler = _Collect()
        odoo_logger = logging.getLogger("odoo")
        odoo_logger.addHandler(handler)
        self.addCleanup(odoo_logger.removeHandler, handler)
        Document = self.env["travel.document"].with_user(self.user_agent)
        document = Document.create(
            {
                "partner_id": self.traveller.id,
                "document_type": "passport",
                "number": "QK7314159",
                "issuing_country_id": self.env.ref("base.fr").id,
            }
        )
        errors = []
        for vals in (
            {"number": "QK7314159"},  # the same passport on another traveller
            {"number": "QK-31#4159!"},  # malformed
        ):
            with self.assertRaises(ValidationError) as error:
                Document.create(
                    {
                        "partner_id": self._create_traveller("Twin").id,
                        "document_type": "passport",
                        "issuing_country_id": self.env.ref("base.fr").id,
                        **vals,
                    }
                )
            errors.append(str(error.exception))
        with self.assertRaises(ValidationError) as error:
            self.traveller.with_user(self.user_agent).birthdate = "2999-01-01"
        errors.append(str(error.exception))
        self.traveller.with_user(self.user_agent).write(
            {"birthdate": "1986-12-10", "travel_notes": "Allergic to penicillin"}
        )
        self.booking.with_user(self.user_agent).notes = "<p>VIP, bribes welcome</p>"
        self.env.flush_all()
        self.env.cr.precommit.run()
        texts = errors + handler.messages
        self.assertTrue(document.exists())
        for secret in ("QK7314159", "3141", "2999", "penicillin", "bribes"):
            for text in texts:
                self.assertNotIn(secret, text)
        tracked = self.env["mail.tracking.value"].search(
            [
                (
                    "mail_message_id",
                    "in",
                    (self.traveller | self.booking.partner_id).message_ids.ids
                    + self.booking.message_ids.ids
                    + document.message_ids.ids,
                )
            ]
        )
        for value in tracked:
            for secret in ("QK7314159", "penicillin", "bribes", "1986-12-10"):
                self.assertNotIn(secret, str(value.new_value_char or ""))
                self.assertNotIn(secret, str(value.old_value_char or ""))
