from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools.sql import create_unique_index


class TravelDestinationRule(models.Model):
    """Entry rules by destination and nationality.

    A rule names the nationalities it is for, or none (any nationality). For a
    traveller, the rule naming their nationality wins over the rule for any
    nationality, and then the company's rule over the shared one
    (:meth:`_select_for`). Per destination and company, each nationality has
    at most one rule, and so has "any nationality".
    """

    _inherit = "travel.destination.rule"
    _order = "country_id, company_id, nationality_key, id"

    nationality_ids = fields.Many2many(
        "res.country",
        "travel_destination_rule_nationality_rel",
        "rule_id",
        "country_id",
        string="Nationalities",
        help="Travellers of these nationalities. Leave empty for the rule of "
        "any other nationality.",
    )
    nationality_key = fields.Char(
        compute="_compute_nationality_key",
        store=True,
        precompute=True,
        help="The nationalities' ids, sorted: what makes two rules the same.",
    )
    document_type = fields.Selection(
        selection="_selection_document_type",
        required=True,
        default="passport",
        help="The travel document the traveller enters with; it must be valid "
        "for the months below after the return.",
    )
    visa_free_days = fields.Integer(
        help="When a visa is required: stays up to this many days (the whole "
        "trip, both ends counted) need none. 0: a visa is always needed.",
    )

    _sql_constraints = [
        # one rule per destination, company and set of nationalities: a unique
        # index (created in _auto_init) on the nationalities' key; shared rules
        # (no company) and overlapping sets: _check_one_rule_per_nationality
        (
            "country_company_uniq",
            "",
            (
                "There is already a rule for this destination and these "
                "nationalities in this company."
            ),
        ),
    ]

    def _auto_init(self):
        result = super()._auto_init()
        create_unique_index(
            self.env.cr,
            "travel_destination_rule_country_company_uniq",
            self._table,
            [
                "country_id",
                "company_id",
                "COALESCE(nationality_key, '')",
            ],
        )
        return result

    @api.model
    def _selection_document_type(self):
        documents = self.env["travel.document"]._fields["document_type"]
        return [
            (value, label)
            for value, label in documents._description_selection(self.env)
            if value != "visa"
        ]

    @api.depends("nationality_ids")
    def _compute_nationality_key(self):
        for rule in self:
            rule.nationality_key = ",".join(
                str(country_id) for country_id in sorted(rule.nationality_ids.ids)
            )

    @api.constrains("country_id", "company_id", "nationality_ids", "active")
    def _check_one_rule_per_nationality(self):
        """Each nationality (and "any") has one rule per destination and
        company, archived rules included; one query for the recordset."""
        self.flush_model(["country_id", "company_id", "nationality_ids"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT r.country_id, r.company_id, n.country_id, count(*)
                  FROM travel_destination_rule r
             LEFT JOIN travel_destination_rule_nationality_rel n
                    ON n.rule_id = r.id
                 WHERE (r.country_id, COALESCE(r.company_id, 0)) IN (
                        SELECT country_id, COALESCE(company_id, 0)
                          FROM travel_destination_rule WHERE id = ANY(%s))
              GROUP BY r.country_id, r.company_id, n.country_id
                HAVING count(*) > 1
                """,
                self.ids,
            )
        )
        if not rows:
            return
        country_id, _company_id, nationality_id, _count = rows[0]
        Country = self.env["res.country"]
        if nationality_id:
            raise ValidationError(
                self.env._(
                    "%(destination)s already has a rule for travellers of "
                    "%(nationality)s in this company: add the nationality to one "
                    "rule only.",
                    destination=Country.browse(country_id).name,
                    nationality=Country.browse(nationality_id).name,
                )
            )
        raise ValidationError(
            self.env._(
                "%(destination)s already has a rule for any nationality in this "
                "company.",
                destination=Country.browse(country_id).name,
            )
        )

    @api.constrains("visa_free_days")
    def _check_visa_free_days(self):
        for rule in self:
            if not 0 <= rule.visa_free_days <= 366:
                raise ValidationError(
                    self.env._(
                        "The visa-free days for %(country)s must be between 0 and 366.",
                        country=rule.country_id.name,
                    )
                )

    def _select_for(self, country, nationality, company):
        """The rule of ``country`` for a traveller of ``nationality`` (a
        res.country, possibly empty) booked by ``company``, among ``self``.

        The rule naming the nationality wins over the rule for any nationality,
        then the company's rule over the shared one.
        """
        candidates = self.filtered(
            lambda r: (
                r.country_id == country
                and r.company_id in (company, company.browse())
                and (not r.nationality_ids or nationality in r.nationality_ids)
            )
        )
        if not candidates:
            return self.browse()
        return candidates.sorted(
            lambda r: (bool(r.nationality_ids), bool(r.company_id)), reverse=True
        )[0]
