"""Values of the wrong type, refused before the ORM sees them.

``check_values(model, vals_list, create)`` looks at each value an integrator
sends to ``create``/``write`` and raises a ValidationError for one that the ORM
or PostgreSQL could not convert to its field: text in an amount or a date, an
unknown selection key, something that is not an id, a malformed x2many command.
It catches only the errors of the conversions it tries itself (``int()``,
``float()``, Odoo's date parsers): an error raised later, inside an override,
surfaces as itself.

The rules follow what Odoo 18 does with each type (``convert_to_cache`` of
``odoo/fields.py``, then the column): what the ORM takes, even by coercion, is
let through unchanged, and what it fails on is refused. They differ between
``create`` and ``write`` where the ORM does: ``create`` hands a stored value to
PostgreSQL as given (``''`` in a date, ``'the boss'`` in a many2one fail there),
``write`` converts it to the cache first (``''`` is an empty date, a many2one
takes anything that is not an id as empty). Fields the user may not write, and
models the user may not create or write at all, are left to the ORM's
AccessError.

Refused although the ORM takes them on some paths, to keep one rule per type:
a boolean or a float in a many2one (mail's tracking and auto-subscription fail
on them), a float id in a one2many (create fails on it, write takes it), a list
of pairs instead of a dict for the values of a new one2many line, an unknown key
of a selection given by a method (the ORM does not check those).
"""

import math
import re

from odoo import Command
from odoo.api import NewId
from odoo.exceptions import ValidationError
from odoo.fields import Date, Datetime
from odoo.models import BaseModel
from odoo.tools import float_round

INT4 = range(-(2**31), 2**31)
# an integer as PostgreSQL reads it from text
PG_INTEGER = re.compile(r"\s*[+-]?[0-9]+\s*")
# a date (or a timestamp) as PostgreSQL reads it from text, in the forms Odoo's
# own parsers also accept: YYYY-MM-DD, then maybe a time of day and a zone
PG_DATE = re.compile(
    r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
    r"(?:[ T]\s*(?P<h>[0-9]{1,2}):(?:(?P<m>[0-9]{1,2})"
    r"(?::(?:(?P<s>[0-9]{1,2})(?:\.[0-9]*)?)?)?)?"
    r"\s*(?P<ampm>[ap]m)?\s*(?:z|[+-][0-9]{1,2}(?::?[0-9]{2})?)?)?\s*",
    re.IGNORECASE,
)


def check_values(model, vals_list, create=True):
    """Raise a ValidationError naming ``model`` for the first value in
    ``vals_list`` that its field cannot take (see the module docstring)."""
    env = model.env
    operation = "create" if create else "write"
    if not env["ir.model.access"].check(model._name, operation, False):
        return  # the ORM raises the AccessError
    for vals in vals_list:
        if not isinstance(vals, dict):
            _refuse(model, f"Wrong values for {model._name}: {vals!r}")
        for fname, value in vals.items():
            field = model._fields.get(fname)
            if field is None:
                _refuse(model, f"Invalid field {fname!r} on model {model._name!r}")
            check = CHECKS.get(field.type)
            if check is None or not (env.su or field.is_accessible(env)):
                continue
            # on create, a stored value reaches PostgreSQL as given
            raw = create and field.store and not field.company_dependent
            if not check(field, value, model, raw):
                _refuse(model, f"Wrong value for {field}: {value!r}")


def _refuse(model, error):
    raise ValidationError(
        model.env._(
            "%(record_type)s: a value has the wrong type or is not allowed "
            "(%(error)s).",
            record_type=model._description,
            error=error,
        )
    )


# ---------------------------------------------------------------------------
# One rule per field type: ``check(field, value, model, raw) -> bool``
# ---------------------------------------------------------------------------


def _integer(field, value, model, raw):
    if isinstance(value, dict) and not raw:
        return True  # the ORM takes value["id"] (an integer as inverse of a one2many)
    try:
        number = int(value or 0)
    except (ValueError, TypeError, OverflowError):
        return False
    return number in INT4


def _float(field, value, model, raw):
    try:
        number = float(value or 0.0)
    except (ValueError, TypeError, OverflowError):
        return False
    if field.type == "monetary":
        return math.isfinite(number)  # rounded to the currency
    digits = field.get_digits(model.env)
    if not digits:
        return True
    try:
        float_round(number, precision_digits=digits[1])
    except (ValueError, OverflowError):
        return False
    return True


def _date(field, value, model, raw):
    if value is None or value is False:
        return True
    if not value:
        return not raw  # '' or 0 reach PostgreSQL as text on create
    parse = Date.to_date if field.type == "date" else Datetime.to_datetime
    try:
        parse(value)
    except (ValueError, TypeError):
        return False
    return not (raw and isinstance(value, str)) or _pg_reads_date(value)


def _pg_reads_date(text):
    match = PG_DATE.fullmatch(text)
    if not match:
        return False
    hour, minute, second = (int(match[part] or 0) for part in "hms")
    if match["ampm"]:
        return hour <= 12 and minute < 60 and second <= 60
    if hour == 24:
        return minute == second == 0
    return hour < 24 and minute < 60 and second <= 60


def _text(field, value, model, raw):
    if field.type == "html" and field.sanitize:
        return True  # the sanitizer takes anything
    if isinstance(value, bytes):
        try:
            value = value.decode()
        except UnicodeDecodeError:
            return False
    # PostgreSQL refuses NUL characters in any text column
    return not (field.store and value and "\x00" in str(value))


def _selection(field, value, model, raw):
    try:
        hash(value)
    except TypeError:
        return False
    return not value or value in field.get_values(model.env)


def _many2one(field, value, model, raw):
    if not value or isinstance(value, (BaseModel, NewId)):
        return True
    if isinstance(value, (bool, float)):
        return False  # mail's tracking and auto-subscription fail on them
    if isinstance(value, int):
        return value in INT4
    if not raw:
        return True  # write takes a non-id as empty (a pair as its first item)
    if isinstance(value, str):
        return bool(PG_INTEGER.fullmatch(value)) and int(value) in INT4
    return False


def _x2many(field, value, model, raw):
    """A recordset, ids, or a list of commands (``Command`` of
    ``odoo/fields.py``); the values of CREATE and UPDATE are checked against
    the comodel (their refusal names it)."""
    if value is None or value is False or isinstance(value, BaseModel):
        return True
    if isinstance(value, tuple):
        return _set_ids_ok(field, value)
    if not isinstance(value, list):
        return False
    if value and not isinstance(value[0], (list, tuple)):
        return _set_ids_ok(field, value)  # a list of ids: Command.set
    return all(_command_ok(field, command, model) for command in value)


def _command_ok(field, command, model):
    if not isinstance(command, (list, tuple)) or not command:
        return field.type == "many2many"  # many2many skips it, one2many fails
    # the ORM dispatches with ==, and ignores a code it does not know
    code = command[0]
    if code in (Command.CREATE, Command.UPDATE):
        if len(command) < 3 or not isinstance(command[2], dict):
            return False
        if code == Command.UPDATE and not _id_ok(field, command[1]):
            return False
        comodel = model.env[field.comodel_name]
        check_values(comodel, [command[2]], create=code == Command.CREATE)
    elif code in (Command.DELETE, Command.UNLINK, Command.LINK):
        return len(command) > 1 and _id_ok(field, command[1])
    elif code == Command.SET:
        return len(command) > 2 and _set_ids_ok(field, command[2])
    return True


def _set_ids_ok(field, ids):
    if field.type == "one2many" and not isinstance(ids, (list, tuple, str, dict)):
        return not ids or _id_ok(field, ids)  # nothing, or a single id
    if not isinstance(ids, (list, tuple, str, dict)):
        return False  # not iterable
    return all(_id_ok(field, id_) for id_ in ids)


def _id_ok(field, value):
    if value is None or value is False or isinstance(value, NewId):
        return True  # left to the ORM (ignored, or a NOT NULL violation)
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        # a one2many only searches it (MissingError); a relation table stores it
        return field.type == "one2many" or value in INT4
    if isinstance(value, float):
        # PostgreSQL casts it into a relation table; a one2many fails to browse it
        if field.type == "one2many" or not math.isfinite(value):
            return False
        return round(value) in INT4
    if isinstance(value, str):
        return bool(PG_INTEGER.fullmatch(value)) and int(value) in INT4
    return False


CHECKS = {
    "integer": _integer,
    "many2one_reference": _integer,
    "float": _float,
    "monetary": _float,
    "date": _date,
    "datetime": _date,
    "char": _text,
    "text": _text,
    "html": _text,
    "selection": _selection,
    "many2one": _many2one,
    "one2many": _x2many,
    "many2many": _x2many,
}
