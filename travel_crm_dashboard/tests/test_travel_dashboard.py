import json
import re

from odoo.tests import TransactionCase, new_test_user, tagged

# PIVOT.VALUE(id, "measure", "field", value, ...) / PIVOT.HEADER(id, "field", ...)
PIVOT_CALL = re.compile(r"PIVOT\.(VALUE|HEADER)\((\d+)((?:,[^,()]+)*)\)")
LIST_CALL = re.compile(r'ODOO\.LIST\((\d+),\d+,"([a-z_]+)"\)')


@tagged("post_install", "-at_install")
class TestTravelDashboard(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref(
            "travel_crm_dashboard.spreadsheet_dashboard_travel_customer_value"
        )
        cls.data = json.loads(cls.dashboard.spreadsheet_data)
        cls.manager = new_test_user(
            cls.env,
            login="dashboard_manager",
            groups="base.group_user,travel_crm.group_travel_manager",
        )
        cls.agent = new_test_user(
            cls.env,
            login="dashboard_agent",
            groups="base.group_user,travel_crm.group_travel_agent",
        )

    def _formulas(self):
        for sheet in self.data["sheets"]:
            for ref, cell in sheet["cells"].items():
                content = cell.get("content", "")
                if content.startswith("="):
                    yield sheet["name"], ref, content

    @staticmethod
    def _pivot_fields(kind, args):
        """Field names a PIVOT.VALUE / PIVOT.HEADER call names: the measure,
        then every other argument ("#field:granularity" for positions)."""
        args = [arg.strip('"') for arg in args.split(",")[1:]]
        if kind == "VALUE":
            yield args.pop(0)
        for name in args[::2]:
            yield name.lstrip("#").split(":")[0]

    def _data_sources(self):
        """(description, model, fields, domain) of every pivot, list and
        chart of the spreadsheet."""
        for pivot in self.data["pivots"].values():
            dimensions = [d["fieldName"] for d in pivot["rows"] + pivot["columns"]]
            measures = [m["fieldName"] for m in pivot["measures"]]
            yield (
                f"pivot {pivot['id']}",
                pivot["model"],
                dimensions + measures,
                pivot["domain"],
            )
        for list_ in self.data["lists"].values():
            order = [o["name"] for o in list_["orderBy"]]
            yield (
                f"list {list_['id']}",
                list_["model"],
                list_["columns"] + order,
                list_["domain"],
            )
        for sheet in self.data["sheets"]:
            for figure in sheet["figures"]:
                data = figure["data"]
                if not data["type"].startswith("odoo_"):
                    continue
                meta = data["metaData"]
                groups = [group.split(":")[0] for group in meta["groupBy"]]
                yield (
                    f"chart {figure['id']}",
                    meta["resModel"],
                    [*groups, meta["measure"]],
                    data["searchParams"]["domain"],
                )

    def test_dashboard_is_published_in_the_travel_group(self):
        self.assertEqual(self.data["version"], 21)
        self.assertTrue(self.dashboard.is_published)
        self.assertEqual(
            self.dashboard.dashboard_group_id,
            self.env.ref("travel_crm_dashboard.spreadsheet_dashboard_group_travel"),
        )
        self.assertEqual(
            [sheet["name"] for sheet in self.data["sheets"]], ["Dashboard", "Data"]
        )

    def test_every_model_and_field_exists_and_a_manager_reads_them(self):
        sources = list(self._data_sources())
        self.assertEqual(
            {model for _what, model, _fields, _domain in sources},
            {
                "travel.customer.report",
                "travel.cohort.report",
                "travel.segment.history",
            },
        )
        for what, model, field_names, domain in sources:
            with self.subTest(source=what):
                Model = self.env[model].with_user(self.manager)
                fields = Model.fields_get(field_names)
                self.assertEqual(sorted(fields), sorted(set(field_names)))
                # reading them through the ORM as the manager raises nothing
                Model.search_read(domain, field_names, limit=1)
                Model.read_group(domain, field_names[-1:], field_names[:1])

    def test_formulas_reference_defined_pivots_lists_and_fields(self):
        pivots, lists = self.data["pivots"], self.data["lists"]
        used_pivots = set()
        for sheet, ref, formula in self._formulas():
            for kind, pivot_id, args in PIVOT_CALL.findall(formula):
                with self.subTest(cell=f"{sheet}!{ref}"):
                    self.assertIn(pivot_id, pivots)
                    used_pivots.add(pivot_id)
                    pivot = pivots[pivot_id]
                    known = {d["fieldName"] for d in pivot["rows"] + pivot["columns"]}
                    known |= {m["fieldName"] for m in pivot["measures"]}
                    self.assertTrue(set(self._pivot_fields(kind, args)) <= known)
            for list_id, field_name in LIST_CALL.findall(formula):
                with self.subTest(cell=f"{sheet}!{ref}"):
                    self.assertIn(field_name, lists[list_id]["columns"])
        self.assertEqual(used_pivots, set(pivots))

    def test_figures_point_at_data_cells_and_menus_that_exist(self):
        cells = {sheet["name"]: sheet["cells"] for sheet in self.data["sheets"]}
        for sheet in self.data["sheets"]:
            for figure in sheet["figures"]:
                if figure["data"]["type"] == "scorecard":
                    sheet_name, ref = figure["data"]["keyValue"].split("!")
                    self.assertIn(ref, cells[sheet_name])
        for xmlid in self.data["chartOdooMenusReferences"].values():
            self.assertTrue(self.env.ref(xmlid, raise_if_not_found=False), xmlid)

    def test_global_filter_matches_every_data_source(self):
        [customer_filter] = self.data["globalFilters"]
        self.assertEqual(customer_filter["modelName"], "res.partner")
        for _what, model, _fields, _domain in self._data_sources():
            self.assertEqual(
                self.env[model]._fields["partner_id"].comodel_name, "res.partner"
            )
        matchings = [
            source["fieldMatching"][customer_filter["id"]]
            for source in [*self.data["pivots"].values(), *self.data["lists"].values()]
        ]
        self.assertEqual(
            {(m["chain"], m["type"]) for m in matchings}, {("partner_id", "many2one")}
        )

    def test_managers_see_the_dashboard_agents_do_not(self):
        Dashboard = self.env["spreadsheet.dashboard"]
        self.assertIn(self.dashboard, Dashboard.with_user(self.manager).search([]))
        self.assertNotIn(self.dashboard, Dashboard.with_user(self.agent).search([]))
        loaded = self.dashboard.with_user(self.manager).get_readonly_dashboard()
        self.assertEqual(
            loaded["snapshot"]["pivots"].keys(), self.data["pivots"].keys()
        )
        self.assertNotIn("is_sample", loaded)
