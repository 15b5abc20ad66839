"""Sensitive traveller data (document numbers, birth dates, health and free-text
notes) is for travel staff only, is never tracked, and never appears in the
server log or in error messages."""

import logging

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import TravelCrmCase, booking_line

# read by travel staff only, refused to everyone else
STAFF_ONLY_PARTNER_FIELDS = (
    "birthdate",
    "age",
    "travel_notes",
    "dietary_needs",
    "accessibility_needs",
)
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
        cls.booking = cls._create_booking(
            portal_partner,
            lines=[booking_line("Cruise", "other", 900)],
            notes="<p>Pays the agent in cash</p>",
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
                "expiry_date": "2033-04-30",
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
                        "expiry_date": "2033-04-30",
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


@tagged("post_install", "-at_install")
class TestSensitiveFieldAccess(TravelCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.traveller = cls._create_traveller(
            "Alan Turing",
            birthdate="1990-06-23",
            travel_notes="Runs every morning",
            dietary_needs="Apples only",
        )
        cls.customer = cls._create_traveller("Joan Clarke")

    def test_sensitive_fields_are_for_travel_staff_only(self):
        for user in (self.user_agent, self.user_manager):
            with self.subTest(user=user.login):
                values = self.traveller.with_user(user).read(
                    list(STAFF_ONLY_PARTNER_FIELDS)
                )[0]
                self.assertEqual(values["travel_notes"], "Runs every morning")
        for user in (self.user_internal, self.user_portal):
            for fname in STAFF_ONLY_PARTNER_FIELDS:
                with (
                    self.subTest(user=user.login, field=fname),
                    self.assertRaises(AccessError),
                ):
                    self.traveller.with_user(user).read([fname])
        fields = self.env["res.partner"].with_user(self.user_internal).fields_get()
        for fname in STAFF_ONLY_PARTNER_FIELDS:
            self.assertNotIn(fname, fields)
        # the contact form still opens for other employees
        self.env["res.partner"].with_user(self.user_internal).get_views(
            [(False, "form"), (False, "list"), (False, "kanban")]
        )

    def test_sensitive_changes_leave_no_tracking_value(self):
        # (no field has tracking: test_every_sensitive_field_is_staff_only_and_
        # untracked) a change next to a tracked field leaves no trace either
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.traveller.write(
            {
                "birthdate": "1991-01-01",
                "travel_notes": "Secret habit",
                "is_traveller": True,
            }
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        values = self.env["mail.tracking.value"].search(
            [("mail_message_id", "in", self.traveller.message_ids.ids)]
        )
        for value in values:
            self.assertNotIn("Secret habit", value.new_value_char or "")
            self.assertNotIn("1991", str(value.new_value_datetime or ""))

    def test_document_errors_never_echo_the_number(self):
        Document = self.env["travel.document"]
        vals = {
            "partner_id": self.traveller.id,
            "document_type": "passport",
            "number": "ZX987654",
            "issuing_country_id": self.env.ref("base.be").id,
            "expiry_date": "2033-04-30",
        }
        Document.create(vals)
        with self.assertRaises(ValidationError) as error:
            Document.create(dict(vals, partner_id=self.customer.id))
        self.assertIn("already recorded", str(error.exception))
        self.assertNotIn("ZX987654", str(error.exception))
        with self.assertRaises(ValidationError) as error:
            Document.create(dict(vals, number="ZX#SECRET99"))
        self.assertNotIn("SECRET99", str(error.exception))
