import gc
from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class TravelDemoAgency(models.AbstractModel):
    """What the demo agency's customers pay and its suppliers are paid:
    points redeemed on bookings, deposits, final invoices, supplier bills and
    their payments, never in a locked accounting period."""

    _inherit = "travel.demo.agency"

    # ------------------------------------------------------------------
    # Loyalty points
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
        # {move: invoice date}, {move: payment date}, filled by each step
        dates, to_pay = {}, {}
        travelled = self._of(targets, "done", "in_progress")
        deposits, draft_deposits = self._invoice_deposits(
            rng, targets, travelled, today, dates, to_pay
        )
        invoices = self._invoice_final(rng, targets, travelled, today, dates, to_pay)
        bills = self._invoice_bills(travelled, today, dates, to_pay)
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

    def _invoice_deposits(self, rng, targets, travelled, today, dates, to_pay):
        """Deposit invoices on most upcoming trips and a quarter of the trips
        travelled; a few stay in draft, most are paid days after the booking
        was confirmed (never those of cancelled trips). Returns the deposits
        and the draft ones."""
        upcoming = self._of(targets, "confirmed", "cancel", "cancel_past").filtered(
            lambda b: b.state != "draft" and rng.random() < 0.6
        )
        with_deposit = upcoming | travelled.filtered(lambda b: rng.random() < 0.25)
        deposits = self._create_moves(with_deposit, "action_create_deposit_invoice")
        draft_deposits = deposits.filtered(
            lambda m: m.travel_booking_ids <= upcoming and rng.random() < 0.2
        )
        cancelled = self._of(targets, "cancel", "cancel_past")
        for deposit in deposits:
            dates[deposit] = deposit.travel_booking_ids.date_confirmed or today
            if deposit in draft_deposits or deposit.travel_booking_ids <= cancelled:
                continue
            if rng.random() < 0.8:
                to_pay[deposit] = dates[deposit] + timedelta(days=rng.randint(1, 10))
        return deposits, draft_deposits

    def _invoice_final(self, rng, targets, travelled, today, dates, to_pay):
        """Final invoices: trips under way or done (mostly paid), and upcoming
        trips leaving within 30 days (still in draft)."""
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
        return invoices

    def _invoice_bills(self, travelled, today, dates, to_pay):
        """Supplier bills of the trips travelled, settled by the supplier
        payment run at the end of the month after the bill (once it is past)."""
        bills = self._create_moves(travelled, "action_create_vendor_bills")
        for bill in bills:
            booking = bill.travel_booking_ids
            dates[bill] = min(booking.departure_date, today)
            bill.ref = f"{bill.partner_id.name[:3].upper()}-{booking.name}"
            run = self._supplier_payment_run(dates[bill])
            if run < today:
                to_pay[bill] = run
        return bills

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
