from datetime import timedelta

from odoo import Command, api, fields, models

from .travel_demo import XMLID_PREFIX

# destination: country code, itinerary, hotel and tour operator keys, daily
# hotel price, flight price, tour price
DESTINATIONS = [
    ("it", "Rome, Florence and Venice", "hotel_roma", "tour_europa", 180, 320, 450),
    ("jp", "Tokyo, Kyoto and Osaka", "hotel_kyoto", "tour_asia", 210, 980, 620),
    ("gr", "Athens and the Cyclades", "hotel_santorini", "tour_europa", 160, 290, 380),
    ("th", "Bangkok, Chiang Mai and Phuket", "hotel_phuket", "tour_asia", 95, 850, 300),
    ("pe", "Lima, Cusco and Machu Picchu", "hotel_cusco", "tour_andes", 120, 1150, 700),
    (
        "is",
        "Reykjavik and the Ring Road",
        "hotel_reykjavik",
        "tour_nordic",
        230,
        380,
        540,
    ),
    ("ma", "Marrakech and the Atlas", "hotel_marrakech", "tour_africa", 110, 260, 350),
    ("es", "Barcelona and Andalusia", "hotel_sevilla", "tour_europa", 140, 210, 260),
    ("za", "Cape Town and Kruger", "hotel_capetown", "tour_africa", 150, 1050, 900),
    ("nz", "Auckland to Queenstown", "hotel_queenstown", "tour_asia", 170, 1600, 820),
]
AIRLINES = ["airline_skyways", "airline_eurowings", "airline_pacific"]

# target state, number of bookings, first and last departure offset (days)
PLAN = [
    ("done", 58, -540, -12),
    ("cancel_past", 7, -400, -20),
    ("in_progress", 8, -6, -1),
    ("confirmed", 26, 6, 200),
    ("draft", 14, 10, 240),
    ("cancel", 7, 15, 150),
]
# Odoo's demo portal user (login ``portal``) travels too: the first completed
# trip of the plan is theirs, moved to a month ago, and so is the first
# confirmed one, moved to six weeks ahead (target state: departure offset).
PORTAL_TRIPS = {"done": -30, "confirmed": 45}
CANCEL_REASONS = [
    "Customer fell ill before departure.",
    "Flights rescheduled by the airline, customer declined the new dates.",
    "Family emergency.",
    "Customer chose another destination.",
    "Visa was not granted in time.",
]


class TravelDemoAgency(models.AbstractModel):
    """The demo agency's 120 bookings, made in draft and brought to their
    target state with the booking's own actions."""

    _inherit = "travel.demo.agency"

    def _agents(self):
        return (
            self._ref("user_travel_agent_demo")
            | self._ref("user_travel_agent2_demo")
            | self._ref("user_travel_manager_demo")
        )

    def _create_bookings(self, rng, travellers, company):
        """120 bookings in draft, two of them for the demo portal user (when
        there is one); returns {booking: target state}."""
        agents = self._agents()
        portal = self._portal_partner()
        portal_trips = dict(PORTAL_TRIPS) if portal else {}
        # loyal customers book again and again, most others once or twice, and
        # some profiles are prospects who never booked
        weights = [
            5 if i < 8 else 2 if i < 24 else 1 if i < 42 else 0
            for i in range(len(travellers))
        ]
        vals_list, targets = [], []
        for target, count, first, last in PLAN:
            for _index in range(count):
                customer = rng.choices(travellers, weights=weights)[0]
                departure_offset = rng.randint(first, last)
                if target in portal_trips:
                    # drawn all the same: the other bookings stay as they were
                    customer, departure_offset = portal, portal_trips.pop(target)
                nights = self._trip_nights(target, departure_offset, rng.randint(4, 14))
                vals_list.append(
                    self._booking_vals(
                        rng, customer, agents, departure_offset, nights, company
                    )
                )
                targets.append(target)
        # create in departure order so that references follow the calendar
        order = sorted(
            range(len(vals_list)), key=lambda i: vals_list[i]["departure_date"]
        )
        bookings = self.env["travel.booking"].create([vals_list[i] for i in order])
        self._update_demo_xmlids(
            {
                f"{XMLID_PREFIX}{number:03d}": booking
                for number, booking in enumerate(bookings, start=1)
            }
        )
        return {booking: targets[i] for booking, i in zip(bookings, order, strict=True)}

    @api.model
    def _trip_nights(self, target, departure_offset, nights):
        """Nights of a trip leaving ``departure_offset`` days from today: a trip
        under way comes back the day after tomorrow at the earliest, a completed
        one came back yesterday at the latest."""
        if target == "in_progress":
            return max(nights, -departure_offset + 2)
        if target == "done":
            return min(nights, -departure_offset - 1)
        return nights

    def _booking_vals(self, rng, customer, agents, departure_offset, nights, company):
        destination = rng.choice(DESTINATIONS)
        departure = self._demo_date(departure_offset)
        arrival = departure + timedelta(days=nights)
        travellers = customer | customer.companion_ids.companion_id
        lines = self._booking_lines(
            rng, destination, departure, arrival, nights, len(travellers)
        )
        return {
            "partner_id": customer.id,
            "traveller_ids": [Command.set(travellers.ids)],
            "destination_country_ids": [
                Command.set(self.env.ref(f"base.{destination[0]}").ids)
            ],
            "destination": destination[1],
            "departure_date": departure,
            "return_date": arrival,
            "user_id": rng.choice(agents).id,
            "company_id": company.id,
            "line_ids": lines,
        }

    def _booking_lines(self, rng, destination, departure, arrival, nights, pax):
        """The services of a trip to ``destination`` (a ``DESTINATIONS``
        entry) for ``pax`` travellers: flight and hotel always, a tour,
        transfers and insurance for most trips; one margin for all of them."""
        (
            _country,
            itinerary,
            hotel,
            tour_operator,
            night_price,
            flight_price,
            tour_price,
        ) = destination
        rooms = 1 if pax <= 2 else 2
        margin = rng.uniform(0.12, 0.25)

        def line(service, name, supplier, quantity, price, start, end):
            return self._booking_line(
                rng, margin, service, name, supplier, quantity, price, start, end
            )

        airline = rng.choice(AIRLINES)
        flight = f"Return flight to {itinerary.split(',')[0]}"
        lines = [
            line("flight", flight, airline, pax, flight_price, departure, arrival),
            line(
                "hotel",
                f"{nights} nights, {rooms} room(s)",
                hotel,
                nights * rooms,
                night_price,
                departure,
                arrival,
            ),
        ]
        if rng.random() < 0.7:
            day = departure + timedelta(days=rng.randint(1, max(1, nights - 2)))
            tour = f"Guided tour: {itinerary}"
            lines.append(line("tour", tour, tour_operator, pax, tour_price, day, day))
        if rng.random() < 0.6:
            lines.append(
                line(
                    "transfer",
                    "Airport transfers",
                    "transfer_citylink",
                    2,
                    45,
                    departure,
                    arrival,
                )
            )
        if rng.random() < 0.5:
            insurer = "insurer_globalcare"
            insurance = "Travel insurance"
            lines.append(
                line("insurance", insurance, insurer, pax, 60, departure, arrival)
            )
        return lines

    def _booking_line(
        self, rng, margin, service, name, supplier, quantity, price, start, end
    ):
        """One service, its price drawn around the catalogue's ``price`` and
        its cost ``margin`` below it."""
        price = round(price * rng.uniform(0.9, 1.2))
        return Command.create(
            {
                "service_type": service,
                "name": name,
                "supplier_id": self._ref(supplier).id if supplier else False,
                "date_start": start,
                "date_end": end,
                "quantity": quantity,
                "price_unit": price,
                "cost_unit": round(price * (1 - margin), 2),
            }
        )

    def _advance_bookings(self, rng, targets):
        """Move each booking towards its target state with the module's
        actions, completing past trips oldest first (tiers grow with the
        history). Cancellation comes last, after invoicing."""
        today = fields.Date.context_today(self)
        to_confirm = self._of(
            targets, "done", "cancel_past", "in_progress", "confirmed"
        ) | self._of(targets, "cancel").filtered(lambda b: b.id % 2)
        for booking in to_confirm.sorted("departure_date"):
            booking.action_confirm()
            booking.date_confirmed = min(
                booking.departure_date - timedelta(days=rng.randint(20, 120)), today
            )
        started = self._of(targets, "done").filtered(lambda b: b.id % 3 == 0)
        (self._of(targets, "in_progress") | started).action_start()
        for booking in self._of(targets, "done").sorted("departure_date"):
            booking.action_done()

    def _cancel_bookings(self, rng, targets):
        cancelled = self._of(targets, "cancel_past", "cancel")
        for booking in cancelled:
            booking.cancel_reason = rng.choice(CANCEL_REASONS)
        cancelled.action_cancel()
