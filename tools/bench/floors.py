"""Hand-written pure SQL floors of the crons' aggregations.

Each floor computes, in set-based SQL and without the ORM, the same result as
the cron it stands beside, and writes it where the cron writes it; the bench
runs it in one transaction and rolls back. What a floor leaves out on purpose is
said in its docstring (rendering and sending mail is not an aggregation).
"""

import math

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tools import SQL


def _score(rank, ties):
    """Same integer arithmetic as the segmentation's ``_score_sql``."""
    return SQL(
        "CASE WHEN population IS NULL THEN NULL WHEN population = 1 THEN 3"
        " ELSE LEAST(5, 1 + (5 * (2 * (%s - 1)"
        " + %s - 1)) / (2 * (population - 1))) END",
        SQL.identifier(rank),
        SQL.identifier(ties),
    )


def segmentation(env):
    """Trip statistics, RFM scores, usual interval, at-risk date, segment,
    lifecycle stage and lifetime value of every customer with a completed
    trip, in one UPDATE of res_partner (single company, one currency: the
    bench dataset); then the segment history rows and the co-occurrence
    recommendations, as the cron writes them. The explanation text is left
    out (string formatting, not an aggregation)."""
    company = env.company
    today = fields.Date.context_today(env["res.partner"])
    rules = company._travel_value_rules()
    risk_factor = -math.log(1 - rules.risk_threshold)
    retention = min(0.9, max(0.0, company.travel_value_retention_rate or 0.0))
    years = 1 / (1 - retention)
    env.cr.execute(
        SQL(
            """
        WITH trip AS (
            SELECT partner_id,
                   COALESCE(return_date, departure_date, create_date::date) AS day,
                   COALESCE(margin, 0) AS margin
              FROM travel_booking
             WHERE company_id = %(company)s AND state = 'done'
        ), stat AS (
            SELECT partner_id, count(*) AS trips, min(day) AS first_trip,
                   max(day) AS last_trip, sum(margin) AS margin,
                   count(*) FILTER (WHERE day >= %(start)s) AS window_trips,
                   max(day) FILTER (WHERE day >= %(start)s) AS window_last,
                   COALESCE(sum(margin) FILTER (WHERE day >= %(start)s), 0)
                       AS window_margin
              FROM trip GROUP BY partner_id
        ), ranked AS (
            SELECT partner_id,
                   RANK() OVER (ORDER BY window_last) AS r_rank,
                   count(*) OVER (PARTITION BY window_last) AS r_ties,
                   RANK() OVER (ORDER BY window_trips) AS f_rank,
                   count(*) OVER (PARTITION BY window_trips) AS f_ties,
                   RANK() OVER (ORDER BY window_margin) AS m_rank,
                   count(*) OVER (PARTITION BY window_margin) AS m_ties,
                   count(*) OVER () AS population
              FROM stat WHERE window_trips > 0
        ), scored AS (
            SELECT s.*,
                   COALESCE(%(r)s, 0) AS r, COALESCE(%(f)s, 0) AS f,
                   COALESCE(%(m)s, 0) AS m,
                   CASE WHEN s.trips < 2 THEN %(default_interval)s
                        ELSE GREATEST(30, (s.last_trip - s.first_trip)
                                          / (s.trips - 1)) END AS interval
              FROM stat s LEFT JOIN ranked USING (partner_id)
        ), judged AS (
            SELECT sc.*,
                   sc.last_trip + ceil(sc.interval * %(risk)s)::int AS at_risk,
                   %(today)s - sc.last_trip > %(lost)s AS lost
              FROM scored sc
        )
        UPDATE res_partner p
           SET rfm_recency = j.r, rfm_frequency = j.f, rfm_monetary = j.m,
               rfm_score = j.r + j.f + j.m,
               value_trip_count = j.trips, value_window_trip_count = j.window_trips,
               value_first_trip_date = j.first_trip,
               value_last_trip_date = j.last_trip,
               value_usual_interval = j.interval, value_at_risk_date = j.at_risk,
               value_company_id = %(company)s, value_currency_id = %(currency)s,
               value_segment = CASE
                   WHEN j.lost THEN 'lost'
                   WHEN %(today)s >= j.at_risk THEN 'at_risk'
                   WHEN j.r + j.f + j.m >= %(high)s THEN 'high'
                   WHEN j.trips = 1 AND %(today)s - j.first_trip <= %(new_days)s
                       THEN 'new'
                   WHEN j.r + j.f + j.m >= %(potential)s THEN 'potential'
                   ELSE 'low' END,
               lifecycle_stage = CASE
                   WHEN j.lost THEN 'churned'
                   WHEN %(today)s >= j.at_risk THEN 'at_risk'
                   WHEN j.window_trips >= %(loyal)s THEN 'loyal'
                   WHEN j.trips >= 2 THEN 'repeat'
                   ELSE 'first_time' END,
               customer_lifetime_value = round(j.margin + CASE WHEN j.lost THEN 0
                   ELSE j.margin / j.trips * j.window_trips * 12.0 / %(months)s
                        * %(years)s END, 2)
          FROM judged j
         WHERE j.partner_id = p.id
            """,
            company=company.id,
            currency=company.currency_id.id,
            start=today - relativedelta(months=rules.window_months),
            r=_score("r_rank", "r_ties"),
            f=_score("f_rank", "f_ties"),
            m=_score("m_rank", "m_ties"),
            default_interval=rules.default_interval,
            risk=risk_factor,
            today=today,
            lost=rules.lost_days,
            high=rules.high_score,
            new_days=rules.new_days,
            potential=rules.potential_score,
            loyal=rules.loyal_trips,
            months=rules.window_months,
            years=years,
        )
    )
    _segmentation_history(env, company, today)
    _segmentation_recommendations(env, company)


def _segmentation_history(env, company, today):
    env.cr.execute(
        SQL(
            """
        CREATE TEMPORARY TABLE floor_moved ON COMMIT DROP AS
        SELECT p.id AS partner_id, p.value_segment, h.id AS open_id,
               h.value_segment AS previous
          FROM res_partner p
          LEFT JOIN travel_segment_history h
                 ON h.partner_id = p.id AND h.date_to IS NULL
         WHERE p.value_company_id = %(company)s
           AND (h.id IS NULL OR h.value_segment <> p.value_segment);
        UPDATE travel_segment_history h
           SET date_to = GREATEST(h.date_from, %(today)s),
               duration_days = GREATEST(h.date_from, %(today)s) - h.date_from
          FROM floor_moved m WHERE m.open_id = h.id;
        INSERT INTO travel_segment_history (partner_id, company_id, value_segment,
                                            previous_segment, date_from,
                                            duration_days, customer_count)
        SELECT partner_id, %(company)s, value_segment, previous, %(today)s, 0, 1
          FROM floor_moved
            """,
            company=company.id,
            today=today,
        )
    )


def _segmentation_recommendations(env, company):
    """Per customer and kind, the 3 items they have not bought with the best
    confidence (customers with both / customers with the seed, best seed per
    target), from pairs bought together by at least 2 customers."""
    env.cr.execute(
        SQL(
            """
        CREATE TEMPORARY TABLE floor_item ON COMMIT DROP AS
        SELECT DISTINCT b.partner_id, l.service_type AS key
          FROM travel_booking b
          JOIN travel_booking_line l ON l.booking_id = b.id
         WHERE b.company_id = %(company)s AND b.state = 'done';
        CREATE INDEX ON floor_item (partner_id);
        WITH item_count AS (
            SELECT key, count(*) AS customers FROM floor_item GROUP BY key
        ), pair AS (
            SELECT a.key AS seed, b.key AS target, count(*) AS together
              FROM floor_item a
              JOIN floor_item b ON b.partner_id = a.partner_id AND b.key <> a.key
             GROUP BY a.key, b.key HAVING count(*) >= 2
        ), candidate AS (
            SELECT DISTINCT ON (i.partner_id, pair.target)
                   i.partner_id, pair.target, pair.seed, pair.together,
                   c.customers, pair.together::float / c.customers AS confidence
              FROM floor_item i
              JOIN pair ON pair.seed = i.key
              JOIN item_count c ON c.key = pair.seed
             WHERE NOT EXISTS (SELECT 1 FROM floor_item o
                                WHERE o.partner_id = i.partner_id
                                  AND o.key = pair.target)
             ORDER BY i.partner_id, pair.target,
                      pair.together::float / c.customers DESC, pair.together DESC,
                      pair.seed
        ), ranked AS (
            SELECT *, row_number() OVER (PARTITION BY partner_id
                                         ORDER BY confidence DESC, together DESC,
                                                  target) AS position
              FROM candidate
        ), fresh AS (
            DELETE FROM travel_recommendation r
             USING res_partner p
             WHERE p.id = r.partner_id AND p.value_company_id = %(company)s
        )
        INSERT INTO travel_recommendation (partner_id, company_id, kind,
                                           service_type, score, support,
                                           seed_service_type, seed_customers)
        SELECT partner_id, %(company)s, 'service', target,
               round(confidence::numeric, 4), together, seed, customers
          FROM ranked WHERE position <= 3
            """,
            company=company.id,
        )
    )


def loyalty_maintenance(env):
    """Expire the open points of expired lots (expiry entries, consumption
    rows, open points and balances), record the expiry warnings, grant today's
    birthday bonuses and move every member to the tier their qualifying points
    reach. Sending the mails and the grace period of downgrades are left out."""
    company = env.company
    today = fields.Date.context_today(env["res.partner"])
    env.cr.execute(
        SQL(
            """
        CREATE TEMPORARY TABLE floor_expired ON COMMIT DROP AS
        SELECT id, partner_id, company_id, open_points
          FROM travel_loyalty_transaction
         WHERE points > 0 AND open_points > 0 AND expiry_date < %(today)s;
        CREATE TEMPORARY TABLE floor_expiry ON COMMIT DROP AS
        SELECT nextval('travel_loyalty_transaction_id_seq') AS id, partner_id,
               company_id, sum(open_points) AS points
          FROM floor_expired GROUP BY partner_id, company_id;
        INSERT INTO travel_loyalty_transaction (id, name, partner_id, company_id,
                                                transaction_type, points,
                                                open_points, date, earn_round)
        SELECT id, 'Points expired', partner_id, company_id, 'expire', -points, 0,
               %(today)s, 0
          FROM floor_expiry;
        INSERT INTO travel_loyalty_consumption (consumer_id, award_id, points)
        SELECT e.id, x.id, x.open_points
          FROM floor_expired x JOIN floor_expiry e USING (partner_id, company_id);
        UPDATE travel_loyalty_transaction t SET open_points = 0
          FROM floor_expired x WHERE x.id = t.id;
        UPDATE res_partner p SET loyalty_points = p.loyalty_points - e.points
          FROM floor_expiry e WHERE e.partner_id = p.id;
        UPDATE res_partner p SET loyalty_expiry_warning_date = w.last_expiry
          FROM (SELECT t.partner_id, max(t.expiry_date) AS last_expiry
                  FROM travel_loyalty_transaction t
                  JOIN res_partner p ON p.id = t.partner_id
                 WHERE t.points > 0 AND t.open_points > 0
                   AND t.expiry_date BETWEEN %(today)s AND %(horizon)s
                   AND (p.loyalty_expiry_warning_date IS NULL
                        OR t.expiry_date > p.loyalty_expiry_warning_date)
                 GROUP BY t.partner_id) w
         WHERE w.partner_id = p.id;
        INSERT INTO travel_loyalty_transaction (name, partner_id, company_id,
                                                transaction_type, bonus_reason,
                                                points, open_points, date,
                                                expiry_date, earn_round)
        SELECT 'Happy birthday!', p.id, %(company)s, 'bonus', 'birthday',
               %(bonus)s, %(bonus)s, %(today)s, %(bonus_expiry)s, 0
          FROM res_partner p
         WHERE p.active AND p.loyalty_tier_id IS NOT NULL
           AND EXTRACT(MONTH FROM p.birthdate) = %(month)s
           AND EXTRACT(DAY FROM p.birthdate) = %(day)s
           AND NOT EXISTS (SELECT 1 FROM travel_loyalty_transaction t
                            WHERE t.partner_id = p.id AND t.bonus_reason = 'birthday'
                              AND t.date >= %(year_start)s);
        UPDATE res_partner p SET loyalty_tier_id = q.tier_id,
                                 loyalty_tier_date = %(today)s
          FROM (SELECT m.partner_id,
                       (SELECT tier.id FROM travel_loyalty_tier tier
                         WHERE tier.active AND tier.min_points <= m.points
                         ORDER BY tier.min_points DESC LIMIT 1) AS tier_id
                  FROM (SELECT partner_id,
                               COALESCE(sum(qualifying_points) FILTER (
                                   WHERE date <= %(today)s
                                     AND date > %(window_start)s), 0) AS points
                          FROM travel_loyalty_transaction
                         GROUP BY partner_id) m) q
         WHERE q.partner_id = p.id
           AND p.loyalty_tier_id IS DISTINCT FROM q.tier_id
            """,
            today=today,
            horizon=today + relativedelta(days=company.loyalty_expiry_warning_days),
            company=company.id,
            bonus=company.loyalty_birthday_bonus,
            bonus_expiry=today + relativedelta(months=company.loyalty_expiry_months),
            month=today.month,
            day=today.day,
            year_start=today.replace(month=1, day=1),
            window_start=today
            - relativedelta(months=company.loyalty_tier_window_months),
        )
    )


def engagement(env):
    """The audience of every active rule due today, with the dedupe against
    messages already recorded: birthdays, first-trip anniversaries, departures
    within the rule's days, returns the rule's days ago (with the catch-up
    window), inactive customers and points about to expire. Rendering and
    sending the messages is left out."""
    today = fields.Date.context_today(env["res.partner"])
    env.cr.execute(
        SQL(
            """
        WITH rule AS (
            SELECT id, trigger, channel, kind, COALESCE(days, 0) AS days
              FROM travel_engagement_rule WHERE active
        ), event AS (
            SELECT r.id AS rule_id, p.id AS partner_id, NULL::int AS booking_id
              FROM rule r JOIN res_partner p ON r.trigger = 'birthday'
               AND EXTRACT(MONTH FROM p.birthdate) = %(month)s
               AND EXTRACT(DAY FROM p.birthdate) = %(day)s
            UNION ALL
            SELECT r.id, b.partner_id, b.id
              FROM rule r JOIN travel_booking b ON r.trigger = 'before_departure'
               AND b.state = 'confirmed'
               AND b.departure_date BETWEEN %(today)s AND %(today)s + r.days
            UNION ALL
            SELECT r.id, b.partner_id, b.id
              FROM rule r JOIN travel_booking b ON r.trigger = 'after_return'
               AND b.state IN ('in_progress', 'done')
               AND b.return_date BETWEEN %(today)s - r.days - 7
                                     AND %(today)s - r.days
            UNION ALL
            SELECT r.id, f.partner_id, f.booking_id
              FROM rule r JOIN (
                   SELECT DISTINCT ON (partner_id) partner_id, id AS booking_id,
                          departure_date
                     FROM travel_booking WHERE state = 'done'
                    ORDER BY partner_id, departure_date, id) f
                ON r.trigger = 'first_trip_anniversary'
               AND EXTRACT(MONTH FROM f.departure_date) = %(month)s
               AND EXTRACT(DAY FROM f.departure_date) = %(day)s
            UNION ALL
            SELECT r.id, l.partner_id, NULL
              FROM rule r JOIN (
                   SELECT partner_id, max(return_date) AS last_return
                     FROM travel_booking WHERE state = 'done'
                    GROUP BY partner_id) l
                ON r.trigger = 'inactivity' AND l.last_return = %(today)s - r.days
            UNION ALL
            SELECT r.id, t.partner_id, NULL
              FROM rule r JOIN (
                   SELECT DISTINCT partner_id FROM travel_loyalty_transaction
                    WHERE points > 0 AND open_points > 0
                      AND expiry_date = %(today)s + 30) t
                ON r.trigger = 'points_expiry'
        )
        SELECT e.rule_id, e.partner_id, e.booking_id,
               p.email IS NULL OR (r.kind = 'marketing'
                                   AND NOT COALESCE(p.marketing_consent, false))
                   AS skipped
          FROM event e
          JOIN rule r ON r.id = e.rule_id
          JOIN res_partner p ON p.id = e.partner_id AND p.active
         WHERE NOT EXISTS (SELECT 1 FROM travel_engagement_message m
                            WHERE m.partner_id = e.partner_id
                              AND m.rule_id = e.rule_id
                              AND m.event_date = %(today)s)
            """,
            today=today,
            month=today.month,
            day=today.day,
        )
    )
    env.cr.fetchall()


def complaint_escalation(env):
    """Refresh the SLA status of open complaints whose at-risk or breach time
    passed, then flag the ones to warn and to escalate. Scheduling the
    activities and posting the notes is left out."""
    now = fields.Datetime.now()
    env.cr.execute(
        SQL(
            """
        UPDATE travel_complaint
           SET sla_status = CASE WHEN sla_breach_date <= %(now)s THEN 'breached'
                                 ELSE 'at_risk' END,
               sla_compliance = CASE WHEN sla_breach_date <= %(now)s THEN 0
                                     ELSE 100 END
         WHERE state IN ('new', 'in_progress')
           AND ((sla_status = 'on_track' AND sla_at_risk_date <= %(now)s)
                OR (sla_status <> 'breached' AND sla_breach_date <= %(now)s));
        UPDATE travel_complaint SET sla_warned = true
         WHERE state IN ('new', 'in_progress') AND sla_status = 'at_risk'
           AND NOT sla_warned;
        UPDATE travel_complaint SET sla_escalated = true, date_escalated = %(now)s
         WHERE state IN ('new', 'in_progress') AND sla_status = 'breached'
           AND NOT sla_escalated;
            """,
            now=now,
        )
    )


FLOORS = {
    "travel_crm.ir_cron_travel_segmentation": segmentation,
    "travel_crm.ir_cron_loyalty_maintenance": loyalty_maintenance,
    "travel_crm.ir_cron_travel_engagement": engagement,
    "travel_crm.ir_cron_complaint_escalation": complaint_escalation,
}
