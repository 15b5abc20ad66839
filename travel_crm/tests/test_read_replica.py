from datetime import timedelta

from odoo import api, fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import booking_line, create_booking
from .test_query_counts import view_specification

REPORTS = [
    "travel.customer.report",
    "travel.cohort.report",
    "travel.feedback.report",
    "travel.feedback.destination.report",
    "travel.loyalty.liability.report",
]


@tagged("post_install", "-at_install")
class TestReadReplica(HttpCase):
    """Read-only analytics work on a read replica.

    With ``db_replica_host`` set, Odoo 18 serves the ``@api.readonly`` RPC
    methods (``web_search_read``, ``web_read``, ``read_group``,
    ``web_read_group``...) on a cursor from the replica pool, a connection in
    READ ONLY mode. In test mode Odoo simulates that cursor
    (``registry.cursor(readonly=True)`` runs ``SET TRANSACTION READ ONLY``):
    everything a manager reads here must work there, and the crons, which
    write, must not.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="replica_manager",
            groups="base.group_user,travel_crm.group_travel_manager",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Rita Replica", "is_traveller": True, "email": "rita@example.com"}
        )
        today = fields.Date.today()
        for months in (2, 14):
            create_booking(
                cls.env,
                cls.customer,
                [booking_line("Hotel", "hotel", 900.0, 700.0)],
                state="done",
                departure_date=today - timedelta(days=30 * months + 7),
                return_date=today - timedelta(days=30 * months),
            )
        cls.env["res.partner"]._cron_travel_segmentation()
        cls.env.flush_all()

    def _replica_env(self, cr):
        return api.Environment(cr, self.manager.id, {})

    def test_reports_lists_and_forms_read_on_a_readonly_cursor(self):
        with self.registry.cursor(readonly=True) as cr:
            self.assertTrue(cr.readonly)
            env = self._replica_env(cr)
            for model in REPORTS:
                groups = env[model].read_group([], [], [])
                self.assertEqual(len(groups), 1, model)
                env[model].web_search_read(
                    [], view_specification(env, model, "list"), limit=80
                )
            bookings = env["travel.booking"].web_search_read(
                [("partner_id", "=", self.customer.id)],
                view_specification(env, "travel.booking", "list"),
                limit=80,
            )
            self.assertEqual(bookings["length"], 2)
            form = env["res.partner"].browse(self.customer.id)
            values = form.web_read(view_specification(env, "res.partner", "form"))
            self.assertEqual(values[0]["name"], "Rita Replica")
            scored = env["res.partner"].search_read(
                [("id", "=", self.customer.id), ("churn_risk", ">=", 0.0)],
                ["value_segment", "lifecycle_stage", "rfm_score", "loyalty_points"],
            )
            self.assertEqual(scored[0]["lifecycle_stage"], "repeat")

    def test_replica_cursor_refuses_writes(self):
        """The cursor the analytics ran on is a read-only transaction, as on a
        hot standby: a cron (it writes) cannot run there and Odoo never sends
        one there (crons use the primary's pool)."""
        with self.registry.cursor(readonly=True) as cr:
            cr.execute("SHOW transaction_read_only")
            self.assertEqual(cr.fetchone()[0], "on")
