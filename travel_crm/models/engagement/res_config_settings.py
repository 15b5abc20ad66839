from odoo import fields, models
from odoo.exceptions import UserError

# settings field -> (trigger, shipped rules copied into a company that has none)
ENGAGEMENT_SWITCHES = {
    "travel_engagement_birthday": (
        "birthday",
        ["travel_crm.travel_engagement_rule_birthday"],
    ),
    "travel_engagement_departure": (
        "before_departure",
        [
            "travel_crm.travel_engagement_rule_departure_email",
            "travel_crm.travel_engagement_rule_departure_sms",
        ],
    ),
    "travel_engagement_post_trip": (
        "after_return",
        ["travel_crm.travel_engagement_rule_after_return"],
    ),
    "travel_engagement_win_back": (
        "inactivity",
        ["travel_crm.travel_engagement_rule_inactivity"],
    ),
}


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    travel_engagement_birthday = fields.Boolean(string="Birthday Greetings")
    travel_engagement_departure = fields.Boolean(string="Pre-departure Reminders")
    travel_engagement_post_trip = fields.Boolean(string="Post-trip Thank You")
    travel_engagement_win_back = fields.Boolean(string="Win-back Offers")

    def get_values(self):
        res = super().get_values()
        active_triggers = {
            trigger
            for [trigger] in self.env["travel.engagement.rule"]
            .sudo()
            ._read_group([("company_id", "=", self.env.company.id)], ["trigger"])
        }
        for fname, (trigger, _xmlids) in ENGAGEMENT_SWITCHES.items():
            res[fname] = trigger in active_triggers
        return res

    def set_values(self):
        res = super().set_values()
        for fname, (trigger, xmlids) in ENGAGEMENT_SWITCHES.items():
            self._travel_engagement_switch(trigger, xmlids, self[fname])
        return res

    def _travel_engagement_switch(self, trigger, xmlids, enable):
        """A switch turns all rules of its trigger in the company on or off.

        Switching on reactivates the company's archived rules of the trigger;
        a company that never had one gets a copy of the shipped rules.
        """
        company = self.company_id or self.env.company
        Rule = self.env["travel.engagement.rule"].sudo().with_context(active_test=False)
        rules = Rule.search(
            [("company_id", "=", company.id), ("trigger", "=", trigger)]
        )
        if not enable:
            rules.filtered("active").active = False
            return
        if rules.filtered("active"):
            return
        if rules:
            rules.active = True
            return
        shipped = Rule.browse()
        for xmlid in xmlids:
            shipped |= self.env.ref(xmlid, raise_if_not_found=False) or Rule
        if not shipped:
            raise UserError(
                self.env._(
                    "The shipped rule was deleted: create a rule for this trigger "
                    "in Travel > Configuration > Engagement Rules."
                )
            )
        for rule in shipped:
            rule.copy({"company_id": company.id, "active": True, "name": rule.name})
