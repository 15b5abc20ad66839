"""The input check (tools/input_check.py) on its own: what it refuses, with which
message, and that it refuses exactly what the ORM cannot convert, no more. An
error raised inside an override is not its business and surfaces as itself."""

from datetime import date, datetime, timezone
from unittest.mock import patch

import psycopg2

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.travel_crm.models.travel_input_check import TravelInputCheck
from odoo.addons.travel_crm.tools.input_check import check_values

from .common import TravelCrmCase

NUMBERS = [5, 5.5, "5", " 5 ", "5.5", "1e3", "two", "", True, None, [1], {"a": 1}]
NUMBERS += [2**31, float("inf"), float("nan"), b"5"]
DATES = ["2025-06-01", "2025-6-1", "2025-06-01 10:00:00", "2025-06-01T10:00:00.000Z"]
DATES += ["2025-06-01garbage", "not a date", "20250601", "", 0, 5, True, []]
DATES += [date(2025, 6, 1), datetime(2025, 6, 1, 10), ["2025-06-01"]]
DATETIMES = ["2025-06-01 10:00:00", "2025-06-01", "2025-06-01 10", "2025-06-01 10:"]
DATETIMES += ["2025-06-01T10:00:00", "", 5, datetime(2025, 6, 1, tzinfo=timezone.utc)]
SELECTIONS = ["confirmed", "teleported", "Draft", "", False, 1, True, ["draft"]]
TEXTS = ["x", 5, True, "a\x00b", b"bytes", b"\xff\xfe", ["x"]]
# the ORM errors the old guard turned into "wrong type": these must be refused
CONVERSION_ERRORS = (ValueError, TypeError, psycopg2.DataError)


@tagged("post_install", "-at_install")
class TestInputCheck(TravelCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._create_traveller("Checked Input")
        cls.other = cls._create_traveller("Other Traveller")
        cls.booking = cls.env["travel.booking"].create({"partner_id": cls.customer.id})
        cls.line = cls.env["travel.booking.line"].create(
            {"booking_id": cls.booking.id, "name": "Hotel", "service_type": "hotel"}
        )

    def assertRefused(self, model, vals, error, create=True, record_type=None):
        message = (
            f"{record_type or model._description}: a value has the wrong type or "
            f"is not allowed ({error})."
        )
        with self.assertRaises(ValidationError) as caught:
            check_values(model, [vals], create=create)
        self.assertEqual(str(caught.exception), message)

    # -- the check on its own -------------------------------------------------

    def test_values_the_orm_takes_pass_unchanged(self):
        Booking = self.env["travel.booking"]
        vals = {
            "partner_id": str(self.customer.id),
            "departure_date": date(2025, 6, 1),
            "return_date": "2025-06-30",
            "state": "draft",
            "destination": 42,
            "traveller_ids": [Command.set(self.customer.ids), (4, self.other.id)],
            "line_ids": [
                Command.set([]),
                Command.create({"name": "Tour", "quantity": "2", "price_unit": " 5 "}),
                Command.update(self.line.id, {"date_start": "2025-06-02 10:00:00"}),
            ],
            "user_id": self.user_agent,
        }
        frozen = repr(vals)
        self.assertIsNone(check_values(Booking, [vals], create=True))
        self.assertEqual(repr(vals), frozen)

    def test_a_refusal_names_the_record_type_and_the_value(self):
        Booking = self.env["travel.booking"]
        self.assertRefused(
            Booking,
            {"state": "teleported"},
            "Wrong value for travel.booking.state: 'teleported'",
        )
        self.assertRefused(
            Booking,
            {"departure_date": "soon"},
            "Wrong value for travel.booking.departure_date: 'soon'",
            create=False,
        )
        self.assertRefused(
            Booking,
            {"teleporter": 1},
            "Invalid field 'teleporter' on model 'travel.booking'",
        )

    def test_values_inside_commands_are_checked_against_their_model(self):
        self.assertRefused(
            self.env["travel.booking"],
            {"line_ids": [Command.create({"name": "Hotel", "quantity": "two"})]},
            "Wrong value for travel.booking.line.quantity: 'two'",
            record_type="Travel Booking Service",
        )
        self.assertRefused(
            self.env["travel.booking"],
            {"traveller_ids": [Command.create({"name": "Kid", "birthdate": "x"})]},
            "Wrong value for res.partner.birthdate: 'x'",
            create=False,
            record_type="Contact",
        )
        self.assertRefused(
            self.env["travel.booking"],
            {"line_ids": [(4, self.line.id), "junk"]},
            f"Wrong value for travel.booking.line_ids: [(4, {self.line.id}), 'junk']",
        )

    def test_create_refuses_what_only_postgresql_would_refuse(self):
        """create hands a stored value to PostgreSQL as given, write converts it
        first: the check follows the ORM in both."""
        Booking = self.env["travel.booking"]
        for vals in (
            {"departure_date": ""},
            {"departure_date": "2025-06-01garbage"},
            {"return_date": 0},
            {"user_id": "the boss"},
        ):
            with self.subTest(vals=vals):
                with self.assertRaises(ValidationError):
                    check_values(Booking, [vals], create=True)
                self.assertIsNone(check_values(Booking, [vals], create=False))

    def test_the_refusal_is_translated(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["travel_crm"], ["zh_CN"], overwrite=True
        )
        Booking = self.env["travel.booking"].with_context(lang="zh_CN")
        with self.assertRaisesRegex(ValidationError, "有值的类型错误或不被允许"):
            check_values(Booking, [{"state": "teleported"}])

    def test_users_without_access_get_the_orms_access_error(self):
        Booking = self.env["travel.booking"].with_user(self.user_internal)
        self.assertIsNone(check_values(Booking, [{"state": "teleported"}]))
        with self.assertRaises(AccessError):
            Booking.create({"partner_id": self.customer.id, "state": "teleported"})

    # -- the check against the ORM --------------------------------------------

    def _orm_error(self, records, mode, vals):
        """What the ORM's create or write (the ones after the input check in
        the MRO) raise for ``vals``: None if they take them."""
        orm = super(TravelInputCheck, records)
        try:
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                if mode == "create":
                    orm.create([vals])
                else:
                    orm.write(vals)
                self.env.flush_all()
                raise _Accepted
        except _Accepted:
            return None
        except Exception as error:  # noqa: BLE001 - we classify every outcome
            self.env.invalidate_all()
            return error

    def _assert_check_follows_the_orm(
        self, record, base_vals, fname, values, tightened=()
    ):
        """For each value, on create and on write: what the ORM fails to convert
        is refused, and nothing it takes or refuses cleanly is, but for the
        ``tightened`` (value, mode) pairs: refused on purpose."""
        tightened = {(repr(value), mode) for value, mode in tightened}  # 1 == 1.0
        for value, mode in ((v, m) for v in values for m in ("create", "write")):
            with self.subTest(field=fname, value=value, mode=mode):
                if mode == "create":
                    target, vals = record.browse(), dict(base_vals, **{fname: value})
                else:
                    target, vals = record, {fname: value}
                try:
                    check_values(target, [vals], create=mode == "create")
                    refused = False
                except ValidationError:
                    refused = True
                error = self._orm_error(target, mode, vals)
                if isinstance(error, CONVERSION_ERRORS):
                    self.assertTrue(refused, f"the ORM fails with {error!r}")
                elif (repr(value), mode) in tightened:
                    self.assertTrue(refused)
                elif refused:
                    # nothing the ORM takes, or refuses cleanly, is refused
                    self.assertIsNotNone(error, "the ORM takes it")
                    self.assertNotIsInstance(
                        error, (UserError, psycopg2.IntegrityError)
                    )

    def test_numbers_are_refused_exactly_where_the_orm_fails(self):
        base = {"booking_id": self.booking.id, "name": "Flight"}
        for fname in ("sequence", "quantity", "price_unit"):
            self._assert_check_follows_the_orm(self.line, base, fname, NUMBERS)

    def test_dates_are_refused_exactly_where_the_orm_fails(self):
        base = {"booking_id": self.booking.id, "name": "Flight"}
        self._assert_check_follows_the_orm(self.line, base, "date_start", DATES)
        complaint = self.env["travel.complaint"].create({"subject": "Late"})
        self._assert_check_follows_the_orm(
            complaint, {"subject": "Later"}, "date_resolved", DATETIMES
        )

    def test_keys_ids_and_texts_are_refused_exactly_where_the_orm_fails(self):
        base = {"partner_id": self.customer.id}
        self._assert_check_follows_the_orm(self.booking, base, "state", SELECTIONS)
        users = [self.user_agent.id, str(self.user_agent.id), "the boss", 0, True]
        users += [5.0, 2**31, [self.user_agent.id], {"id": 1}, ""]
        self._assert_check_follows_the_orm(self.booking, base, "user_id", users)
        for fname in ("destination", "cancel_reason", "notes"):
            self._assert_check_follows_the_orm(self.booking, base, fname, TEXTS)

    def test_commands_are_refused_exactly_where_the_orm_fails(self):
        base = {"partner_id": self.customer.id}
        spare = self.env["travel.booking.line"].create(
            {"booking_id": self.booking.id, "name": "Spare"}
        )
        for fname, id_ in (("traveller_ids", self.other.id), ("line_ids", spare.id)):
            commands = [[], False, "junk", 5, True, {"a": 1}, [id_], (id_,)]
            commands += [[(4, id_)], [(4, "x")], [(4,)], [(4, True)], [(3, id_)]]
            commands += [[(2, "x")], [(6, 0, [id_])], [(6, 0, None)], [(6, 0, "x")]]
            commands += [[(6, 0, [])], [(6, 0, ())], [Command.clear()], [(5,)]]
            commands += [[Command.unlink(id_)], [Command.set([]), Command.link(id_)]]
            commands += [[(6,)], [(9, 0, 0)], [(0, 0)], [(0, 0, None)]]
            commands += [[(1, id_)], [(4, id_), 7], [(4, id_), ()], [(4, 2**31)]]
            commands += [[{"name": "x"}], [(6, 0, [id_, id_])], [(4, float(id_))]]
            commands += [[float(id_)], [(0, 0, [("name", "pairs")])]]
            tightened = ()
            if fname == "line_ids":
                tightened = [
                    # a float id in a one2many: create fails on it, write takes it
                    ([(4, float(id_))], "write"),
                    ([float(id_)], "write"),
                    # a list of pairs for the values of a new line
                    ([(0, 0, [("name", "pairs")])], "create"),
                    ([(0, 0, [("name", "pairs")])], "write"),
                ]
            self._assert_check_follows_the_orm(
                self.booking, base, fname, commands, tightened
            )

    # -- an error inside an override is not the check's --------------------------

    def test_a_bug_inside_an_override_surfaces_as_itself(self):
        """Before the input check, any ValueError or TypeError raised inside
        create/write became "a value has the wrong type"."""
        Line = type(self.env["travel.booking.line"])
        bug = ValueError("bug in a line override")
        with (
            patch.object(Line, "_check_amount_values", side_effect=bug),
            self.assertRaises(ValueError) as caught,
        ):
            self.env["travel.booking.line"].with_user(self.user_agent).create(
                {"booking_id": self.booking.id, "name": "Tour", "quantity": 2}
            )
        self.assertIs(caught.exception, bug)

        Booking = type(self.env["travel.booking"])
        bug = TypeError("bug in a booking override")
        with (
            patch.object(Booking, "_check_transition", side_effect=bug),
            self.assertRaises(TypeError) as caught,
        ):
            self.booking.with_user(self.user_agent).write({"state": "confirmed"})
        self.assertIs(caught.exception, bug)

    def test_a_database_error_inside_an_override_surfaces_as_itself(self):
        def broken_query(*args, **kwargs):
            self.env.cr.execute("SELECT 'not a number'::int")

        Line = type(self.env["travel.booking.line"])
        with (
            patch.object(Line, "_check_amount_values", side_effect=broken_query),
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.InvalidTextRepresentation),
            self.env.cr.savepoint(),
        ):
            self.env["travel.booking.line"].create(
                {"booking_id": self.booking.id, "name": "Tour"}
            )


class _Accepted(Exception):
    """Undo an accepted call so that every case starts from the same data."""
