import json

from odoo.tests import TransactionCase, tagged

CHART = "c2a1b3d4-6e5f-4a7b-8c9d-1e2f3a4b5c64"


@tagged("post_install", "-at_install")
class TestTravelDashboardMigration(TransactionCase):
    """The dashboard's segment migration chart and matrix, read as the
    spreadsheet reads them (its own model, domain, group-bys and measure),
    on a history of three customers:

    P1  New from 2025-01-05, Potential from 2025-03-01, At risk from 2025-04-01
    P2  New from 2025-02-10, High from 2025-03-15
    P3  Low from 2025-03-20

    Entering a first segment is no move: March 2025 has one move into
    Potential and one into High, April one into At risk."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        dashboard = cls.env.ref(
            "travel_crm_dashboard.spreadsheet_dashboard_travel_customer_value"
        )
        cls.data = json.loads(dashboard.spreadsheet_data)
        cls.customers = cls.env["res.partner"].create(
            [{"name": f"Migrating P{index}"} for index in (1, 2, 3)]
        )
        p1, p2, p3 = cls.customers
        cls.env["travel.segment.history"].sudo().create(
            [
                cls._row(p1, "new", False, "2025-01-05", "2025-03-01"),
                cls._row(p1, "potential", "new", "2025-03-01", "2025-04-01"),
                cls._row(p1, "at_risk", "potential", "2025-04-01", False),
                cls._row(p2, "new", False, "2025-02-10", "2025-03-15"),
                cls._row(p2, "high", "new", "2025-03-15", False),
                cls._row(p3, "low", False, "2025-03-20", False),
            ]
        )

    @classmethod
    def _row(cls, partner, segment, previous, date_from, date_to):
        return {
            "partner_id": partner.id,
            "company_id": cls.env.company.id,
            "value_segment": segment,
            "previous_segment": previous,
            "date_from": date_from,
            "date_to": date_to,
        }

    def _read(self, model, domain, groupby, measure):
        """Groups as the spreadsheet reads them, for these customers only
        (as the dashboard's customer filter would)."""
        domain = [*domain, ("partner_id", "in", self.customers.ids)]
        return {
            tuple(group[name] for name in groupby): group[measure]
            for group in self.env[model].read_group(
                domain, [measure], groupby, lazy=False
            )
        }

    def test_chart_counts_moves_into_each_segment_per_month(self):
        [figure] = [
            figure
            for sheet in self.data["sheets"]
            for figure in sheet["figures"]
            if figure["id"] == CHART
        ]
        meta = figure["data"]["metaData"]
        moves = self._read(
            meta["resModel"],
            figure["data"]["searchParams"]["domain"],
            meta["groupBy"],
            meta["measure"],
        )
        self.assertEqual(
            moves,
            {
                ("March 2025", "potential"): 1,
                ("March 2025", "high"): 1,
                ("April 2025", "at_risk"): 1,
            },
        )

    def test_matrix_counts_moves_from_segment_to_segment(self):
        [pivot] = [
            pivot
            for pivot in self.data["pivots"].values()
            if pivot["model"] == "travel.segment.history"
        ]
        [measure] = [m["fieldName"] for m in pivot["measures"]]
        groupby = [d["fieldName"] for d in pivot["rows"] + pivot["columns"]]
        self.assertEqual(
            self._read(pivot["model"], pivot["domain"], groupby, measure),
            {("new", "potential"): 1, ("new", "high"): 1, ("potential", "at_risk"): 1},
        )
