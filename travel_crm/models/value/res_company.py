from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ...tools.customer_value import ValueRules


class ResCompany(models.Model):
    _inherit = "res.company"

    travel_value_window_months = fields.Integer(
        string="Analysis Window (months)",
        default=36,
        help="RFM scores, loyalty and trips a year only count completed trips "
        "(bookings done; dated by return, else departure) of the last N months.",
    )
    travel_value_monetary_basis = fields.Selection(
        [("margin", "Margin"), ("total", "Total amount")],
        string="Monetary Basis",
        default="margin",
        required=True,
        help="What the M of RFM ranks: the margin of the trips in the window, "
        "or their total amount (taxes included). Lifetime value always uses margin.",
    )
    travel_value_high_score = fields.Integer(
        string="High Value from R+F+M",
        default=12,
        help="Customers whose R + F + M (3 to 15) reaches this are High value "
        "(unless lost or at risk).",
    )
    travel_value_potential_score = fields.Integer(
        string="Potential from R+F+M",
        default=8,
        help="Customers below the high-value score whose R + F + M reaches this "
        "are Potential; below it they are Low value.",
    )
    travel_value_new_days = fields.Integer(
        string="New Customer (days)",
        default=365,
        help="A customer with a single trip stays in the New segment for this "
        "many days after it, unless their scores already make them High value.",
    )
    travel_value_loyal_trips = fields.Integer(
        string="Loyal from Trips in Window",
        default=3,
        help="Customers with at least this many trips in the analysis window "
        "are Loyal (lifecycle), unless at risk or churned.",
    )
    travel_value_lost_days = fields.Integer(
        string="Lost after (days)",
        default=730,
        help="Customers whose last trip is more than this many days ago are "
        "Lost (segment) and Churned (lifecycle); nothing more is predicted for "
        "them in their lifetime value.",
    )
    travel_value_risk_threshold = fields.Float(
        string="At Risk from Churn Risk",
        default=0.7,
        digits=(3, 2),
        help="Churn risk is 1 - exp(-days since last trip / usual interval). "
        "Customers at or above this value (between 0 and 1) are At risk. "
        "0.7 means about 1.2 usual intervals without a trip.",
    )
    travel_value_default_interval = fields.Integer(
        string="Default Interval (days)",
        default=365,
        help="Usual interval between trips assumed for a customer with a single "
        "trip. Others use (last trip - first trip) / (trips - 1), at least 30 days.",
    )
    travel_value_default_retention = fields.Float(
        string="Default Retention",
        default=0.5,
        digits=(3, 2),
        help="Retention used for lifetime value while there is no customer in "
        "the earlier of the two measured years.",
    )
    travel_value_retention_rate = fields.Float(
        string="Measured Retention",
        digits=(3, 2),
        readonly=True,
        copy=False,
        help="Share of customers who travelled in the 12 months before last who "
        "travelled again in the last 12 months (whole months, clamped to 0.9). "
        "Expected remaining years = 1 / (1 - retention).",
    )
    travel_value_retention_date = fields.Date(
        string="Retention Measured on",
        readonly=True,
        copy=False,
        help="First day of the month the retention was measured for.",
    )

    @api.constrains(
        "travel_value_window_months",
        "travel_value_high_score",
        "travel_value_potential_score",
        "travel_value_new_days",
        "travel_value_loyal_trips",
        "travel_value_lost_days",
        "travel_value_risk_threshold",
        "travel_value_default_interval",
        "travel_value_default_retention",
    )
    def _check_travel_value_rules(self):
        for company in self:
            if company.travel_value_window_months < 1:
                raise ValidationError(
                    self.env._("The analysis window must be at least one month.")
                )
            if not (
                3
                <= company.travel_value_potential_score
                <= company.travel_value_high_score
                <= 15
            ):
                raise ValidationError(
                    self.env._(
                        "R+F+M thresholds must satisfy 3 <= potential <= high <= 15."
                    )
                )
            if (
                min(
                    company.travel_value_new_days,
                    company.travel_value_lost_days,
                    company.travel_value_loyal_trips,
                    company.travel_value_default_interval,
                )
                < 1
            ):
                raise ValidationError(
                    self.env._(
                        "Day counts, the loyal trip count and the default interval "
                        "must be positive."
                    )
                )
            if not 0 < company.travel_value_risk_threshold < 1:
                raise ValidationError(
                    self.env._("The at-risk churn threshold must be between 0 and 1.")
                )
            if not 0 <= company.travel_value_default_retention <= 0.9:
                raise ValidationError(
                    self.env._("The default retention must be between 0 and 0.9.")
                )

    def _travel_value_rules(self):
        self.ensure_one()
        return ValueRules(
            window_months=self.travel_value_window_months,
            high_score=self.travel_value_high_score,
            potential_score=self.travel_value_potential_score,
            new_days=self.travel_value_new_days,
            loyal_trips=self.travel_value_loyal_trips,
            lost_days=self.travel_value_lost_days,
            risk_threshold=self.travel_value_risk_threshold,
            default_interval=self.travel_value_default_interval,
            default_retention=self.travel_value_default_retention,
        )
