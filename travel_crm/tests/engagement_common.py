"""Fixtures shared by the engagement tests (rules, messages, timeline)."""

import ast

from odoo import Command

from odoo.addons.mail.tests.common import MailCase
from odoo.addons.sms.tests.common import SMSCase

from .common import booking_line, create_booking, travel_user

TODAY = "2025-03-15 09:00:00"


class TravelEngagementCase(MailCase, SMSCase):
    """Five partners with birthdays on ``TODAY`` but Eve's, all tagged with the
    test audience that the rules of ``_rule`` target."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.company = cls.env.company
        cls.Rule = cls.env["travel.engagement.rule"]
        cls.Message = cls.env["travel.engagement.message"]
        # nothing shipped is active, but be explicit: only this test's rules run
        cls.Rule.search([]).active = False
        cls.agent = travel_user(
            cls.env,
            "engagement_agent",
            "travel_crm.group_travel_agent",
            name="Agnes Agent",
            email="agnes@agency.example.com",
        )
        cls.manager = travel_user(
            cls.env, "engagement_manager", "travel_crm.group_travel_manager"
        )
        cls._create_audience()
        cls.birthday_template = cls.env.ref(
            "travel_crm.mail_template_engagement_birthday"
        )

    @classmethod
    def _create_audience(cls):
        # The rules of these tests message only the test's own partners: the
        # database holds others (the demo travellers, with no company and
        # birth dates, trips and documents relative to the install day) who
        # may have their event on the frozen day.
        cls.audience = cls.env["res.partner.category"].create(
            {"name": "Engagement test audience"}
        )
        Partner = cls.env["res.partner"]
        cls.ana = Partner.create(
            {
                "name": "Ana Silva",
                "email": "ana@example.com",
                "mobile": "+32456010203",
                "birthdate": "1990-03-15",
                "marketing_consent": True,
                "lang": "en_US",
            }
        )
        cls.li = Partner.create(
            {
                "name": "Li Wei",
                "email": "li.wei@example.com",
                "birthdate": "1988-03-15",
                "marketing_consent": True,
                "lang": "zh_CN",
            }
        )
        cls.bob = Partner.create(
            {
                "name": "Bob Noconsent",
                "email": "bob@example.com",
                "mobile": "+32456040506",
                "birthdate": "1985-03-15",
                "marketing_consent": False,
            }
        )
        cls.carl = Partner.create(
            {
                "name": "Carl Blacklisted",
                "email": "carl@example.com",
                "birthdate": "1979-03-15",
                "marketing_consent": True,
            }
        )
        cls.env["mail.blacklist"]._add("carl@example.com")
        cls.eve = Partner.create(
            {
                "name": "Eve Otherday",
                "email": "eve@example.com",
                "birthdate": "1991-07-02",
                "marketing_consent": True,
            }
        )
        (cls.ana | cls.li | cls.bob | cls.carl | cls.eve).category_id = cls.audience

    def _rule(self, **vals):
        """A rule of the test company whose audience is the test's partners
        (tagged ``audience``), narrowed by ``partner_domain`` if given."""
        audience = [("category_id", "in", self.audience.ids)]
        audience += ast.literal_eval(vals.pop("partner_domain", "[]"))
        values = {
            "name": "Birthday greetings",
            "trigger": "birthday",
            "channel": "email",
            "mail_template_id": self.birthday_template.id,
            "company_id": self.company.id,
            "partner_domain": repr(audience),
        }
        values.update(vals)
        return self.Rule.create(values)

    def _test_partner(self, vals):
        """One more partner of the test's audience."""
        return self.env["res.partner"].create(
            {**vals, "category_id": [Command.set(self.audience.ids)]}
        )

    def _booking(self, partner, departure, ret, state="confirmed", **vals):
        """A booking of the agent with one flight; ``state`` is written as is
        (no confirmation side effects)."""
        flight = booking_line(
            "Lisbon - Macau flight", "flight", 900, quantity=1, date_start=departure
        )
        booking = create_booking(
            self.env,
            partner,
            lines=[flight],
            departure_date=departure,
            return_date=ret,
            user_id=self.agent.id,
            **vals,
        )
        if state != "draft":
            booking.write({"state": state})
        return booking

    def _run(self, **kwargs):
        with self.mock_mail_gateway(), self.mockSMSGateway():
            self.Rule._cron_travel_engagement(**kwargs)

    def _mails_to(self, partner):
        return self._new_mails.filtered(lambda m: partner in m.recipient_ids)

    def _log(self, partner, rule=None):
        domain = [("partner_id", "=", partner.id)]
        if rule:
            domain.append(("rule_id", "=", rule.id))
        return self.Message.search(domain)
