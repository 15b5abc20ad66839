from odoo import api, fields, models
from odoo.tools import SQL, float_compare

# Columns the segmentation inserts, with the SQL type each array is cast to.
INSERT_COLUMNS = (
    ("partner_id", "int4"),
    ("company_id", "int4"),
    ("kind", "varchar"),
    ("service_type", "varchar"),
    ("country_id", "int4"),
    ("score", "float8"),
    ("support", "int4"),
    ("seed_service_type", "varchar"),
    ("seed_country_id", "int4"),
    ("seed_customers", "int4"),
)


class TravelRecommendation(models.Model):
    """A destination or service to offer a customer next, with the reason.

    Refreshed by the segmentation cron from what customers with the same
    purchases bought (co-occurrence) and, when the traveller profile has them,
    the customer's preferred destinations. The record keeps the facts (item,
    seed item, counts); the item's name and the reason are rendered when read,
    in the reader's language.
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
    value = fields.Char(
        string="Recommendation",
        compute="_compute_value",
        search="_search_value",
    )
    score = fields.Float(
        digits=(5, 4),
        help="Share of the customers who bought the reason's item who also "
        "bought this one (1 for a stated preference).",
    )
    support = fields.Integer(
        help="Customers who bought both the reason's item and this one."
    )
    seed_service_type = fields.Selection(
        selection="_selection_service_type",
        string="Because of Service",
        help="The service the customer bought that leads to this one.",
    )
    seed_country_id = fields.Many2one(
        "res.country",
        string="Because of Destination",
        ondelete="cascade",
        help="The destination the customer travelled to that leads to this one.",
    )
    seed_customers = fields.Integer(
        string="Customers with the Reason's Item",
        help="Customers who bought the reason's item.",
    )
    reason = fields.Text(compute="_compute_reason")

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

    @api.depends("kind", "service_type", "country_id")
    @api.depends_context("lang")
    def _compute_value(self):
        labels = self._service_labels()
        for rec in self:
            rec.value = rec._item_label(rec.service_type, rec.country_id, labels)

    def _search_value(self, operator, value):
        """The item's name in the reader's language: a service type whose
        label matches, or a destination whose country name matches."""
        matches = {
            "=": lambda label: label == value,
            "ilike": lambda label: str(value).lower() in label.lower(),
            "like": lambda label: str(value) in label,
            "=ilike": lambda label: label.lower() == str(value).lower(),
        }
        negative = {"!=": "=", "not ilike": "ilike", "not like": "like"}
        positive = negative.get(operator, operator)
        if positive not in matches:
            raise NotImplementedError(operator)
        services = [
            key
            for key, label in self._service_labels().items()
            if matches[positive](label)
        ]
        domain = [
            "|",
            ("service_type", "in", services),
            ("country_id.name", positive, value),
        ]
        return ["!", *domain] if operator in negative else domain

    @api.depends(
        "kind",
        "service_type",
        "country_id",
        "score",
        "support",
        "seed_service_type",
        "seed_country_id",
        "seed_customers",
    )
    @api.depends_context("lang")
    def _compute_reason(self):
        labels = self._service_labels()
        _ = self.env._
        for rec in self:
            item = rec._item_label(rec.service_type, rec.country_id, labels)
            if rec.seed_service_type or rec.seed_country_id:
                rec.reason = _(
                    "%(share)s%% of the customers who bought %(seed)s also bought "
                    "%(item)s (%(both)s of %(customers)s).",
                    share=round(100 * rec.score),
                    seed=rec._item_label(
                        rec.seed_service_type, rec.seed_country_id, labels
                    ),
                    item=item,
                    both=rec.support,
                    customers=rec.seed_customers,
                )
            elif rec.support:
                # made by an older version: the next segmentation run tells
                # which purchase leads to it
                rec.reason = _(
                    "%(both)s customers who bought what this customer bought "
                    "also bought %(item)s.",
                    both=rec.support,
                    item=item,
                )
            else:
                rec.reason = _(
                    "%(item)s is a preferred destination the customer has not "
                    "travelled to with us yet.",
                    item=item,
                )

    @api.model
    def _item_label(self, service_type, country, service_labels):
        """The name of a service type or a country in the reader's language."""
        if service_type:
            return service_labels.get(service_type, service_type)
        return country.name or ""

    @api.model
    def _prepare_values(self, company, key, info):
        """Stored values of a recommendation: ``key`` is (partner id, kind,
        item), ``info`` what the engine found (``score``, ``support``,
        ``seed``: the item leading to it or False, ``customers``: customers
        with the seed)."""
        partner_id, kind, target = key
        seed = info["seed"]
        service = kind == "service"
        return {
            "partner_id": partner_id,
            "company_id": company.id,
            "kind": kind,
            "service_type": target if service else False,
            "country_id": False if service else int(target),
            "score": info["score"],
            "support": info["support"],
            "seed_service_type": seed if seed and service else False,
            "seed_country_id": int(seed) if seed and not service else False,
            "seed_customers": info["customers"] if seed else 0,
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
