"""The "Why" of a customer's value.

The segmentation stores what it found as data, ``value_explanation_data``: a
list of entries ``{"code": ..., "params": {...}}`` with the raw figures (ISO
dates, amounts in the partner's value currency, selection keys, the rule that
matched with its threshold). ``value_explanation`` renders them when read, in
the reader's language: the sentences through Odoo's code translations, dates
and amounts formatted by Odoo (``format_date``, ``format_amount``), segments
and stages by their selection labels.
"""

import logging

from odoo import api, fields, models
from odoo.tools import format_amount, format_date

_logger = logging.getLogger(__name__)

AGENT = "travel_crm.group_travel_agent"

# How each parameter of the entries is shown (by name; the others as they are)
DATE_PARAMS = frozenset({"first", "last", "date"})
AMOUNT_PARAMS = frozenset({"clv", "historical", "average"})
RATIO_PARAMS = frozenset({"per_year", "years", "retention"})
REASON_PARAMS = frozenset({"why", "stage_why"})

# The sentences, by code. Literal msgids in ``_()`` calls, so that the i18n
# export finds them; ``_`` is the reader's ``env._``.
SENTENCES = {
    "trips": lambda _, p: _(
        "%(trips)s completed trip(s) with %(company)s, first on %(first)s, "
        "last on %(last)s; %(window)s in the last %(months)s months.",
        **p,
    ),
    "rfm": lambda _, p: _(
        "RFM %(r)s-%(f)s-%(m)s (R+F+M = %(total)s), ranked against the "
        "company's customers with trips in the window.",
        **p,
    ),
    "no_rfm": lambda _, p: _("No trip in the analysis window: no RFM scores."),
    "interval": lambda _, p: _(
        "Usual interval between trips: %(interval)s days; churn risk "
        "reaches %(threshold)s on %(date)s without a new trip.",
        **p,
    ),
    "decision": lambda _, p: _(
        "Segment %(segment)s: %(why)s. Stage %(stage)s: %(stage_why)s.", **p
    ),
    "clv_churned": lambda _, p: _(
        "Lifetime value %(clv)s: the margin so far, nothing predicted "
        "for a churned customer.",
        **p,
    ),
    "clv": lambda _, p: _(
        "Lifetime value %(clv)s = margin so far %(historical)s + "
        "%(average)s per trip x %(per_year)s trips a year x %(years)s "
        "years (company retention %(retention)s).",
        **p,
    ),
}

# Why a segment or stage rule matched, by rule (see tools/customer_value.py)
REASONS = {
    "lost_days": lambda _, p: _("last trip more than %(days)s days ago", **p),
    "risk": lambda _, p: _("churn risk at or above %(t)s", **p),
    "high_score": lambda _, p: _("R+F+M at or above %(score)s", **p),
    "new_days": lambda _, p: _("a single trip within the last %(days)s days", **p),
    "potential_score": lambda _, p: _("R+F+M at or above %(score)s", **p),
    "low": lambda _, p: _("R+F+M below %(score)s", **p),
    "loyal_trips": lambda _, p: _("at least %(trips)s trips in the window", **p),
    "repeat": lambda _, p: _("more than one trip"),
    "first_time": lambda _, p: _("a single trip"),
}


def rule_reason(rules, code):
    """The entry telling why rule ``code`` matched, with its threshold."""
    params = {
        "lost_days": {"days": rules.lost_days},
        "risk": {"t": rules.risk_threshold},
        "high_score": {"score": rules.high_score},
        "new_days": {"days": rules.new_days},
        "potential_score": {"score": rules.potential_score},
        "low": {"score": rules.potential_score},
        "loyal_trips": {"trips": rules.loyal_trips},
    }.get(code, {})
    return {"code": code, "params": params}


class ResPartner(models.Model):
    _inherit = "res.partner"

    value_explanation_data = fields.Json(
        string="Why (data)",
        readonly=True,
        copy=False,
        groups=AGENT,
        help="What the segmentation found, as entries {code, params}; "
        "rendered in the reader's language by the Why field.",
    )
    value_explanation = fields.Text(
        string="Why",
        compute="_compute_value_explanation",
        groups=AGENT,
    )

    @api.depends("value_explanation_data", "value_currency_id", "value_trip_count")
    @api.depends_context("lang")
    def _compute_value_explanation(self):
        labels = {
            "segment": dict(
                self._fields["value_segment"]._description_selection(self.env)
            ),
            "stage": dict(
                self._fields["lifecycle_stage"]._description_selection(self.env)
            ),
        }
        for partner in self:
            entries = partner.value_explanation_data
            if not entries:
                partner.value_explanation = (
                    self.env._(
                        "Not explained yet: the next customer value update "
                        "explains these scores."
                    )
                    if partner.value_trip_count
                    else False
                )
                continue
            lines = (partner._travel_value_render(entry, labels) for entry in entries)
            partner.value_explanation = "\n".join(line for line in lines if line)

    def _travel_value_render(self, entry, labels, catalogue=None):
        """One entry in the reader's language ('' for an entry this version
        cannot read: a stale code or parameter shows nothing, never breaks
        the form)."""
        catalogue = catalogue or SENTENCES
        try:
            params = {
                name: self._travel_value_param(name, value, labels)
                for name, value in (entry.get("params") or {}).items()
            }
            return catalogue[entry["code"]](self.env._, params)
        except (KeyError, TypeError, ValueError, AttributeError):
            _logger.warning("Customer value: cannot render %r", entry)
            return ""

    def _travel_value_param(self, name, value, labels):
        if value is None or value is False:
            return ""
        if name in DATE_PARAMS:
            return format_date(self.env, value)
        if name in AMOUNT_PARAMS:
            currency = self.value_currency_id or self.env.company.currency_id
            return format_amount(self.env, value, currency)
        if name in RATIO_PARAMS:
            # plain ratios, not amounts: two decimals whatever the language
            return f"{value:.2f}"
        if name in REASON_PARAMS:
            return self._travel_value_render(value, labels, REASONS)
        if name in labels:
            return labels[name].get(value, value)
        return value

    # ------------------------------------------------------------------
    # What a run stores
    # ------------------------------------------------------------------

    @api.model
    def _travel_value_explain(self, run, values, matched_rules, clv_parts):
        """The entries telling a manager why the customer scores so.
        ``matched_rules``: the segment and stage rules that decided;
        ``clv_parts``: historical margin, average per trip, trips a year and
        expected years of the lifetime value. Only JSON values: the run
        compares them with what is stored to skip unchanged customers."""
        rules = run["rules"]
        segment_rule, stage_rule = matched_rules
        entries = [
            self._travel_value_entry(
                "trips",
                trips=values["value_trip_count"],
                company=run["company"].name,
                first=fields.Date.to_string(values["value_first_trip_date"]),
                last=fields.Date.to_string(values["value_last_trip_date"]),
                window=values["value_window_trip_count"],
                months=rules.window_months,
            ),
            self._travel_value_entry(
                "rfm",
                r=values["rfm_recency"],
                f=values["rfm_frequency"],
                m=values["rfm_monetary"],
                total=values["rfm_score"],
            )
            if values["rfm_score"]
            else self._travel_value_entry("no_rfm"),
            self._travel_value_entry(
                "interval",
                interval=values["value_usual_interval"],
                threshold=rules.risk_threshold,
                date=fields.Date.to_string(values["value_at_risk_date"]),
            ),
            self._travel_value_entry(
                "decision",
                segment=values["value_segment"],
                why=rule_reason(rules, segment_rule),
                stage=values["lifecycle_stage"],
                stage_why=rule_reason(rules, stage_rule),
            ),
            self._travel_value_explain_clv(run, values, clv_parts),
        ]
        return entries

    @api.model
    def _travel_value_explain_clv(self, run, values, clv_parts):
        currency = run["company"].currency_id
        clv = float(values["customer_lifetime_value"])
        if values["lifecycle_stage"] == "churned":
            return self._travel_value_entry("clv_churned", clv=clv)
        historical, average, per_year, years = clv_parts
        return self._travel_value_entry(
            "clv",
            clv=clv,
            historical=currency.round(float(historical)),
            average=currency.round(float(average)),
            per_year=round(float(per_year), 4),
            years=round(float(years), 4),
            retention=round(float(run["retention"]), 4),
        )

    @api.model
    def _travel_value_entry(self, code, **params):
        return {"code": code, "params": params}
