"""Demo agency: travellers, bookings and their aftermath, made through the
module's own flows so that every figure (amounts, points, tiers, NPS, scores)
is what the application itself computes.

Only demo data calls this (``demo/travel_agency_demo.xml``). Choices are drawn
from a seeded ``random.Random``, so two installs on the same day build the same
agency; dates are relative to the day of the install.
"""

import gc
import logging
import random
from collections import defaultdict
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import Command, api, fields, models

_logger = logging.getLogger(__name__)

SEED = 2024
XMLID_PREFIX = "travel_crm.travel_booking_demo_"

FIRST_NAMES = [
    ("Oliver", "male"),
    ("Mei", "female"),
    ("Hugo", "male"),
    ("Ingrid", "female"),
    ("Rafael", "male"),
    ("Yuki", "female"),
    ("Daniel", "male"),
    ("Chloé", "female"),
    ("Mateo", "male"),
    ("Hannah", "female"),
    ("Wei", "male"),
    ("Fatima", "female"),
    ("Lars", "male"),
    ("Elena", "female"),
    ("Samuel", "male"),
    ("Aiko", "female"),
    ("Tomás", "male"),
    ("Nora", "female"),
    ("Arjun", "male"),
    ("Zoe", "female"),
    ("Felix", "male"),
    ("Leila", "female"),
    ("Jonas", "male"),
    ("Isabel", "female"),
    ("Min-jun", "male"),
    ("Olivia", "female"),
    ("Ethan", "male"),
    ("Sara", "female"),
    ("Kwame", "male"),
    ("Ling", "female"),
    ("Pierre", "male"),
    ("Alba", "female"),
    ("Henrik", "male"),
    ("Maya", "female"),
    ("Victor", "male"),
    ("Julia", "female"),
    ("Ravi", "male"),
]
LAST_NAMES = [
    ("Bennett", "uk"),
    ("Zhang", "cn"),
    ("Lefèvre", "fr"),
    ("Johansson", "se"),
    ("Costa", "pt"),
    ("Nakamura", "jp"),
    ("Fischer", "de"),
    ("Moreau", "fr"),
    ("García", "es"),
    ("Keller", "ch"),
    ("Liu", "tw"),
    ("El Amrani", "ma"),
    ("Nilsen", "no"),
    ("Popescu", "ro"),
    ("Okafor", "ng"),
    ("Sato", "jp"),
    ("Herrera", "mx"),
    ("Lindqvist", "se"),
    ("Patel", "in"),
    ("Murphy", "ie"),
    ("Wagner", "at"),
    ("Haddad", "lb"),
    ("Vermeulen", "be"),
    ("Ferreira", "br"),
    ("Kim", "kr"),
    ("Clarke", "au"),
    ("Brown", "us"),
    ("Novak", "cz"),
    ("Mensah", "gh"),
    ("Chen", "sg"),
    ("Laurent", "fr"),
    ("Ruiz", "es"),
    ("Berg", "dk"),
    ("Kowalski", "pl"),
    ("Dubois-Roy", "ca"),
    ("Becker", "de"),
    ("Rao", "in"),
]
TAGS = [
    "adventure",
    "food",
    "culture",
    "beach",
    "nature",
    "luxury",
    "family",
    "wellness",
    "city",
    "sport",
]
STYLES = ["independent", "guided", "package", "tailor_made", "cruise", "business"]
BUDGETS = ["economy", "standard", "standard", "premium", "luxury"]
SEATS = ["window", "aisle", "front", "extra_legroom"]
MEALS = ["standard", "standard", "vegetarian", "vegan", "halal", "gluten_free"]
ROOMS = ["double", "twin", "single", "family", "suite"]
CHANNELS = ["email", "email", "phone", "sms", "messaging"]
CONSENT_SOURCES = ["web_form", "in_person", "booking", "email"]

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
CANCEL_REASONS = [
    "Customer fell ill before departure.",
    "Flights rescheduled by the airline, customer declined the new dates.",
    "Family emergency.",
    "Customer chose another destination.",
    "Visa was not granted in time.",
]
FEEDBACK_COMMENTS = {
    "promoter": [
        "Everything was perfectly organised, thank you!",
        "Wonderful hotels and a great guide.",
        "Best holiday we ever had.",
        "Smooth from the first call to the flight home.",
    ],
    "passive": [
        "Good trip overall, the transfers were a bit late.",
        "Nice, but the hotel was far from the centre.",
        "Fine, nothing special.",
    ],
    "detractor": [
        "The hotel did not have our booking when we arrived.",
        "Flight delayed by six hours and nobody called us.",
        "The tour was cancelled at the last minute.",
    ],
}
# complaint state, priority, hours since it was opened, category, subject
COMPLAINTS = [
    ("new", "1", 2, "accommodation", "Room smaller than on the photos"),
    ("new", "2", 30, "transport", "Missed connection in Frankfurt"),
    ("new", "3", 60, "billing", "Charged twice for the excursion"),
    ("new", "0", 5, "staff", "Unfriendly reception at the hotel"),
    ("in_progress", "1", 20, "guide", "Guide spoke no English"),
    ("in_progress", "2", 80, "delay", "Transfer two hours late"),
    ("in_progress", "3", 120, "accommodation", "No hot water for three days"),
    ("in_progress", "1", 10, "billing", "Deposit not deducted on the invoice"),
    ("resolved", "2", 200, "transport", "Luggage lost on the return flight"),
    ("resolved", "1", 150, "accommodation", "Noisy room next to the lift"),
    ("resolved", "3", 300, "delay", "Overnight flight delay without a hotel"),
    ("resolved", "0", 90, "guide", "Tour shortened by an hour"),
    ("closed", "1", 900, "accommodation", "Pool closed during the stay"),
    ("closed", "2", 1200, "transport", "Downgraded to economy"),
    ("closed", "0", 700, "staff", "Documents sent late"),
    ("closed", "1", 1500, "billing", "Wrong name on the invoice"),
]


class TravelDemoAgency(models.AbstractModel):
    _name = "travel.demo.agency"
    _description = "Travel Demo Agency Generator"

    @api.model
    def _generate(self):
        """Build the demo agency once: a second call (``-i`` again) adds nothing."""
        if self.env.ref(f"{XMLID_PREFIX}001", raise_if_not_found=False):
            return False
        company = self.env.ref("base.main_company")
        self.with_company(company).with_context(
            mail_create_nolog=True
        )._generate_agency(company)
        return True

    def _generate_agency(self, company):
        rng = random.Random(SEED)
        travellers = self._create_travellers(rng)
        bookings = self._create_bookings(rng, travellers, company)
        self._advance_bookings(rng, bookings)
        self._redeem_points(rng, bookings)
        if self._can_invoice(company):
            # the accounting documents need no field-by-field tracking
            self.with_context(tracking_disable=True)._invoice_bookings(rng, bookings)
        else:
            _logger.info(
                "Demo agency: %s has no chart of accounts, bookings are not invoiced.",
                company.name,
            )
        self._cancel_bookings(rng, bookings)
        self._create_feedback(rng, bookings)
        self._create_complaints(rng, bookings)

    # ------------------------------------------------------------------
    # Travellers
    # ------------------------------------------------------------------

    def _ref(self, name):
        return self.env.ref(f"travel_crm.{name}")

    def _demo_date(self, days):
        return fields.Date.context_today(self) + timedelta(days=days)

    def _demo_birthdate(self, days):
        """A birth date ``days`` from today, never 29 February: a leap-day
        birthday is celebrated on another day in three years out of four, an
        edge case the demo agency should not depend on the install day for."""
        birthdate = self._demo_date(days)
        if (birthdate.month, birthdate.day) == (2, 29):
            birthdate -= timedelta(days=1)
        return birthdate

    def _create_travellers(self, rng):
        """The XML travellers plus generated ones with documents, preferences,
        companions and referrals."""
        Partner = self.env["res.partner"]
        existing = Partner.search(
            [("is_traveller", "=", True), ("email", "!=", False)], order="id"
        ) - self._ref("res_partner_traveller_lucia_romero_dup")
        vals_list = []
        for index, ((first, gender), (last, country_code)) in enumerate(
            zip(FIRST_NAMES, LAST_NAMES, strict=True)
        ):
            country = self.env.ref(f"base.{country_code}")
            consent = index % 3 != 0
            vals_list.append(
                {
                    "name": f"{first} {last}",
                    "is_traveller": True,
                    "email": f"{first}.{last}".lower().replace(" ", "")
                    + "@example.com",
                    "phone": f"+1 555 01{index:02d} {rng.randint(1000, 9999)}",
                    "country_id": country.id,
                    "nationality_id": country.id,
                    "birthdate": self._demo_birthdate(-rng.randint(24 * 365, 72 * 365)),
                    "gender": gender,
                    "interest_tag_ids": [
                        Command.set(
                            [
                                self._ref(f"travel_interest_tag_{tag}").id
                                for tag in rng.sample(TAGS, rng.randint(1, 3))
                            ]
                        )
                    ],
                    "preferred_destination_ids": [
                        Command.set(
                            [
                                self.env.ref(f"base.{dest[0]}").id
                                for dest in rng.sample(DESTINATIONS, 2)
                            ]
                        )
                    ],
                    "travel_style": rng.choice(STYLES),
                    "budget_band": rng.choice(BUDGETS),
                    "seat_preference": rng.choice(SEATS),
                    "meal_preference": rng.choice(MEALS),
                    "room_preference": rng.choice(ROOMS),
                    "preferred_channel": rng.choice(CHANNELS),
                    "marketing_consent": consent,
                    "marketing_consent_source": consent and rng.choice(CONSENT_SOURCES),
                }
            )
        generated = Partner.create(vals_list)
        self.env["ir.model.data"]._update_xmlids(
            [
                {
                    "xml_id": f"travel_crm.res_partner_traveller_demo_{index:02d}",
                    "record": partner,
                    "noupdate": True,
                }
                for index, partner in enumerate(generated, start=1)
            ]
        )
        self._create_documents(rng, generated)
        self._create_companions(rng, generated)
        # a few customers came through a friend's recommendation
        for partner in generated[5:30:6]:
            partner.referred_by_id = rng.choice(existing | generated[:5])
        # some withdraw their consent later: the consent log shows both
        generated.filtered("marketing_consent")[:3].marketing_consent = False
        return existing | generated

    def _create_documents(self, rng, partners):
        vals_list = []
        for index, partner in enumerate(partners):
            # one traveller in seven has no passport on file yet
            if index % 7 == 3:
                continue
            expiry = rng.randint(-60, 9 * 365)
            if index % 9 == 0:
                expiry = rng.randint(20, 150)  # expires soon: an engagement alert
            vals_list.append(
                {
                    "partner_id": partner.id,
                    "document_type": "passport",
                    "number": f"P{rng.randint(10**7, 10**8 - 1)}",
                    "issuing_country_id": partner.nationality_id.id,
                    "issue_date": self._demo_date(expiry - 10 * 365),
                    "expiry_date": self._demo_date(expiry),
                }
            )
            if index % 4 == 0:
                vals_list.append(
                    {
                        "partner_id": partner.id,
                        "document_type": "id_card",
                        "number": f"ID{rng.randint(10**6, 10**7 - 1)}",
                        "issuing_country_id": partner.nationality_id.id,
                        "expiry_date": self._demo_date(rng.randint(200, 3000)),
                    }
                )
        self.env["travel.document"].create(vals_list)

    def _create_companions(self, rng, partners):
        vals_list = []
        for index in range(0, len(partners) - 1, 5):
            partner, companion = partners[index], partners[index + 1]
            relation = rng.choice(["spouse", "friend", "sibling"])
            vals_list += [
                {
                    "partner_id": partner.id,
                    "companion_id": companion.id,
                    "relation_type": relation,
                },
                {
                    "partner_id": companion.id,
                    "companion_id": partner.id,
                    "relation_type": relation,
                },
            ]
        self.env["travel.companion"].create(vals_list)

    # ------------------------------------------------------------------
    # Bookings
    # ------------------------------------------------------------------

    def _agents(self):
        return (
            self._ref("user_travel_agent_demo")
            | self._ref("user_travel_agent2_demo")
            | self._ref("user_travel_manager_demo")
        )

    def _create_bookings(self, rng, travellers, company):
        """120 bookings in draft; returns {booking: target state}."""
        agents = self._agents()
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
        self.env["ir.model.data"]._update_xmlids(
            [
                {
                    "xml_id": f"{XMLID_PREFIX}{number:03d}",
                    "record": booking,
                    "noupdate": True,
                }
                for number, booking in enumerate(bookings, start=1)
            ]
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
        (
            country,
            itinerary,
            hotel,
            tour_operator,
            night_price,
            flight_price,
            tour_price,
        ) = rng.choice(DESTINATIONS)
        departure = self._demo_date(departure_offset)
        arrival = departure + timedelta(days=nights)
        travellers = customer | customer.companion_ids.companion_id
        pax = len(travellers)
        rooms = 1 if pax <= 2 else 2
        margin = rng.uniform(0.12, 0.25)

        def line(service, name, supplier, quantity, price, start, end):
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

        airline = rng.choice(AIRLINES)
        lines = [
            line(
                "flight",
                f"Return flight to {itinerary.split(',')[0]}",
                airline,
                pax,
                flight_price,
                departure,
                arrival,
            ),
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
            lines.append(
                line(
                    "tour",
                    f"Guided tour: {itinerary}",
                    tour_operator,
                    pax,
                    tour_price,
                    day,
                    day,
                )
            )
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
            lines.append(
                line(
                    "insurance",
                    "Travel insurance",
                    "insurer_globalcare",
                    pax,
                    60,
                    departure,
                    arrival,
                )
            )
        return {
            "partner_id": customer.id,
            "traveller_ids": [Command.set(travellers.ids)],
            "destination_country_ids": [
                Command.set(self.env.ref(f"base.{country}").ids)
            ],
            "destination": itinerary,
            "departure_date": departure,
            "return_date": arrival,
            "user_id": rng.choice(agents).id,
            "company_id": company.id,
            "line_ids": lines,
        }

    def _of(self, targets, *states):
        return self.env["travel.booking"].union(
            *[booking for booking, target in targets.items() if target in states]
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

    # ------------------------------------------------------------------
    # Invoices and bills
    # ------------------------------------------------------------------

    def _can_invoice(self, company):
        Journal = self.env["account.journal"]
        return bool(
            company.chart_template
            and self._first_open_date(company) <= fields.Date.context_today(self)
            and Journal.search_count(
                [("company_id", "=", company.id), ("type", "=", "sale")], limit=1
            )
            and Journal.search_count(
                [("company_id", "=", company.id), ("type", "=", "purchase")], limit=1
            )
            and Journal.search_count(
                [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
            )
        )

    def _first_open_date(self, company):
        """The first day after every lock date of ``company``: accounting
        documents and payments of the demo are dated from this day on (and up to
        today), never in a locked period."""
        company = company.sudo()
        locked = max(
            company.user_fiscalyear_lock_date,
            company.user_tax_lock_date,
            company.user_sale_lock_date,
            company.user_purchase_lock_date,
            company.user_hard_lock_date,
        )
        return locked + timedelta(days=1)

    @api.model
    def _supplier_payment_run(self, bill_date):
        """The supplier payment run that settles a bill: the last day of the
        month after the bill's month (31 January -> 28/29 February)."""
        return bill_date + relativedelta(months=1, day=31)

    def _create_moves(self, bookings, method):
        """Run the bookings' invoicing ``method`` once for all of them;
        return the moves it made."""
        if not bookings:
            return self.env["account.move"]
        before = bookings.invoice_ids
        getattr(bookings, method)()
        bookings.invalidate_recordset(["invoice_ids"])
        return bookings.invoice_ids - before

    def _set_invoice_dates(self, dates):
        """Write ``{move: date}`` with one write per date."""
        by_date = defaultdict(lambda: self.env["account.move"])
        for move, date in dates.items():
            by_date[date] |= move
        for date, moves in by_date.items():
            moves.invoice_date = date

    def _invoice_bookings(self, rng, targets):
        """Customer invoices and supplier bills where the state implies them:
        deposits on upcoming trips (posted, mostly paid, a few drafts), final
        invoices and supplier bills on trips under way or completed; most
        customers paid, the supplier payment run settles bills of past months.
        Each step runs once over all bookings concerned."""
        today = fields.Date.context_today(self)
        dates, to_pay = {}, {}
        upcoming = self._of(targets, "confirmed", "cancel", "cancel_past").filtered(
            lambda b: b.state != "draft" and rng.random() < 0.6
        )
        travelled = self._of(targets, "done", "in_progress")
        with_deposit = upcoming | travelled.filtered(lambda b: rng.random() < 0.25)
        deposits = self._create_moves(with_deposit, "action_create_deposit_invoice")
        draft_deposits = deposits.filtered(
            lambda m: m.travel_booking_ids <= upcoming and rng.random() < 0.2
        )
        for deposit in deposits:
            dates[deposit] = deposit.travel_booking_ids.date_confirmed or today
            if deposit in draft_deposits or (
                deposit.travel_booking_ids <= self._of(targets, "cancel", "cancel_past")
            ):
                continue
            if rng.random() < 0.8:
                to_pay[deposit] = dates[deposit] + timedelta(days=rng.randint(1, 10))
        # final invoices: trips under way or done, and upcoming trips leaving soon
        # (still in draft)
        soon = self._of(targets, "confirmed").filtered(
            lambda b: b.departure_date - today < timedelta(days=30)
        )
        invoices = self._create_moves(travelled | soon, "action_create_invoice")
        for invoice in invoices:
            booking = invoice.travel_booking_ids
            dates[invoice] = max(
                min(booking.departure_date - timedelta(days=14), today),
                booking.date_confirmed or today,
            )
            if booking in travelled and rng.random() < 0.85:
                to_pay[invoice] = dates[invoice] + timedelta(days=rng.randint(2, 25))
        bills = self._create_moves(travelled, "action_create_vendor_bills")
        for bill in bills:
            booking = bill.travel_booking_ids
            dates[bill] = min(booking.departure_date, today)
            bill.ref = f"{bill.partner_id.name[:3].upper()}-{booking.name}"
            # the supplier payment run at the end of the month after the bill
            run = self._supplier_payment_run(dates[bill])
            if run < today:
                to_pay[bill] = run
        # nothing in a locked period (``_can_invoice``: the first open day is
        # not after today, so every date stays between it and today)
        open_from = self._first_open_date(self.env.company)
        dates = {move: max(date, open_from) for move, date in dates.items()}
        to_pay = {move: max(date, open_from) for move, date in to_pay.items()}
        self._set_invoice_dates(dates)
        to_post = (
            (deposits - draft_deposits)
            | invoices.filtered(lambda m: m.travel_booking_ids in travelled)
            | bills
        )
        to_post.sorted(lambda m: (m.invoice_date, m.id)).action_post()
        gc.collect()
        self._register_payments(
            {move: min(date, today) for move, date in to_pay.items()}
        )

    def _register_payments(self, to_pay):
        """One payment run per date; bills of a run paid together per supplier."""
        by_date = defaultdict(lambda: self.env["account.move"])
        for move, date in to_pay.items():
            by_date[date] |= move
        for date in sorted(by_date):
            for moves in (
                by_date[date].filtered(lambda m: m.move_type == "out_invoice"),
                by_date[date].filtered(lambda m: m.move_type == "in_invoice"),
            ):
                if moves:
                    self.env["account.payment.register"].with_context(
                        active_model="account.move", active_ids=moves.ids
                    ).create(
                        {
                            "payment_date": date,
                            "group_payment": moves[:1].move_type == "in_invoice",
                        }
                    )._create_payments()

    # ------------------------------------------------------------------
    # Loyalty, feedback and complaints
    # ------------------------------------------------------------------

    def _redeem_points(self, rng, targets):
        """A few customers use points on their next trip, one takes a reward."""
        company = self.env.company
        upcoming = [b for b, t in targets.items() if t in ("confirmed", "draft")]
        redeemed = 0
        for booking in sorted(upcoming, key=lambda b: b.id):
            balance = booking.partner_id.loyalty_points
            if balance < max(company.loyalty_min_redemption, 2000):
                continue
            value_cap = int(
                booking.amount_total_after_points / company.loyalty_point_value
            )
            points = min(int(balance // 2), value_cap)
            if points < company.loyalty_min_redemption:
                continue
            booking._loyalty_redeem(points)
            redeemed += 1
            if redeemed == 4:
                break
        reward = self._ref("travel_loyalty_reward_lounge")
        for booking in sorted(upcoming, key=lambda b: -b.partner_id.loyalty_points):
            if booking.partner_id.loyalty_points >= reward.points_cost:
                booking._loyalty_redeem(reward.points_cost, reward=reward)
            break

    def _create_feedback(self, rng, targets):
        """Completing a trip asks its travellers for feedback; most answer."""
        done = self._of(targets, "done")
        self.env["travel.feedback"]._create_requests(done, send=False)
        requests = self.env["travel.feedback"].search(
            [("booking_id", "in", done.ids), ("state", "=", "requested")], order="id"
        )
        now = fields.Datetime.now()
        for feedback in requests:
            if rng.random() < 0.2:
                continue  # still waiting for an answer
            score = rng.choices(
                range(11), weights=[1, 1, 1, 2, 2, 3, 4, 8, 12, 16, 14]
            )[0]
            category = (
                "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"
            )
            comment = (
                rng.choice(FEEDBACK_COMMENTS[category]) if rng.random() < 0.7 else None
            )
            feedback._submit(score, comment)
            answered = datetime.combine(
                feedback.booking_id.return_date + timedelta(days=rng.randint(1, 10)),
                time(rng.randint(8, 20), rng.randint(0, 59)),
            )
            feedback.date_answered = min(answered, now)

    def _create_complaints(self, rng, targets):
        """Complaints in every state; overdue ones get escalated by the SLA run."""
        Complaint = self.env["travel.complaint"]
        trips = sorted(
            (b for b, t in targets.items() if t in ("done", "in_progress")),
            key=lambda b: b.return_date,
            reverse=True,
        )
        now = fields.Datetime.now()
        manager = self._ref("user_travel_manager_demo")
        for index, (state, priority, hours, category, subject) in enumerate(COMPLAINTS):
            booking = trips[index * 2 % len(trips)]
            line = booking.line_ids.filtered("supplier_id")[:1]
            complaint = Complaint.create(
                {
                    "subject": subject,
                    "description": Markup("<p>%s</p>") % subject,
                    "partner_id": booking.partner_id.id,
                    "booking_id": booking.id,
                    "booking_line_id": line.id,
                    "supplier_id": line.supplier_id.id,
                    "category_id": self._ref(
                        f"travel_complaint_category_{category}"
                    ).id,
                    "priority": priority,
                    "channel": rng.choice(["email", "phone", "web", "in_person"]),
                    "date_open": now - timedelta(hours=hours),
                }
            )
            if state == "new":
                continue
            complaint.with_user(manager).action_start()
            if state == "in_progress":
                continue
            complaint.resolution = Markup(
                "<p>Apologised; the supplier confirmed the issue and compensates.</p>"
            )
            if index % 4 == 0:
                complaint.write(
                    {"compensation_type": "loyalty_points", "compensation_points": 1000}
                )
            complaint.action_resolve()
            if state == "closed":
                complaint.action_close()
        # refresh the SLA figures and escalate breaches as the hourly run would
        for domain, method in (
            (Complaint._sla_refresh_domain(now), "_sla_refresh"),
            (Complaint._sla_warn_domain(), "_sla_warn"),
            (Complaint._sla_escalate_domain(), "_sla_escalate"),
        ):
            getattr(Complaint.search(domain), method)()
