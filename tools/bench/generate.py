"""Set-based, seeded dataset generator for travel_crm benchmarks.

Writes travellers, suppliers, bookings and booking lines with INSERT ... SELECT over
generate_series. Every "random" value comes from hashing the row number with the
seed, so one size and seed always give the same data whatever PostgreSQL's plan.
Stored totals are then computed in SQL exactly as the ORM computes them (lines
carry no taxes here), and ``check_consistency`` verifies them.
"""

from odoo.tools import SQL

SIZES = {
    # travellers, bookings, lines per booking
    "tiny": (200, 1_000, 3),
    "small": (2_000, 20_000, 3),
    "medium": (20_000, 200_000, 3),
    "large": (100_000, 1_000_000, 3),
}
SERVICE_TYPES = ["flight", "hotel", "tour", "transfer", "insurance", "visa", "other"]


def _rand(expr, seed, salt):
    """A deterministic value in [0, 1) from a row expression, seed and salt."""
    return SQL(
        "(('x' || substr(md5((%s)::text || %s || %s), 1, 8))::bit(32)::bigint"
        " / 4294967296.0)",
        expr,
        seed,
        salt,
    )


def generate(env, size, seed=42):
    travellers, bookings, lines_per_booking = SIZES[size]
    cr = env.cr
    company = env.company
    currency_id = company.currency_id.id
    uid = env.uid
    env.flush_all()

    cr.execute(
        SQL(
            """
            INSERT INTO res_partner (name, complete_name, email, lang, active, type,
                                     is_company, autopost_bills, customer_rank,
                                     create_uid, write_uid, create_date, write_date)
            SELECT 'Bench Traveller ' || i, 'Bench Traveller ' || i,
                   'traveller' || i || '@bench.example', 'en_US', true, 'contact',
                   false, 'ask', 1, %(uid)s, %(uid)s, now(), now()
              FROM generate_series(1, %(n)s) AS i
            RETURNING id
            """,
            uid=uid,
            n=travellers,
        )
    )
    traveller_ids = [row[0] for row in cr.fetchall()]
    if "is_traveller" in env["res.partner"]._fields:
        cr.execute(
            SQL(
                "UPDATE res_partner SET is_traveller = true WHERE id = ANY(%s)",
                traveller_ids,
            )
        )
    cr.execute(
        SQL(
            """
            INSERT INTO res_partner (name, complete_name, lang, active, type,
                                     is_company, autopost_bills, supplier_rank,
                                     create_uid, write_uid, create_date, write_date)
            SELECT 'Bench Supplier ' || i, 'Bench Supplier ' || i, 'en_US', true,
                   'contact', true, 'ask', 1, %(uid)s, %(uid)s, now(), now()
              FROM generate_series(1, 50) AS i
            RETURNING id
            """,
            uid=uid,
        )
    )
    supplier_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id"
        " WHERE commercial_partner_id IS NULL"
    )

    first_traveller = min(traveller_ids)
    first_supplier = min(supplier_ids)
    # Departures spread over the last four years and the coming year; states follow
    # the dates (past trips done or cancelled, future ones draft or confirmed).
    cr.execute(
        SQL(
            """
            INSERT INTO travel_booking (name, partner_id, departure_date, return_date,
                                        state, company_id, currency_id, user_id,
                                        create_uid, write_uid, create_date,
                                        write_date)
            SELECT 'TB/BENCH/' || lpad(b.i::text, 7, '0'),
                   %(first_traveller)s
                       + floor(power(%(r_partner)s, 1.6) * %(travellers)s)::int,
                   b.dep, b.dep + (2 + floor(%(r_len)s * 14))::int,
                   CASE WHEN b.dep < current_date
                        THEN CASE WHEN %(r_state)s < 0.08 THEN 'cancel' ELSE 'done' END
                        ELSE CASE WHEN %(r_state)s < 0.5 THEN 'draft'
                                  ELSE 'confirmed' END
                   END,
                   %(company)s, %(currency)s, %(uid)s, %(uid)s, %(uid)s, now(), now()
              FROM (SELECT i, current_date - 1460
                              + floor(%(r_day)s * 1825)::int AS dep
                      FROM generate_series(1, %(bookings)s) AS i) AS b
            """,
            first_traveller=first_traveller,
            r_partner=_rand(SQL("b.i"), seed, "partner"),
            travellers=travellers,
            r_len=_rand(SQL("b.i"), seed, "length"),
            r_state=_rand(SQL("b.i"), seed, "state"),
            r_day=_rand(SQL("i"), seed, "day"),
            bookings=bookings,
            company=company.id,
            currency=currency_id,
            uid=uid,
        )
    )
    # Travellers with exactly 1,000 trips and exactly one, for the form benchmark
    # and its small-history twin.
    frequent_id = _traveller_with_trips(env, "Bench Frequent Traveller", "F", 1000)
    _traveller_with_trips(env, "Bench One-trip Traveller", "O", 1)
    cr.execute(
        SQL(
            """
            INSERT INTO travel_booking_line (booking_id, sequence, company_id,
                                             currency_id, service_type, name,
                                             supplier_id, date_start, date_end,
                                             quantity, price_unit, cost_unit,
                                             price_subtotal, price_tax, price_total,
                                             cost_subtotal, margin, booking_state,
                                             partner_id, user_id, departure_date,
                                             qty_invoiced, qty_billed,
                                             qty_to_invoice, qty_to_bill,
                                             commission_rate, commission_amount,
                                             supplier_state, create_uid, write_uid,
                                             create_date, write_date)
            SELECT l.booking_id, l.n * 10, %(company)s, %(currency)s,
                   (%(types)s::varchar[])[1 + floor(%(r_type)s * 7)::int],
                   'Service ' || l.n, %(first_supplier)s + floor(%(r_sup)s * 50)::int,
                   l.dep, l.ret, l.qty, l.price, l.cost,
                   round(l.qty * l.price, 2), 0, round(l.qty * l.price, 2),
                   round(l.qty * l.cost, 2),
                   round(l.qty * l.price, 2) - round(l.qty * l.cost, 2),
                   l.state, l.partner_id, l.user_id, l.dep, 0, 0,
                   CASE WHEN l.billable THEN l.qty ELSE 0 END,
                   CASE WHEN l.billable THEN l.qty ELSE 0 END,
                   0, 0,
                   CASE WHEN l.state = 'draft' THEN 'to_request'
                        ELSE 'confirmed' END,
                   %(uid)s, %(uid)s, now(), now()
              FROM (SELECT b.id AS booking_id, s.n, b.departure_date AS dep,
                           b.return_date AS ret, b.state, b.partner_id, b.user_id,
                           b.state IN ('confirmed', 'in_progress', 'done')
                               AS billable,
                           1 + floor(%(r_qty)s * 3) AS qty,
                           round((50 + %(r_price)s * 950)::numeric, 2) AS price,
                           round((40 + %(r_price)s * 760)::numeric, 2) AS cost
                      FROM travel_booking b
                     CROSS JOIN generate_series(1, %(per)s) AS s(n)
                     WHERE b.name LIKE %(pattern)s) AS l
            """,
            company=company.id,
            currency=currency_id,
            types=SERVICE_TYPES,
            r_type=_rand(SQL("l.booking_id * 10 + l.n"), seed, "type"),
            first_supplier=first_supplier,
            r_sup=_rand(SQL("l.booking_id * 10 + l.n"), seed, "supplier"),
            r_qty=_rand(SQL("b.id * 10 + s.n"), seed, "qty"),
            r_price=_rand(SQL("b.id * 10 + s.n"), seed, "price"),
            per=lines_per_booking,
            pattern="TB/BENCH/%",
            uid=uid,
        )
    )
    cr.execute(
        """
        UPDATE travel_booking b
           SET amount_untaxed = t.untaxed, amount_tax = 0, amount_total = t.untaxed,
               amount_cost = t.cost, margin = t.untaxed - t.cost,
               commission_amount = 0, payment_status = 'not_invoiced',
               invoice_status = CASE WHEN b.state IN ('confirmed', 'in_progress',
                                                       'done')
                                     THEN 'to_invoice' ELSE 'no' END,
               date_confirmed = CASE WHEN b.state <> 'draft'
                                     THEN b.departure_date - 30 END,
               margin_percent = CASE WHEN t.untaxed > 0
                                     THEN (t.untaxed - t.cost) / t.untaxed * 100
                                     ELSE 0 END
          FROM (SELECT booking_id, sum(price_subtotal) AS untaxed,
                       sum(cost_subtotal) AS cost
                  FROM travel_booking_line GROUP BY booking_id) AS t
         WHERE t.booking_id = b.id AND b.name LIKE 'TB/BENCH/%'
        """
    )
    cr.execute("ANALYZE res_partner")
    cr.execute("ANALYZE travel_booking")
    cr.execute("ANALYZE travel_booking_line")
    env.invalidate_all()
    return {
        "travellers": travellers,
        "bookings": bookings,
        "frequent_traveller_id": frequent_id,
    }


def _traveller_with_trips(env, name, tag, trips):
    cr = env.cr
    cr.execute(
        SQL(
            """
            INSERT INTO res_partner (name, complete_name, lang, active, type,
                                     is_company, autopost_bills, customer_rank,
                                     create_uid, write_uid, create_date, write_date)
            VALUES (%(name)s, %(name)s, 'en_US', true, 'contact', false, 'ask', 1,
                    %(uid)s, %(uid)s, now(), now())
            RETURNING id
            """,
            name=name,
            uid=env.uid,
        )
    )
    partner_id = cr.fetchone()[0]
    cr.execute(
        SQL(
            """
            UPDATE res_partner SET commercial_partner_id = id WHERE id = %(id)s;
            INSERT INTO travel_booking (name, partner_id, departure_date, return_date,
                                        state, company_id, currency_id, user_id,
                                        create_uid, write_uid, create_date,
                                        write_date)
            SELECT 'TB/BENCH/' || %(tag)s || lpad(i::text, 6, '0'), %(id)s,
                   current_date - 3000 + i * 3, current_date - 2995 + i * 3,
                   CASE WHEN i < %(trips)s THEN 'done' ELSE 'confirmed' END,
                   %(company)s, %(currency)s, %(uid)s, %(uid)s, %(uid)s, now(), now()
              FROM generate_series(1, %(trips)s) AS i
            """,
            tag=tag,
            id=partner_id,
            trips=trips,
            company=env.company.id,
            currency=env.company.currency_id.id,
            uid=env.uid,
        )
    )
    return partner_id


def check_consistency(env):
    """Stored totals equal their lines; returns the list of problems found."""
    env.flush_all()
    problems = []
    env.cr.execute(
        """
        SELECT count(*) FROM travel_booking b
          LEFT JOIN (SELECT booking_id, sum(price_subtotal) AS untaxed,
                            sum(cost_subtotal) AS cost
                       FROM travel_booking_line GROUP BY booking_id) t
                 ON t.booking_id = b.id
         WHERE b.amount_untaxed <> coalesce(t.untaxed, 0)
            OR b.amount_cost <> coalesce(t.cost, 0)
            OR b.margin <> coalesce(t.untaxed, 0) - coalesce(t.cost, 0)
        """
    )
    wrong = env.cr.fetchone()[0]
    if wrong:
        problems.append(f"{wrong} bookings whose totals differ from their lines")
    return problems
