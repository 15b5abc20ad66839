from odoo import fields, models
from odoo.tools import SQL

STATES = [
    ("sent", "Open"),
    ("accepted", "Accepted"),
    ("declined", "Declined"),
    ("expired", "Expired"),
]


class TravelProposalReport(models.Model):
    """One row per booking whose proposal was sent, with its outcome.

    The outcome: *accepted* once the customer signed or the booking was
    confirmed (a confirmed trip cancelled later stays accepted: the proposal
    won); *declined* when the customer declined it or the booking was
    cancelled unsigned; *expired* when it is still waiting past its validity
    date; else *open* (sent, or back in draft to be revised).

    Every row weighs one proposal, so the average of ``conversion_rate``
    (100 accepted, 0 not) over any group is accepted / sent proposals, and
    the average of ``days_to_accept`` (accepted ones only, empty otherwise)
    the mean time to acceptance. No total adds rates."""

    _name = "travel.proposal.report"
    _description = "Proposal Analysis"
    _auto = False
    _order = "date_sent desc, id desc"
    _rec_name = "booking_id"
    _depends = {
        "travel.booking": [
            "user_id",
            "company_id",
            "partner_id",
            "currency_id",
            "state",
            "proposal_sent_on",
            "proposal_declined_on",
            "signed_on",
            "date_confirmed",
            "validity_date",
            "amount_total",
        ],
    }

    booking_id = fields.Many2one("travel.booking", readonly=True)
    user_id = fields.Many2one("res.users", string="Agent", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    date_sent = fields.Datetime(string="Sent On", readonly=True)
    validity_date = fields.Date(string="Valid Until", readonly=True)
    state = fields.Selection(STATES, string="Outcome", readonly=True)
    sent_count = fields.Integer(string="Sent", readonly=True)
    accepted_count = fields.Integer(string="Accepted", readonly=True)
    declined_count = fields.Integer(string="Declined", readonly=True)
    expired_count = fields.Integer(string="Expired", readonly=True)
    conversion_rate = fields.Float(
        string="Conversion (%)",
        readonly=True,
        digits=(5, 1),
        aggregator="avg",
        help="Accepted / sent proposals x 100, for a row as for any group.",
    )
    days_to_accept = fields.Float(
        string="Days to Accept",
        readonly=True,
        digits=(16, 1),
        aggregator="avg",
        help="Days from sending the proposal to its acceptance (the signature, "
        "or the confirmation of a booking confirmed without one); the average "
        "of a group counts its accepted proposals only.",
    )
    amount_total = fields.Monetary(string="Total", readonly=True)

    @property
    def _table_query(self):
        """Expired compares with the current day of the user's calendar (the
        context's date in tests)."""
        today = fields.Date.context_today(self)
        accepted = SQL(
            "(b.signed_on IS NOT NULL"
            " OR b.state IN ('confirmed', 'in_progress', 'done'))"
        )
        declined = SQL("(b.proposal_declined_on IS NOT NULL OR b.state = 'cancel')")
        expired = SQL("(b.state = 'sent' AND b.validity_date < %s::date)", today)
        return SQL(
            """
            SELECT b.id, b.id AS booking_id, b.user_id, b.company_id,
                   b.partner_id, b.currency_id,
                   b.proposal_sent_on AS date_sent, b.validity_date,
                   CASE WHEN %(accepted)s THEN 'accepted'
                        WHEN %(declined)s THEN 'declined'
                        WHEN %(expired)s THEN 'expired'
                        ELSE 'sent' END AS state,
                   1 AS sent_count,
                   (%(accepted)s)::int AS accepted_count,
                   (NOT %(accepted)s AND %(declined)s)::int AS declined_count,
                   (NOT %(accepted)s AND NOT %(declined)s AND %(expired)s)::int
                       AS expired_count,
                   CASE WHEN %(accepted)s THEN 100.0 ELSE 0.0 END
                       AS conversion_rate,
                   CASE WHEN %(accepted)s
                         AND COALESCE(b.signed_on, b.date_confirmed) IS NOT NULL
                        THEN GREATEST(0.0, EXTRACT(EPOCH FROM
                             COALESCE(b.signed_on, b.date_confirmed::timestamp)
                             - b.proposal_sent_on) / 86400.0)
                   END AS days_to_accept,
                   b.amount_total
              FROM travel_booking b
             WHERE b.proposal_sent_on IS NOT NULL
            """,
            accepted=accepted,
            declined=declined,
            expired=expired,
        )
