from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

BASES = [
    ("before_start", "Before the service starts"),
    ("after_start", "After the service starts"),
    ("after_end", "After the service ends"),
]


class TravelSupplierPaymentRule(models.Model):
    """When a supplier is paid, relative to the date of the service.

    A rule names a supplier, a service type, both or neither (the company's
    default). For a service, the most specific rule of its booking's company
    wins: supplier and type, then supplier, then type, then the default; a rule
    of the supplier's company (commercial partner) counts as the supplier's.
    Vendor bills made from bookings fall due on the earliest date their
    services' rules give.
    """

    _name = "travel.supplier.payment.rule"
    _description = "Supplier Payment Rule"
    _order = "company_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        ondelete="cascade",
    )
    supplier_id = fields.Many2one(
        "res.partner",
        index=True,
        ondelete="cascade",
        check_company=True,
        help="Leave empty for every supplier.",
    )
    service_type = fields.Selection(
        selection=lambda self: (
            self.env["travel.booking.line"]
            ._fields["service_type"]
            ._description_selection(self.env)
        ),
        help="Leave empty for every service type.",
    )
    days = fields.Integer(required=True, default=0)
    basis = fields.Selection(
        BASES,
        required=True,
        default="before_start",
        help="The service date the days count from: its first day (the "
        "booking's departure when the service has no dates) or its last day "
        "(the booking's return).",
    )
    active = fields.Boolean(default=True)

    @api.depends("supplier_id", "service_type", "days", "basis")
    def _compute_display_name(self):
        types = dict(self._fields["service_type"]._description_selection(self.env))
        for rule in self:
            scope = " / ".join(
                filter(None, [rule.supplier_id.name, types.get(rule.service_type)])
            )
            rule.display_name = _(
                "%(scope)s: %(when)s",
                scope=scope or _("Every supplier"),
                when=rule._describe_when(),
            )

    def _describe_when(self):
        self.ensure_one()
        if self.basis == "before_start":
            return _("%(days)s days before the service starts", days=self.days)
        if self.basis == "after_start":
            return _("%(days)s days after the service starts", days=self.days)
        return _("%(days)s days after the service ends", days=self.days)

    @api.constrains("days", "company_id", "supplier_id", "service_type", "active")
    def _check_rule(self):
        if any(rule.days < 0 for rule in self):
            raise ValidationError(
                _("A supplier payment rule counts zero or more days.")
            )
        groups = self._read_group(
            [("company_id", "in", self.company_id.ids)],
            ["company_id", "supplier_id", "service_type"],
            ["__count"],
        )
        if any(count > 1 for *_key, count in groups):
            raise ValidationError(
                _(
                    "There is already a supplier payment rule for this supplier "
                    "and service type."
                )
            )

    @api.model
    def _get_rules(self, lines):
        """The rule of each booking line (an empty rule where none applies),
        from one search over the lines' companies.

        :return: ``{line: rule}``
        """
        rules = self.search([("company_id", "in", lines.company_id.ids)])
        by_scope = {}
        for rule in rules:  # _order: the first by sequence wins a tie
            key = (rule.company_id, rule.supplier_id, rule.service_type or False)
            by_scope.setdefault(key, rule)
        no_supplier = self.env["res.partner"]
        found = {}
        for line in lines:
            suppliers = [line.supplier_id, line.supplier_id.commercial_partner_id]
            scopes = [(s, line.service_type) for s in suppliers if s]
            scopes += [(s, False) for s in suppliers if s]
            scopes += [(no_supplier, line.service_type), (no_supplier, False)]
            found[line] = next(
                (
                    by_scope[(line.company_id, *scope)]
                    for scope in scopes
                    if (line.company_id, *scope) in by_scope
                ),
                self,
            )
        return found

    def _get_due_date(self, date_start, date_end):
        """The day a service from ``date_start`` to ``date_end`` is paid by
        this rule (None when the date it counts from is unknown)."""
        self.ensure_one()
        if self.basis == "before_start":
            return date_start and date_start - timedelta(days=self.days)
        if self.basis == "after_start":
            return date_start and date_start + timedelta(days=self.days)
        return date_end and date_end + timedelta(days=self.days)
