"""Set-based, seeded dataset generator for travel_crm benchmarks.

Writes travellers, suppliers, bookings and booking lines with INSERT ... SELECT over
generate_series. Every "random" value comes from hashing the row number with the
seed, so one size and seed always give the same data whatever PostgreSQL's plan.
Stored totals are then computed in SQL exactly as the ORM computes them (lines
carry no taxes here), and ``check_consistency`` verifies them.
"""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tools import SQL, split_every

SIZES = {
    # travellers, bookings, lines per booking, ledger entries, complaints
    "tiny": (200, 1_000, 3, 2_000, 100),
    "small": (2_000, 20_000, 3, 40_000, 1_000),
    "medium": (20_000, 200_000, 3, 400_000, 10_000),
    "large": (100_000, 1_000_000, 3, 2_000_000, 50_000),
}
# The dataset is the state of an agency whose daily crons last ran this many days
# ago (yesterday): the crons measured do a day's work (expiries, warnings,
# birthdays, SLA thresholds crossed since) on top of the full scans they always
# do (tier review of every member, RFM of every customer).
BACKLOG_DAYS = 1
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
    travellers, bookings, lines_per_booking, ledger, complaints = SIZES[size]
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
    # Travellers born between 1950 and 2005 (never on 29 February, so that every
    # year has their birthday), a third of them consenting to marketing.
    cr.execute(
        SQL(
            """
            UPDATE res_partner
               SET is_traveller = true,
                   birthdate = make_date(1950 + floor(%(r_year)s * 56)::int,
                                         1 + floor(%(r_month)s * 12)::int,
                                         1 + floor(%(r_day)s * 28)::int),
                   marketing_consent = %(r_consent)s < 0.33
             WHERE id = ANY(%(ids)s)
            """,
            r_year=_rand(SQL("id"), seed, "birth-year"),
            r_month=_rand(SQL("id"), seed, "birth-month"),
            r_day=_rand(SQL("id"), seed, "birth-day"),
            r_consent=_rand(SQL("id"), seed, "consent"),
            ids=traveller_ids,
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
    cr.execute("ANALYZE travel_booking")
    cr.execute("ANALYZE travel_booking_line")
    ledger_info = _generate_ledger(env, seed, ledger)
    _generate_complaints(env, seed, complaints, travellers, first_traveller)
    # Every engagement rule shipped with the module is switched on, so the
    # engagement cron has its daily work (birthdays, departures, returns...).
    cr.execute("UPDATE travel_engagement_rule SET active = true")
    for table in (
        "res_partner",
        "travel_loyalty_transaction",
        "travel_loyalty_consumption",
        "travel_complaint",
    ):
        cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    env.invalidate_all()
    return {
        "travellers": travellers,
        "bookings": bookings,
        "frequent_traveller_id": frequent_id,
        **ledger_info,
        "complaints": complaints,
    }


def _generate_ledger(env, seed, target):
    """A points ledger as the programme writes it, FIFO-consistent.

    Positive lots: an earn per completed booking (1 point per currency unit of
    its untaxed amount, qualifying for tiers), a birthday bonus each past year,
    then goodwill adjustments up to ``target`` entries. Each expired lot (expiry
    before the cut-off, BACKLOG_DAYS ago) is spent: a customer's oldest ones
    redeemed whole (a redemption the next day draws on exactly that lot, which
    is what FIFO takes first), the rest expired by one expiry entry per expiry
    date. Lots expiring since the cut-off are left open for the maintenance cron.
    Consumption rows link every negative entry to its lots; open points,
    balances, tiers and expiry warnings are then set as the ORM would.
    """
    cr = env.cr
    company = env.company
    cutoff = SQL("(current_date - %s)", BACKLOG_DAYS)
    months = company.loyalty_expiry_months or 24
    audit = SQL("%(uid)s, %(uid)s, now(), now()", uid=env.uid)
    columns = SQL(
        "id, name, partner_id, company_id, booking_id, transaction_type,"
        " bonus_reason, points, qualifying_points, open_points, date,"
        " expiry_date, earn_round, amount, create_uid, write_uid, create_date,"
        " write_date"
    )

    def insert(select, **kwargs):
        cr.execute(
            SQL(
                "INSERT INTO travel_loyalty_transaction (%s) %s",
                columns,
                SQL(select, **kwargs),
            )
        )
        return cr.rowcount

    earned = insert(
        """
        SELECT nextval('travel_loyalty_transaction_id_seq'), 'Points earned',
               b.partner_id, b.company_id, b.id, 'earn', NULL,
               floor(b.amount_untaxed)::int, floor(b.amount_untaxed)::int,
               floor(b.amount_untaxed)::int, b.day,
               (b.day + make_interval(months => %(months)s))::date, 0, 0, %(audit)s
          FROM (SELECT id, partner_id, company_id, amount_untaxed,
                       LEAST(return_date, current_date - 1) AS day
                  FROM travel_booking
                 WHERE state = 'done' AND name LIKE %(pattern)s
                   AND amount_untaxed >= 1
                 ORDER BY id) AS b
        """,
        months=months,
        audit=audit,
        pattern="TB/BENCH/%",
    )
    birthdays = insert(
        """
        SELECT nextval('travel_loyalty_transaction_id_seq'), 'Happy birthday!',
               p.id, %(company)s, NULL, 'bonus', 'birthday', %(bonus)s, 0,
               %(bonus)s, p.day, (p.day + make_interval(months => %(months)s))::date,
               0, 0, %(audit)s
          FROM (SELECT p.id, make_date(y, EXTRACT(MONTH FROM p.birthdate)::int,
                                       EXTRACT(DAY FROM p.birthdate)::int) AS day
                  FROM res_partner p
                 CROSS JOIN generate_series(
                       EXTRACT(YEAR FROM current_date)::int - 4,
                       EXTRACT(YEAR FROM current_date)::int) AS y
                 WHERE p.is_traveller AND p.birthdate IS NOT NULL
                 ORDER BY p.id, y) AS p
         WHERE p.day <= %(cutoff)s
        """,
        company=company.id,
        bonus=company.loyalty_birthday_bonus or 100,
        months=months,
        cutoff=cutoff,
        audit=audit,
    )
    # The fate of every lot expired before the cut-off: the first k of a
    # customer's (k a seeded share of them) redeemed, the others expired.
    cr.execute(
        SQL(
            """
            CREATE TEMPORARY TABLE bench_lot_plan ON COMMIT DROP AS
            SELECT t.id AS lot_id, t.partner_id, t.company_id, t.points, t.date,
                   t.expiry_date,
                   row_number() OVER (PARTITION BY t.partner_id
                                      ORDER BY t.date, t.id) AS rank,
                   count(*) OVER (PARTITION BY t.partner_id) AS lots,
                   NULL::int AS redeem_id
              FROM travel_loyalty_transaction t
             WHERE t.points > 0 AND t.expiry_date < %(cutoff)s;
            UPDATE bench_lot_plan
               SET redeem_id = nextval('travel_loyalty_transaction_id_seq')
             WHERE rank <= floor(%(r_share)s * 0.6 * lots);
            CREATE TEMPORARY TABLE bench_expiry_plan ON COMMIT DROP AS
            SELECT nextval('travel_loyalty_transaction_id_seq') AS id, e.*
              FROM (SELECT partner_id, company_id, expiry_date,
                           sum(points)::int AS points
                      FROM bench_lot_plan WHERE redeem_id IS NULL
                     GROUP BY partner_id, company_id, expiry_date
                     ORDER BY partner_id, expiry_date) AS e
            """,
            cutoff=cutoff,
            r_share=_rand(SQL("partner_id"), seed, "redeem-share"),
        )
    )
    cr.execute(
        "SELECT (SELECT count(*) FROM bench_lot_plan WHERE redeem_id IS NOT NULL)"
        " + (SELECT count(*) FROM bench_expiry_plan)"
    )
    spent = cr.fetchone()[0]
    # Goodwill adjustments in the last eleven months fill up to the target;
    # their ids are below the redemptions' (FIFO draws only on older ids).
    cr.execute("SELECT id FROM res_partner WHERE is_traveller ORDER BY id")
    partner_ids = [row[0] for row in cr.fetchall()]
    fillers = max(0, target - earned - birthdays - spent)
    insert(
        """
        SELECT nextval('travel_loyalty_transaction_id_seq'), 'Goodwill',
               (%(ids)s::int[])[1 + floor(%(r_partner)s * %(n)s)::int],
               %(company)s, NULL, 'adjust', NULL,
               10 + floor(%(r_points)s * 490)::int, 0,
               10 + floor(%(r_points)s * 490)::int, f.day,
               (f.day + make_interval(months => %(months)s))::date, 0, 0, %(audit)s
          FROM (SELECT i, current_date - 1 - floor(%(r_day)s * 330)::int AS day
                  FROM generate_series(1, %(fillers)s) AS i) AS f
        """,
        ids=partner_ids,
        r_partner=_rand(SQL("f.i"), seed, "goodwill-partner"),
        n=len(partner_ids),
        company=company.id,
        r_points=_rand(SQL("f.i"), seed, "goodwill-points"),
        r_day=_rand(SQL("i"), seed, "goodwill-day"),
        fillers=fillers,
        months=months,
        audit=audit,
    )
    insert(
        """
        SELECT redeem_id, 'Points redeemed', partner_id, company_id, NULL,
               'redeem', NULL, -points, 0, 0, date + 1, NULL, 0,
               round(points * %(value)s, 2), %(audit)s
          FROM bench_lot_plan WHERE redeem_id IS NOT NULL
         ORDER BY redeem_id
        """,
        value=company.loyalty_point_value or 0.01,
        audit=audit,
    )
    insert(
        """
        SELECT id, 'Points expired', partner_id, company_id, NULL, 'expire', NULL,
               -points, 0, 0, expiry_date + 1, NULL, 0, 0, %(audit)s
          FROM bench_expiry_plan ORDER BY id
        """,
        audit=audit,
    )
    cr.execute(
        SQL(
            """
            INSERT INTO travel_loyalty_consumption (consumer_id, award_id, points,
                                                    create_uid, write_uid,
                                                    create_date, write_date)
            SELECT consumer_id, lot_id, points, %(audit)s
              FROM (SELECT redeem_id AS consumer_id, lot_id, points
                      FROM bench_lot_plan WHERE redeem_id IS NOT NULL
                    UNION ALL
                    SELECT e.id, l.lot_id, l.points
                      FROM bench_lot_plan l
                      JOIN bench_expiry_plan e USING (partner_id, company_id,
                                                      expiry_date)
                     WHERE l.redeem_id IS NULL) AS c
             ORDER BY consumer_id, lot_id;
            UPDATE travel_loyalty_transaction t SET open_points = 0
              FROM bench_lot_plan l WHERE l.lot_id = t.id;
            """,
            audit=audit,
        )
    )
    # Balances, tiers as the review of the cut-off day left them, and the
    # expiry warnings sent up to then.
    cr.execute(
        SQL(
            """
            UPDATE res_partner p SET loyalty_points = s.points
              FROM (SELECT partner_id, sum(points) AS points
                      FROM travel_loyalty_transaction GROUP BY partner_id) AS s
             WHERE s.partner_id = p.id;
            UPDATE res_partner p
               SET loyalty_tier_id = (
                       SELECT tier.id FROM travel_loyalty_tier tier
                        WHERE tier.active AND tier.min_points <= q.points
                        ORDER BY tier.min_points DESC LIMIT 1),
                   loyalty_tier_date = %(cutoff)s
              FROM (SELECT partner_id,
                           COALESCE(sum(qualifying_points) FILTER (
                               WHERE date > %(cutoff)s
                                   - make_interval(months => %(window)s)), 0)
                               AS points
                      FROM travel_loyalty_transaction
                     WHERE date <= %(cutoff)s
                     GROUP BY partner_id) AS q
             WHERE q.partner_id = p.id;
            UPDATE res_partner p SET loyalty_expiry_warning_date = w.last_expiry
              FROM (SELECT partner_id, max(expiry_date) AS last_expiry
                      FROM travel_loyalty_transaction
                     WHERE points > 0 AND open_points > 0
                       AND expiry_date >= %(cutoff)s
                       AND expiry_date <= %(cutoff)s + %(warning)s
                     GROUP BY partner_id) AS w
             WHERE w.partner_id = p.id;
            """,
            cutoff=cutoff,
            window=company.loyalty_tier_window_months or 12,
            warning=company.loyalty_expiry_warning_days,
        )
    )
    cr.execute("SELECT count(*) FROM travel_loyalty_transaction")
    return {"ledger_entries": cr.fetchone()[0]}


# Stored SLA fields of complaints, computed by the module itself.
SLA_FIELDS = (
    "sla_policy_id",
    "response_deadline",
    "deadline",
    "sla_status",
    "sla_at_risk_date",
    "sla_breach_date",
    "sla_compliance",
    "resolution_hours",
    "first_response_hours",
    "sla_paused_hours",
)


def _generate_complaints(env, seed, count, travellers, first_traveller):
    """Complaints over two years in every state and priority, their SLA fields
    computed by the module as of a day ago, with warnings and escalations done
    up to then (the escalation cron last ran a day ago)."""
    cr = env.cr
    company = env.company
    cr.execute(
        SQL(
            """
            INSERT INTO travel_complaint (name, subject, company_id, partner_id,
                                          channel, priority, state, date_open,
                                          compensation_type, compensation_amount,
                                          compensation_points, compensation_done,
                                          reopen_count, first_response_date,
                                          date_resolved, date_closed, user_id,
                                          currency_id, sla_warned, sla_escalated,
                                          create_uid, write_uid, create_date,
                                          write_date)
            SELECT 'CMP/BENCH/' || lpad(c.i::text, 7, '0'), 'Bench complaint ' || c.i,
                   %(company)s, c.partner_id, c.channel, c.priority, c.state,
                   c.opened, 'none', 0, 0, false, 0,
                   CASE WHEN c.state <> 'new'
                        THEN c.opened + (c.settled - c.opened) * c.r_response END,
                   CASE WHEN c.state IN ('resolved', 'closed') THEN c.settled END,
                   CASE WHEN c.state = 'closed' THEN c.settled END,
                   CASE WHEN c.r_user < 0.5 THEN %(uid)s END, %(currency)s,
                   false, false, %(uid)s, %(uid)s, c.opened, c.opened
              FROM (SELECT o.*,
                           LEAST(o.opened + power(o.r_settle, 2)
                                     * interval '10 days',
                                 now() - interval '1 day') AS settled,
                           CASE WHEN o.opened > now() - interval '1 day' THEN 'new'
                                WHEN o.opened < now() - interval '14 days'
                                THEN CASE WHEN o.r_state < 0.03 THEN 'new'
                                          WHEN o.r_state < 0.06 THEN 'in_progress'
                                          WHEN o.r_state < 0.20 THEN 'resolved'
                                          ELSE 'closed' END
                                ELSE CASE WHEN o.r_state < 0.4 THEN 'new'
                                          WHEN o.r_state < 0.7 THEN 'in_progress'
                                          ELSE 'resolved' END
                           END AS state
                      FROM (SELECT i,
                                   now() - power(%(r_age)s, 3) * interval '730 days'
                                       AS opened,
                                   %(first)s + floor(%(r_partner)s * %(n)s)::int
                                       AS partner_id,
                                   (ARRAY['email', 'phone', 'web', 'social',
                                          'in_person'])
                                       [1 + floor(%(r_channel)s * 5)::int]
                                       AS channel,
                                   (ARRAY['0', '1', '1', '1', '2', '2', '3'])
                                       [1 + floor(%(r_priority)s * 7)::int] AS priority,
                                   %(r_state)s AS r_state, %(r_settle)s AS r_settle,
                                   %(r_response)s * 0.5 AS r_response,
                                   %(r_user)s AS r_user
                              FROM generate_series(1, %(count)s) AS i) AS o) AS c
             ORDER BY c.i
            """,
            company=company.id,
            uid=env.uid,
            currency=company.currency_id.id,
            r_age=_rand(SQL("i"), seed, "complaint-age"),
            first=first_traveller,
            r_partner=_rand(SQL("i"), seed, "complaint-partner"),
            n=travellers,
            r_channel=_rand(SQL("i"), seed, "complaint-channel"),
            r_priority=_rand(SQL("i"), seed, "complaint-priority"),
            r_state=_rand(SQL("i"), seed, "complaint-state"),
            r_settle=_rand(SQL("i"), seed, "complaint-settle"),
            r_response=_rand(SQL("i"), seed, "complaint-response"),
            r_user=_rand(SQL("i"), seed, "complaint-user"),
            count=count,
        )
    )
    cr.execute("SELECT id FROM travel_complaint WHERE name LIKE 'CMP/BENCH/%'")
    complaint_ids = [row[0] for row in cr.fetchall()]
    # no tracking messages: the complaints are imported history, not edits
    Complaint = env["travel.complaint"].with_context(tracking_disable=True)
    with freeze_time(fields.Datetime.now() - timedelta(days=1)):
        for batch_ids in split_every(5000, complaint_ids):
            batch = Complaint.browse(batch_ids)
            for fname in SLA_FIELDS:
                env.add_to_compute(Complaint._fields[fname], batch)
            batch.flush_recordset(list(SLA_FIELDS))
            env.invalidate_all()
    cr.execute(
        """
        UPDATE travel_complaint
           SET sla_warned = sla_status IN ('at_risk', 'breached'),
               sla_escalated = sla_status = 'breached',
               date_escalated = CASE WHEN sla_status = 'breached'
                                     THEN now() - interval '1 day' END
         WHERE name LIKE 'CMP/BENCH/%' AND state IN ('new', 'in_progress')
        """
    )


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
    for label, query in LEDGER_CHECKS:
        env.cr.execute(query)
        wrong = env.cr.fetchone()[0]
        if wrong:
            problems.append(f"{wrong} {label}")
    problems += _check_complaint_sla(env)
    return problems


LEDGER_CHECKS = [
    (
        "partners whose balance differs from their ledger",
        """
        SELECT count(*) FROM res_partner p
          FULL JOIN (SELECT partner_id, sum(points) AS points
                       FROM travel_loyalty_transaction GROUP BY partner_id) s
                 ON s.partner_id = p.id
         WHERE COALESCE(p.loyalty_points, 0) <> COALESCE(s.points, 0)
        """,
    ),
    (
        "ledger entries whose open points differ from their consumptions",
        """
        SELECT count(*) FROM travel_loyalty_transaction t
          LEFT JOIN (SELECT award_id, sum(points) AS points
                       FROM travel_loyalty_consumption GROUP BY award_id) a
                 ON a.award_id = t.id
          LEFT JOIN (SELECT consumer_id, sum(points) AS points
                       FROM travel_loyalty_consumption GROUP BY consumer_id) c
                 ON c.consumer_id = t.id
         WHERE t.open_points <> CASE WHEN t.points > 0
                                     THEN t.points - COALESCE(a.points, 0)
                                     ELSE t.points + COALESCE(c.points, 0) END
            OR (t.points > 0 AND c.points IS NOT NULL)
            OR (t.points < 0 AND a.points IS NOT NULL)
        """,
    ),
    (
        "consumptions breaking FIFO (a later or expired lot, another customer)",
        """
        SELECT count(*) FROM travel_loyalty_consumption c
          JOIN travel_loyalty_transaction n ON n.id = c.consumer_id
          JOIN travel_loyalty_transaction a ON a.id = c.award_id
         WHERE a.id >= n.id OR a.partner_id <> n.partner_id
            OR (n.transaction_type = 'expire' AND a.expiry_date >= n.date)
            OR (n.transaction_type = 'redeem' AND a.expiry_date < n.date)
            OR EXISTS (
                SELECT 1 FROM travel_loyalty_transaction o
                 WHERE n.transaction_type = 'redeem'
                   AND o.partner_id = n.partner_id AND o.points > 0
                   AND (o.date, o.id) < (a.date, a.id) AND o.id < n.id
                   AND o.expiry_date >= n.date
                   AND o.points > COALESCE((
                       SELECT sum(x.points) FROM travel_loyalty_consumption x
                         JOIN travel_loyalty_transaction y ON y.id = x.consumer_id
                        WHERE x.award_id = o.id AND y.id < n.id), 0))
        """,
    ),
]


def _check_complaint_sla(env):
    """Deadlines are the ones the module computes from its SLA policies."""
    env.cr.execute(
        """
        SELECT count(*) FROM travel_complaint c
          LEFT JOIN LATERAL (
                SELECT s.id, s.response_hours, s.resolution_hours
                  FROM travel_sla_policy s
                 WHERE s.active AND s.priority = c.priority
                   AND (s.company_id = c.company_id OR s.company_id IS NULL)
                 ORDER BY s.company_id NULLS LAST LIMIT 1) s ON true
         WHERE c.name LIKE 'CMP/BENCH/%'
           AND (c.sla_policy_id IS DISTINCT FROM s.id
                OR c.deadline IS DISTINCT FROM
                   c.date_open + s.resolution_hours * interval '1 hour'
                OR c.response_deadline IS DISTINCT FROM
                   c.date_open + s.response_hours * interval '1 hour')
        """
    )
    wrong = env.cr.fetchone()[0]
    return [f"{wrong} complaints whose SLA deadlines differ"] if wrong else []
