from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import booking_line, create_booking


@tagged("post_install", "-at_install")
class TestTravelBookingReporting(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            login="rep_agent",
            groups="base.group_user,travel_crm.group_travel_agent",
        )
        cls.portugal = cls.env.ref("base.pt")
        cls.spain = cls.env.ref("base.es")
        cls.hotel = cls.env["res.partner"].create({"name": "Pousada do Sol"})
        cls.bus = cls.env["res.partner"].create({"name": "Iberia Coaches"})
        cls.customer = cls.env["res.partner"].create({"name": "Marta Mapa"})
        cls.source = cls.env["utm.source"].create({"name": "Travel fair"})
        cls.iberia = cls._create_iberia_trip()
        cls.lisbon = cls._create_lisbon_trip()
        cls.bookings = cls.iberia + cls.lisbon

    @classmethod
    def _create_iberia_trip(cls):
        """May, Portugal and Spain, from the travel fair: untaxed 600, cost 450."""
        return create_booking(
            cls.env,
            cls.customer,
            [
                booking_line(
                    "Pousada", "other", 100, 75, supplier_id=cls.hotel.id, quantity=4
                ),
                booking_line("Coach", "other", 200, 150, supplier_id=cls.bus.id),
            ],
            destination_country_ids=[Command.set((cls.portugal + cls.spain).ids)],
            destination="Lisbon, Seville",
            departure_date="2026-05-02",
            return_date="2026-05-09",
            source_id=cls.source.id,
        )

    @classmethod
    def _create_lisbon_trip(cls):
        """June, Portugal: untaxed 220, cost 150."""
        return create_booking(
            cls.env,
            cls.customer,
            [
                booking_line(
                    "Pousada", "other", 110, 75, supplier_id=cls.hotel.id, quantity=2
                )
            ],
            destination_country_ids=[Command.set(cls.portugal.ids)],
            departure_date="2026-06-10",
            return_date="2026-06-12",
        )

    def test_revenue_and_margin_by_destination(self):
        groups = self.env["travel.booking"]._read_group(
            [("id", "in", self.bookings.ids)],
            ["destination_country_ids"],
            ["amount_untaxed:sum", "margin:sum"],
        )
        by_country = {country: (rev, margin) for country, rev, margin in groups}
        self.assertEqual(by_country[self.portugal], (820, 220))
        self.assertEqual(by_country[self.spain], (600, 150))

    def test_revenue_by_month_agent_and_channel(self):
        groups = self.env["travel.booking"]._read_group(
            [("id", "in", self.bookings.ids)],
            ["departure_date:month", "source_id"],
            ["amount_untaxed:sum"],
        )
        self.assertEqual(
            sorted((str(month), src.name, rev) for month, src, rev in groups),
            [("2026-05-01", "Travel fair", 600), ("2026-06-01", False, 220)],
        )

    def test_cost_and_margin_by_supplier(self):
        groups = self.env["travel.booking.line"]._read_group(
            [("booking_id", "in", self.bookings.ids)],
            ["supplier_id"],
            ["cost_subtotal:sum", "margin:sum"],
        )
        by_supplier = {s: (c, m) for s, c, m in groups}
        self.assertEqual(by_supplier[self.hotel], (450, 170))
        self.assertEqual(by_supplier[self.bus], (150, 50))

    def test_supplier_smart_button_counts_booked_services(self):
        hotel = self.hotel.with_user(self.agent)
        self.assertEqual(hotel.travel_service_count, 2)
        self.assertEqual(hotel.travel_service_cost, 450)
        action = hotel.action_view_travel_services()
        self.assertEqual(action["res_model"], "travel.booking.line")
        services = self.env["travel.booking.line"].search(action["domain"])
        self.assertEqual(len(services), 2)

        self.lisbon.cancel_reason = "Cancelled by customer"
        self.lisbon.action_cancel()
        hotel.invalidate_recordset()
        self.assertEqual(hotel.travel_service_count, 1)
        self.assertEqual(hotel.travel_service_cost, 300)

    def test_booking_and_service_views_load_for_agents(self):
        Booking = self.env["travel.booking"].with_user(self.agent)
        views = Booking.get_views(
            [
                (False, "kanban"),
                (False, "calendar"),
                (False, "pivot"),
                (False, "graph"),
                (False, "activity"),
            ]
        )
        self.assertEqual(
            set(views["views"]), {"kanban", "calendar", "pivot", "graph", "activity"}
        )
        Line = self.env["travel.booking.line"].with_user(self.agent)
        views = Line.get_views(
            [(False, "list"), (False, "pivot"), (False, "graph"), (False, "search")]
        )
        self.assertIn("pivot", views["views"])
        partner_views = (
            self.env["res.partner"].with_user(self.agent).get_views([(False, "form")])
        )
        self.assertIn("travel_service_count", partner_views["views"]["form"]["arch"])
