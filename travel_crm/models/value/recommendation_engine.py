"""Recommendations the segmentation refreshes for each batch: items (service
types, destination countries) bought together by the company's customers, and
the preferred destinations a customer has not travelled to yet."""

from fractions import Fraction

from odoo import api, models
from odoo.tools import SQL

# Recommendations: top N per kind, seen together by at least N customers.
RECOMMENDATION_LIMIT = 3
RECOMMENDATION_MIN_SUPPORT = 2


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _travel_recommendation_items_snapshot(self, company):
        """Per customer of ``company``, the items they bought on completed
        trips (service types of the booking lines and destination countries),
        in a temporary table indexed by customer (``partner_id, kind, key``),
        read once per run: by the co-occurrence matrix and by each batch,
        instead of joining bookings and lines again per batch."""
        table = f"travel_value_items_{company.id}"
        destinations = self.env["travel.booking"]._fields["destination_country_ids"]
        self.env.execute_query(
            SQL(
                """DROP TABLE IF EXISTS %(table)s;
                   CREATE TEMPORARY TABLE %(table)s AS
                   SELECT DISTINCT b.partner_id, 'service' AS kind,
                          l.service_type::varchar AS key
                     FROM travel_booking b
                     JOIN travel_booking_line l ON l.booking_id = b.id
                    WHERE b.company_id = %(company)s AND b.state = 'done'
                   UNION ALL
                   SELECT DISTINCT b.partner_id, 'destination' AS kind,
                          rel.%(country)s::varchar AS key
                     FROM travel_booking b
                     JOIN %(relation)s rel ON rel.%(booking)s = b.id
                    WHERE b.company_id = %(company)s AND b.state = 'done';
                   CREATE INDEX ON %(table)s (partner_id);
                   ANALYZE %(table)s""",
                table=SQL.identifier(table),
                company=company.id,
                country=SQL.identifier(destinations.column2),
                relation=SQL.identifier(destinations.relation),
                booking=SQL.identifier(destinations.column1),
            )
        )
        return table

    @api.model
    def _travel_recommendation_matrix(self, items_table):
        """Co-occurrence counts of the company, computed once per call:
        ``{(kind, seed): [(target, together, customers with the seed)]}`` for
        pairs of items bought by at least RECOMMENDATION_MIN_SUPPORT customers.
        """
        rows = self.env.execute_query_dict(
            SQL(
                """
            WITH item_count AS (
                SELECT kind, key, COUNT(*) AS customers
                  FROM %(items)s GROUP BY kind, key
            ),
            pair AS (
                SELECT a.kind, a.key AS seed, b.key AS target, COUNT(*) AS together
                  FROM %(items)s a
                  JOIN %(items)s b ON b.partner_id = a.partner_id AND b.kind = a.kind
                                  AND b.key <> a.key
                 GROUP BY a.kind, a.key, b.key
                HAVING COUNT(*) >= %(support)s
            )
            SELECT pair.kind, pair.seed, pair.target, pair.together,
                   item_count.customers
              FROM pair
              JOIN item_count ON item_count.kind = pair.kind
                             AND item_count.key = pair.seed
            """,
                items=SQL.identifier(items_table),
                support=RECOMMENDATION_MIN_SUPPORT,
            )
        )
        matrix = {}
        for row in rows:
            matrix.setdefault((row["kind"], row["seed"]), []).append(
                (row["target"], row["together"], row["customers"])
            )
        return matrix

    @api.model
    def _travel_recommendation_wanted(self, run, partner_ids):
        """Recommendations each partner should have:
        ``{(partner_id, kind, key): info}``, the co-occurrence ones (see
        ``_travel_recommendation_best``) and the preferred destinations."""
        owned = {}
        rows = self.env.execute_query_dict(
            SQL(
                "SELECT partner_id, kind, key FROM %s WHERE partner_id = ANY(%s)",
                SQL.identifier(run["items_table"]),
                list(partner_ids),
            )
        )
        for row in rows:
            owned.setdefault(row["partner_id"], set()).add((row["kind"], row["key"]))
        wanted = {}
        for partner_id, items in owned.items():
            for (kind, target), info in self._travel_recommendation_best(
                items, run["matrix"]
            ).items():
                wanted[(partner_id, kind, target)] = info
        wanted.update(
            self._travel_recommendation_preferred(run["company"], partner_ids)
        )
        return wanted

    @api.model
    def _travel_recommendation_best(self, items, matrix):
        """For a customer who bought ``items`` (``{(kind, key)}``): for each
        item they have not bought (target), the item they bought (seed) giving
        the highest confidence (customers with both / customers with the seed;
        then more customers with both, then the seed's key), and per kind the
        best RECOMMENDATION_LIMIT targets (confidence, then support, then key).
        Returns ``{(kind, target): info}``."""
        best = {}
        for kind, seed in items:
            for target, together, customers in matrix.get((kind, seed), ()):
                if (kind, target) in items:
                    continue
                sort_key = (-Fraction(together, customers), -together, seed)
                if (kind, target) not in best or sort_key < best[(kind, target)][0]:
                    best[(kind, target)] = (
                        sort_key,
                        {
                            "score": round(together / customers, 4),
                            "support": together,
                            "seed": seed,
                            "customers": customers,
                        },
                    )
        per_kind = {}
        for (kind, target), (sort_key, info) in best.items():
            per_kind.setdefault(kind, []).append(
                (sort_key[0], sort_key[1], target, info)
            )
        chosen = {}
        for kind, options in per_kind.items():
            options.sort(key=lambda option: option[:3])
            for _conf, _support, target, info in options[:RECOMMENDATION_LIMIT]:
                chosen[(kind, target)] = info
        return chosen

    @api.model
    def _travel_recommendation_preferred(self, company, partner_ids):
        """Preferred destinations of the traveller profile that the customer
        has not travelled to yet with ``company``, in one query for the
        batch."""
        if not partner_ids:
            return {}
        preferred = self._fields["preferred_destination_ids"]
        destinations = self.env["travel.booking"]._fields["destination_country_ids"]
        self.env["travel.booking"].flush_model(
            ["partner_id", "company_id", "state", "destination_country_ids"]
        )
        self.flush_model(["preferred_destination_ids"])
        rows = self.env.execute_query(
            SQL(
                """SELECT pref.%(partner)s, pref.%(preferred)s
                     FROM %(relation)s pref
                    WHERE pref.%(partner)s = ANY(%(ids)s)
                      AND NOT EXISTS (
                          SELECT 1 FROM travel_booking b
                            JOIN %(visited)s dest ON dest.%(booking)s = b.id
                           WHERE b.partner_id = pref.%(partner)s
                             AND b.company_id = %(company)s AND b.state = 'done'
                             AND dest.%(country)s = pref.%(preferred)s)""",
                relation=SQL.identifier(preferred.relation),
                partner=SQL.identifier(preferred.column1),
                preferred=SQL.identifier(preferred.column2),
                ids=list(partner_ids),
                visited=SQL.identifier(destinations.relation),
                booking=SQL.identifier(destinations.column1),
                country=SQL.identifier(destinations.column2),
                company=company.id,
            )
        )
        return {
            (partner_id, "destination", str(country_id)): {
                "score": 1.0,
                "support": 0,
                "seed": False,
                "customers": 0,
            }
            for partner_id, country_id in rows
        }

    @api.model
    def _travel_value_update_recommendations(self, run, scored):
        """Refresh recommendations of the batch: unlink what no longer applies,
        update what changed and create the new ones (nothing when unchanged)."""
        company = run["company"]
        Recommendation = self.env["travel.recommendation"].sudo()
        owned = [pid for pid, wanted in scored.items() if wanted]
        wanted = self._travel_recommendation_wanted(run, owned) if owned else {}
        existing = Recommendation.search([("partner_id", "in", list(scored))])
        to_unlink = Recommendation
        seen = set()
        for rec in existing:
            key = (rec.partner_id.id, rec.kind, rec._key())
            if key not in wanted or rec.company_id != company or key in seen:
                to_unlink |= rec
                continue
            seen.add(key)
            vals = Recommendation._prepare_values(company, key, wanted[key])
            changed = rec._changed_values(vals)
            if changed:
                rec.write(changed)
        if to_unlink:
            to_unlink.unlink()
        Recommendation._travel_value_insert(
            [
                Recommendation._prepare_values(company, key, info)
                for key, info in wanted.items()
                if key not in seen
            ]
        )
