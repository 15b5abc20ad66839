from odoo import api, fields, models
from odoo.tools import SQL, float_compare

# Columns the segmentation inserts, with the SQL type each array is cast to.
INSERT_COLUMNS = (
    ("partner_id", "int4"),
    ("company_id", "int4"),
    ("kind", "varchar"),
    ("service_type", "varchar"),
    ("country_id", "int4"),
    ("value", "varchar"),
    ("score", "float8"),
    ("support", "int4"),
    ("reason", "text"),
)


class TravelRecommendation(models.Model):
    """A destination or service to offer a customer next, with the reason.

    Refreshed by the segmentation cron from what customers with the same
    purchases bought (co-occurrence) and, when the traveller profile has them,
    the customer's preferred destinations.
    """

    _name = "travel.recommendation"
    _description = "Travel Recommendation"
    _order = "partner_id, kind, score desc, id"
    _rec_name = "value"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.company,
    )
    kind = fields.Selection(
        [("destination", "Destination"), ("service", "Service")],
        required=True,
        index=True,
    )
    service_type = fields.Selection(selection="_selection_service_type", index=True)
    country_id = fields.Many2one("res.country", index=True, ondelete="cascade")
    value = fields.Char(string="Recommendation", required=True)
    score = fields.Float(
        digits=(5, 4),
        help="Share of the customers who bought the reason's item who also "
        "bought this one (1 for a stated preference).",
    )
    support = fields.Integer(
        help="Customers who bought both the reason's item and this one."
    )
    reason = fields.Text()

    @api.model
    def _selection_service_type(self):
        return (
            self.env["travel.booking.line"]
            ._fields["service_type"]
            ._description_selection(self.env)
        )

    def _key(self):
        self.ensure_one()
        if self.kind == "service":
            return self.service_type
        return str(self.country_id.id)

    @api.model
    def _service_labels(self):
        """{service type: translated label}, to look up once per batch."""
        return dict(
            self.env["travel.booking.line"]
            ._fields["service_type"]
            ._description_selection(self.env)
        )

    @api.model
    def _item_label(self, kind, key, service_labels=None):
        if kind == "service":
            labels = service_labels or self._service_labels()
            return labels.get(key, key)
        return self.env["res.country"].browse(int(key)).name

    @api.model
    def _prepare_values(self, company, key, info, service_labels=None):
        partner_id, kind, target = key
        label = self._item_label(kind, target, service_labels)
        if info["seed"]:
            reason = self.env._(
                "%(share)s%% of the customers who bought %(seed)s also bought "
                "%(item)s (%(both)s of %(customers)s).",
                share=round(100 * info["score"]),
                seed=self._item_label(kind, info["seed"], service_labels),
                item=label,
                both=info["support"],
                customers=info["customers"],
            )
        else:
            reason = self.env._(
                "%(item)s is a preferred destination the customer has not "
                "travelled to with us yet.",
                item=label,
            )
        return {
            "partner_id": partner_id,
            "company_id": company.id,
            "kind": kind,
            "service_type": target if kind == "service" else False,
            "country_id": int(target) if kind == "destination" else False,
            "value": label,
            "score": info["score"],
            "support": info["support"],
            "reason": reason,
        }

    def _changed_values(self, vals):
        self.ensure_one()
        changed = {}
        for name, value in vals.items():
            current = self[name]
            field_type = self._fields[name].type
            if field_type == "many2one":
                current = current.id or False
            if field_type == "float":
                if float_compare(current, value, precision_digits=4):
                    changed[name] = value
            elif current != value:
                changed[name] = value
        return changed

    @api.model
    def _travel_value_insert(self, vals_list):
        """Create recommendations in one INSERT ... SELECT FROM unnest(arrays)
        (values of ``_prepare_values``): a first segmentation run creates a
        few for every customer."""
        if not vals_list:
            return
        columns = SQL(", ").join(SQL.identifier(name) for name, _t in INSERT_COLUMNS)
        arrays = SQL(", ").join(
            SQL(
                "%s::%s[]",
                [None if vals[name] is False else vals[name] for vals in vals_list],
                SQL(sql_type),
            )
            for name, sql_type in INSERT_COLUMNS
        )
        self.flush_model()
        self.env.execute_query(
            SQL(
                """INSERT INTO travel_recommendation
                          (%(columns)s, create_uid, create_date, write_uid,
                           write_date)
                   SELECT %(columns)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                     FROM unnest(%(arrays)s) AS r(%(columns)s)""",
                columns=columns,
                arrays=arrays,
                uid=self.env.uid,
                now=fields.Datetime.now(),
            )
        )
        self.env["res.partner"].browse(
            {vals["partner_id"] for vals in vals_list}
        ).invalidate_recordset(["travel_recommendation_ids"])
