from lxml import etree

from odoo.tests import tagged, users, warmup

from .common import TravelCrmCase, booking_line, booking_vals


def view_specification(env, model, view_type):
    """The specification the web client sends to ``web_read`` /
    ``web_search_read`` for the default view, built from the view the user
    gets: every field of the arch, many2one as their display name, x2many with
    the fields of their sub-view and the client's page size (40)."""
    views = env[model].get_views([(False, view_type)])
    arch = etree.fromstring(views["views"][view_type]["arch"])
    models = views["models"]

    def spec_of(model_name, node):
        fields_info = models[model_name]["fields"]
        spec = {}
        for field_node in node.iter("field"):
            # fields of a sub-view belong to their x2many, not to this level
            if not _directly_under(field_node, node):
                continue
            name = field_node.get("name")
            desc = fields_info[name]
            if desc["type"] == "many2one":
                spec[name] = {"fields": {"display_name": {}}}
            elif desc["type"] in ("one2many", "many2many"):
                sub_spec = {"display_name": {}}
                for sub_view in field_node:
                    if sub_view.tag in ("list", "kanban"):
                        sub_spec = spec_of(desc["relation"], sub_view)
                        break
                spec[name] = {"fields": sub_spec, "limit": 40}
            else:
                spec[name] = {}
        return spec

    return spec_of(model, arch)


def _directly_under(field_node, root):
    """True if no other <field> lies between ``field_node`` and ``root``."""
    for parent in field_node.iterancestors():
        if parent is root:
            return True
        if parent.tag == "field":
            return False
    return False


@tagged("post_install", "-at_install")
class TestQueryCounts(TravelCrmCase):
    """Opening a traveller and the bookings list costs the same number of
    queries however long the history is (issue #9: agencies with travellers of
    1,000 trips and a million bookings)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier = cls.env["res.partner"].create(
            {"name": "Hotel Query", "is_company": True}
        )
        cls.one_trip = cls._create_traveller("Olga One-Trip", email="olga@example.com")
        cls.frequent = cls._create_traveller(
            "Frank Frequent", email="frank@example.com"
        )
        cls._create_bookings(cls.one_trip, 1)
        cls._create_bookings(cls.frequent, 90)

    @classmethod
    def _create_bookings(cls, partner, count):
        """``count`` one-night hotel trips of ``partner`` spread over 2026."""
        return cls.env["travel.booking"].create(
            [
                booking_vals(
                    partner,
                    [
                        booking_line(
                            f"Hotel night {i}",
                            "hotel",
                            100.0 + i,
                            80.0,
                            supplier_id=cls.supplier.id,
                            quantity=1,
                        )
                    ],
                    travellers=partner,
                    departure_date=f"2026-{1 + i % 12:02d}-{1 + i % 27:02d}",
                    return_date=f"2026-{1 + i % 12:02d}-{2 + i % 27:02d}",
                )
                for i in range(count)
            ]
        )

    def _queries_of(self, function):
        """Number of queries ``function`` runs on cold record caches."""
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        function()
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def _read_traveller_form(self, partner):
        spec = view_specification(self.env, "res.partner", "form")
        return partner.with_env(self.env).web_read(spec)

    def _bookings_domain(self):
        # the bookings of this test's travellers only: which other bookings (the
        # demo agency's, dated from its install day) would share the first page
        # depends on the day
        return [("partner_id", "in", (self.one_trip | self.frequent).ids)]

    def _read_bookings_page(self):
        spec = view_specification(self.env, "travel.booking", "list")
        return self.env["travel.booking"].web_search_read(
            self._bookings_domain(), spec, limit=80
        )

    @users("travel_agent")
    @warmup
    def test_traveller_form_queries_do_not_grow_with_bookings(self):
        # the first read fills the registry caches (views, access rules)
        self._read_traveller_form(self.one_trip)
        one_trip = self._queries_of(lambda: self._read_traveller_form(self.one_trip))
        self.env.invalidate_all()
        with self.assertQueryCount(one_trip):
            result = self._read_traveller_form(self.frequent)
        self.assertEqual(result[0]["name"], "Frank Frequent")
        frequent = self._queries_of(lambda: self._read_traveller_form(self.frequent))
        self.assertEqual(frequent, one_trip)

    @users("travel_agent")
    @warmup
    def test_bookings_list_first_page_queries_do_not_grow_with_history(self):
        self._read_bookings_page()  # fills the registry caches
        short_history = self._queries_of(self._read_bookings_page)
        # more history than a page, in other states
        more = self._create_bookings(self.one_trip, 120)
        more[:60].action_confirm()
        self.env.invalidate_all()
        with self.assertQueryCount(short_history):
            page = self._read_bookings_page()
        self.assertEqual(len(page["records"]), 80)
        self.assertEqual(page["length"], 1 + 90 + 120)
        self.assertEqual(
            page["length"],
            self.env["travel.booking"].search_count(self._bookings_domain()),
        )
        long_history = self._queries_of(self._read_bookings_page)
        self.assertEqual(long_history, short_history)
