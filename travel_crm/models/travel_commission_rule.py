from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class TravelCommissionRule(models.Model):
    """Commission rate of agents, on the margin of the services they sell.

    The most specific rule wins: agent and service type, then agent, then
    service type. Rates are copied onto the services when they are computed,
    so changing a rule does not rewrite the commission of past bookings.
    """

    _name = "travel.commission.rule"
    _description = "Agent Commission Rule"
    _order = "company_id, user_id, service_type"
    _check_company_auto = True

    user_id = fields.Many2one(
        "res.users",
        string="Agent",
        index=True,
        ondelete="cascade",
        domain="[('share', '=', False)]",
        help="Leave empty for every agent.",
    )
    service_type = fields.Selection(
        selection=lambda self: (
            self.env["travel.booking.line"]
            ._fields["service_type"]
            ._description_selection(self.env)
        ),
        help="Leave empty for every service type.",
    )
    rate = fields.Float(
        string="Rate (%)", required=True, help="Percentage of the service margin."
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        ondelete="cascade",
    )
    active = fields.Boolean(default=True)

    @api.constrains("rate", "user_id", "service_type")
    def _check_rule(self):
        for rule in self:
            if not 0 <= rule.rate <= 100:
                raise ValidationError(
                    _("A commission rate must be between 0 and 100%.")
                )
            if not rule.user_id and not rule.service_type:
                raise ValidationError(
                    _("A commission rule applies to an agent, a service type or both.")
                )
        groups = self._read_group(
            [("company_id", "in", self.company_id.ids)],
            ["company_id", "user_id", "service_type"],
            ["__count"],
        )
        if any(count > 1 for *_key, count in groups):
            raise ValidationError(
                _("There is already a commission rule for this agent and service type.")
            )

    @api.model
    def _get_rates(self, lines):
        """Rate of each service from the rules of its booking's company.

        :return: ``{line: rate}``
        """
        rules = self.search([("company_id", "in", lines.company_id.ids)])
        rates = {}
        for line in lines:
            agent = line.booking_id.user_id
            best, best_score = 0.0, 0
            for rule in rules:
                if rule.company_id != line.company_id:
                    continue
                if rule.user_id and rule.user_id != agent:
                    continue
                if rule.service_type and rule.service_type != line.service_type:
                    continue
                score = (2 if rule.user_id else 0) + (1 if rule.service_type else 0)
                if score > best_score:
                    best, best_score = rule.rate, score
            rates[line] = best
        return rates
