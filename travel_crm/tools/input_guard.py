from contextlib import contextmanager

from psycopg2.errors import DataError

from odoo import _
from odoo.exceptions import ValidationError


@contextmanager
def refuse_malformed_values(model):
    """Turn the error a value of the wrong type raises (the ORM's ValueError or
    TypeError for text in an amount or an unknown selection key, PostgreSQL's
    DataError for text in a date or an id on insert) into a ValidationError
    naming the record type.

    Integrators calling ``create``/``write`` over XML-RPC or JSON-RPC then get
    a clean refusal instead of a server error; the transaction is rolled back
    either way, so nothing is written.
    """
    try:
        yield
    except (ValueError, TypeError, DataError) as error:
        raise ValidationError(
            _(
                "%(record_type)s: a value has the wrong type or is not allowed "
                "(%(error)s).",
                record_type=model._description,
                error=error,
            )
        ) from error
