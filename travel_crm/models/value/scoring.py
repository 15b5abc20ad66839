"""Scoring one batch of partners against a company's population snapshot
(``segmentation.py``) and writing what changed in set-based SQL."""

import json
import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ...tools import customer_value as rules_lib
from .res_partner import (
    VALUE_COLUMNS,
    VALUE_DEFAULTS,
    VALUE_FIELDS,
)

_logger = logging.getLogger(__name__)


def _sql_value(value, sql_type):
    """A value as the statement's array takes it (JSON as its text)."""
    if sql_type == "jsonb" and value is not None:
        return json.dumps(value)
    return value


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _travel_value_process(self, run, partner_ids):
        """Score one batch of partners for the run's company; write what
        changed.

        One query reads, for the whole batch, the population snapshot, the
        company owning each partner's scores (the company of their latest
        completed trip) and the values stored today. Partners owned by another
        company (shared partners whose latest trip is elsewhere) are left to
        it; partners without any completed trip go back to the defaults. A
        run of the cron runner stamps the whole batch. Returns the ids
        written.
        """
        if not partner_ids:
            return []
        company = run["company"]
        changes = {}
        scored = {}  # partner id -> (segment, company id) or None (no trips)
        for row in self._travel_value_read_batch(run, partner_ids):
            partner_id, owner_id = row["id"], row["owner_id"]
            if owner_id and owner_id != company.id:
                continue
            if owner_id:
                new = self._travel_value_values(run, row)
                scored[partner_id] = (new["value_segment"], company.id)
            else:
                new = dict(VALUE_DEFAULTS)
                scored[partner_id] = None
            stored = {name: row[name] for name in VALUE_FIELDS}
            if not self._travel_value_same(stored, new, company.currency_id):
                changes[partner_id] = new
        if changes:
            self._travel_value_write(changes, run["stamp"])
        if run["stamp"]:
            unchanged = [pid for pid in partner_ids if pid not in changes]
            self._travel_value_stamp(unchanged, run["stamp"])
        self.env["travel.segment.history"].sudo()._travel_value_sync(
            scored, run["today"]
        )
        self._travel_value_update_recommendations(run, scored)
        return list(changes)

    @api.model
    def _travel_value_read_batch(self, run, partner_ids):
        """Rows of the batch by column name: ``id``, ``owner_id`` (see
        ``_travel_value_owner_sql``), the population snapshot's columns (0 or
        empty for a partner outside it) and the stored ``VALUE_FIELDS``."""
        self.env["travel.booking"].flush_model(["partner_id", "company_id", "state"])
        self.env["res.partner"].flush_model(VALUE_FIELDS)
        stored = SQL(", ").join(
            SQL("p.%s", SQL.identifier(name)) for name in VALUE_FIELDS
        )
        return self.env.execute_query_dict(
            SQL(
                """
            WITH owner AS (%(owner)s)
            SELECT p.id, owner.company_id AS owner_id,
                   COALESCE(s.total_trips, 0) AS total_trips,
                   COALESCE(s.window_trips, 0) AS window_trips,
                   s.first_trip, s.last_trip,
                   COALESCE(s.historical_margin, 0) AS historical_margin,
                   COALESCE(s.rfm_r, 0) AS rfm_r,
                   COALESCE(s.rfm_f, 0) AS rfm_f,
                   COALESCE(s.rfm_m, 0) AS rfm_m,
                   %(stored)s
              FROM res_partner p
              LEFT JOIN owner ON owner.partner_id = p.id
              LEFT JOIN %(table)s s ON s.partner_id = p.id
             WHERE p.id = ANY(%(ids)s)
             ORDER BY p.id
            """,
                owner=self._travel_value_owner_sql(partner_ids),
                stored=stored,
                table=SQL.identifier(run["table"]),
                ids=list(partner_ids),
            )
        )

    @api.model
    def _travel_value_same(self, current, new, currency):
        for name in VALUE_FIELDS:
            old, value = current[name], new[name]
            if name == "customer_lifetime_value":
                if currency.compare_amounts(old or 0.0, value or 0.0):
                    return False
            elif (old or None) != (value or None):
                return False
        return True

    @api.model
    def _travel_value_values(self, run, row):
        """New stored values of a customer with at least one completed trip
        (``row``: see ``_travel_value_read_batch``)."""
        rules, today, company = run["rules"], run["today"], run["company"]
        stats = rules_lib.CustomerStats(
            total_trips=row["total_trips"],
            window_trips=row["window_trips"],
            first_trip=row["first_trip"],
            last_trip=row["last_trip"],
            historical_margin=row["historical_margin"],
        )
        interval = rules_lib.usual_interval(stats, rules)
        at_risk_date = stats.last_trip + timedelta(
            days=rules_lib.days_until_risk(interval, rules.risk_threshold)
        )
        rfm_total = row["rfm_r"] + row["rfm_f"] + row["rfm_m"]
        stage, stage_rule = rules_lib.lifecycle_stage(stats, today, at_risk_date, rules)
        segment, segment_rule = rules_lib.value_segment(
            stats, rfm_total, today, at_risk_date, rules
        )
        clv, average, per_year, years = rules_lib.lifetime_value(
            stats, stage, run["retention"], rules
        )
        values = {
            "rfm_recency": row["rfm_r"],
            "rfm_frequency": row["rfm_f"],
            "rfm_monetary": row["rfm_m"],
            "rfm_score": rfm_total,
            "value_segment": segment,
            "lifecycle_stage": stage,
            "customer_lifetime_value": company.currency_id.round(clv),
            "value_currency_id": company.currency_id.id,
            "value_company_id": company.id,
            "value_trip_count": stats.total_trips,
            "value_window_trip_count": stats.window_trips,
            "value_first_trip_date": stats.first_trip,
            "value_last_trip_date": stats.last_trip,
            "value_usual_interval": interval,
            "value_at_risk_date": at_risk_date,
        }
        values["value_explanation_data"] = self._travel_value_explain(
            run,
            values,
            (segment_rule, stage_rule),
            (stats.historical_margin, average, per_year, years),
        )
        return values

    @api.model
    def _travel_value_write(self, changes, stamp=None):
        """Write changed values in one UPDATE ... FROM unnest(arrays) statement
        (with the run's ``stamp`` when given).

        Going around ``write`` is deliberate: a run touches up to every customer
        and each gets distinct values (lifetime value, explanation), so grouping
        identical values would not reduce the number of statements. No tracking
        message is produced (none of these fields is tracked; the segment
        history keeps the audit trail), and write_date/write_uid are set like
        the ORM does. Caches are invalidated and dependent fields recomputed.
        One array parameter per column keeps the statement small whatever the
        batch size.
        """
        columns = SQL(", ").join(SQL.identifier(name) for name in ["id", *VALUE_FIELDS])
        assignments = [
            SQL("%s = v.%s", SQL.identifier(name), SQL.identifier(name))
            for name in VALUE_FIELDS
        ]
        if stamp:
            assignments.append(SQL("value_scored_at = %s", stamp))
        arrays = SQL(", ").join(
            [SQL("%s::int4[]", list(changes))]
            + [
                SQL(
                    "%s::%s[]",
                    [_sql_value(new[name], sql_type) for new in changes.values()],
                    SQL(sql_type),
                )
                for name, sql_type in VALUE_COLUMNS
            ]
        )
        self.env.execute_query(
            SQL(
                """UPDATE res_partner AS p
                      SET %(assignments)s, write_uid = %(uid)s, write_date = %(now)s
                     FROM unnest(%(arrays)s) AS v(%(columns)s)
                    WHERE p.id = v.id""",
                assignments=SQL(", ").join(assignments),
                uid=self.env.uid,
                now=fields.Datetime.now(),
                arrays=arrays,
                columns=columns,
            )
        )
        partners = self.env["res.partner"].browse(list(changes))
        partners.invalidate_recordset(
            VALUE_FIELDS + ["value_scored_at", "write_date", "write_uid"]
        )
        partners.modified(VALUE_FIELDS)
        _logger.info("Customer value: %s partner(s) updated", len(changes))

    @api.model
    def _travel_value_stamp(self, partner_ids, stamp):
        """Mark partners scored by the run without changing their values
        (bookkeeping of the run: write_date is left alone)."""
        if not partner_ids:
            return
        self.env.execute_query(
            SQL(
                "UPDATE res_partner SET value_scored_at = %s WHERE id = ANY(%s)",
                stamp,
                list(partner_ids),
            )
        )
        self.env["res.partner"].browse(partner_ids).invalidate_recordset(
            ["value_scored_at"]
        )
