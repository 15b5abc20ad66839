"""The "Why" text of a customer's value: a few sentences in the company's
language, amounts and dates formatted by Odoo (``format_amount``,
``format_date``)."""

import ast
import functools

from odoo import api, models
from odoo.tools import format_date, get_lang

from odoo.addons.base.models.res_lang import intersperse


def amount_formatter(env, currency, lang_code):
    """Odoo's ``format_amount(env, amount, currency, lang_code)`` as a function
    of the amount, with the language's number format looked up once: a run
    formats three amounts per customer, and ``format_amount`` looks the
    language up three times on each call. The same steps as ``format_amount``
    and ``res.lang.format`` (``test_value_explanation`` compares the two)."""
    lang = get_lang(env, lang_code)
    grouping = ast.literal_eval(lang.grouping)
    fmt = f"%.{currency.decimal_places}f"
    symbol = currency.symbol or ""
    pre, post = (
        (f"{symbol}\N{NO-BREAK SPACE}", "")
        if currency.position == "before"
        else ("", f"\N{NO-BREAK SPACE}{symbol}")
    )

    def format_amount(amount):
        parts = (fmt % currency.round(amount)).split(".")
        parts[0] = intersperse(parts[0], grouping, lang.thousands_sep or "")[0]
        number = lang.decimal_point.join(parts)
        number = number.replace(" ", "\N{NO-BREAK SPACE}").replace(
            "-", "-\N{ZERO WIDTH NO-BREAK SPACE}"
        )
        return f"{pre}{number}{post}"

    return format_amount


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _travel_value_texts(self, company, rules):
        """Sentences of the explanation in the company's language, translated
        once per run: templates with named placeholders for what varies per
        customer, the rules' thresholds already filled in."""
        lang_code = company.partner_id.lang or "en_US"
        env = self.with_context(lang=lang_code).env
        currency = company.currency_id

        # Odoo's formatting, prepared once for the run: a run formats three
        # dates and three amounts per customer; dates repeat across customers
        money = amount_formatter(env, currency, lang_code)

        @functools.cache
        def day(value):
            return format_date(env, value, lang_code)

        return {
            "format_amount": money,
            "format_date": day,
            "segments": dict(self._fields["value_segment"]._description_selection(env)),
            "stages": dict(self._fields["lifecycle_stage"]._description_selection(env)),
            **self._travel_value_sentences(env),
            **self._travel_value_reasons(env, rules),
        }

    @api.model
    def _travel_value_sentences(self, env):
        _ = env._
        return {
            "trips": _(
                "%(trips)s completed trip(s) with %(company)s, first on %(first)s, "
                "last on %(last)s; %(window)s in the last %(months)s months."
            ),
            "rfm": _(
                "RFM %(r)s-%(f)s-%(m)s (R+F+M = %(total)s), ranked against the "
                "company's customers with trips in the window."
            ),
            "no_rfm": _("No trip in the analysis window: no RFM scores."),
            "interval": _(
                "Usual interval between trips: %(interval)s days; churn risk "
                "reaches %(threshold)s on %(date)s without a new trip."
            ),
            "decision": _(
                "Segment %(segment)s: %(why)s. Stage %(stage)s: %(stage_why)s."
            ),
            "clv_churned": _(
                "Lifetime value %(clv)s: the margin so far, nothing predicted "
                "for a churned customer."
            ),
            "clv": _(
                "Lifetime value %(clv)s = margin so far %(historical)s + "
                "%(average)s per trip x %(per_year)s trips a year x %(years)s "
                "years (company retention %(retention)s)."
            ),
        }

    @api.model
    def _travel_value_reasons(self, env, rules):
        """Why a segment or stage rule matched, by rule (see the rules module)."""
        _ = env._
        lost = _("last trip more than %(days)s days ago", days=rules.lost_days)
        risk = _("churn risk at or above %(t)s", t=rules.risk_threshold)
        return {
            "segment_reasons": {
                "lost_days": lost,
                "risk": risk,
                "high_score": _("R+F+M at or above %(score)s", score=rules.high_score),
                "new_days": _(
                    "a single trip within the last %(days)s days", days=rules.new_days
                ),
                "potential_score": _(
                    "R+F+M at or above %(score)s", score=rules.potential_score
                ),
                "low": _("R+F+M below %(score)s", score=rules.potential_score),
            },
            "stage_reasons": {
                "lost_days": lost,
                "risk": risk,
                "loyal_trips": _(
                    "at least %(trips)s trips in the window", trips=rules.loyal_trips
                ),
                "repeat": _("more than one trip"),
                "first_time": _("a single trip"),
            },
        }

    @api.model
    def _travel_value_explain(self, run, values, matched_rules, clv_parts):
        """A few sentences telling a manager why the customer scores so.
        ``matched_rules``: the segment and stage rules that decided;
        ``clv_parts``: historical margin, average per trip, trips a year and
        expected years of the lifetime value."""
        texts, rules = run["texts"], run["rules"]
        day = texts["format_date"]
        segment_rule, stage_rule = matched_rules
        lines = [
            texts["trips"]
            % {
                "trips": values["value_trip_count"],
                "company": run["company"].name,
                "first": day(values["value_first_trip_date"]),
                "last": day(values["value_last_trip_date"]),
                "window": values["value_window_trip_count"],
                "months": rules.window_months,
            },
            texts["rfm"]
            % {
                "r": values["rfm_recency"],
                "f": values["rfm_frequency"],
                "m": values["rfm_monetary"],
                "total": values["rfm_score"],
            }
            if values["rfm_score"]
            else texts["no_rfm"],
            texts["interval"]
            % {
                "interval": values["value_usual_interval"],
                "threshold": rules.risk_threshold,
                "date": day(values["value_at_risk_date"]),
            },
            texts["decision"]
            % {
                "segment": texts["segments"][values["value_segment"]],
                "why": texts["segment_reasons"][segment_rule],
                "stage": texts["stages"][values["lifecycle_stage"]],
                "stage_why": texts["stage_reasons"][stage_rule],
            },
            self._travel_value_explain_clv(run, values, clv_parts),
        ]
        return "\n".join(lines)

    @api.model
    def _travel_value_explain_clv(self, run, values, clv_parts):
        texts, money = run["texts"], run["texts"]["format_amount"]
        clv = money(values["customer_lifetime_value"])
        if values["lifecycle_stage"] == "churned":
            return texts["clv_churned"] % {"clv": clv}
        historical, average, per_year, years = clv_parts
        # plain ratios, not amounts: two decimals whatever the language
        return texts["clv"] % {
            "clv": clv,
            "historical": money(historical),
            "average": money(average),
            "per_year": f"{per_year:.2f}",
            "years": f"{years:.2f}",
            "retention": f"{run['retention']:.2f}",
        }
