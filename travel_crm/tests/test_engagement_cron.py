from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .cron_common import CronCrashMixin
from .engagement_common import TODAY, TravelEngagementCase


@tagged("post_install", "-at_install")
class TestTravelEngagementCron(TravelEngagementCase):
    @freeze_time(TODAY)
    def test_cron_sends_in_batches_and_reports_progress(self):
        self._rule()
        self.Message.search([]).unlink()
        cron = self.env.ref("travel_crm.ir_cron_travel_engagement")
        # 5 birthday messages due: ana, li, bob, carl (skips are logged too)
        # and one more consenting traveller
        self._test_partner(
            {
                "name": "Dan Extra",
                "email": "dan@example.com",
                "birthdate": "2000-03-15",
                "marketing_consent": True,
            }
        )
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        with self.mock_mail_gateway():
            self.Rule.with_context(
                ir_cron_progress_id=progress.id
            )._cron_travel_engagement(batch_size=2, limit=3)
        self.assertEqual((progress.done, progress.remaining), (3, 2))
        self.assertEqual(self.Message.search_count([]), 3)
        progress2 = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        with self.mock_mail_gateway():
            self.Rule.with_context(
                ir_cron_progress_id=progress2.id
            )._cron_travel_engagement(batch_size=2, limit=3)
        self.assertEqual((progress2.done, progress2.remaining), (2, 0))
        self.assertEqual(self.Message.search_count([]), 5)
        progress3 = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        with self.mock_mail_gateway():
            self.Rule.with_context(
                ir_cron_progress_id=progress3.id
            )._cron_travel_engagement(batch_size=2, limit=3)
        self.assertEqual((progress3.done, progress3.remaining), (0, 0))
        self.assertFalse(self._new_mails, "skips stay skipped, nothing resent")

    def test_cron_record_runs_the_engagement_method(self):
        cron = self.env.ref("travel_crm.ir_cron_travel_engagement")
        self.assertEqual(cron.model_id.model, "travel.engagement.rule")
        self.assertEqual(cron.code.strip(), "model._cron_travel_engagement()")

    @freeze_time(TODAY)
    def test_run_now_button_for_managers_only(self):
        rule = self._rule()
        with self.assertRaises(UserError):
            rule.with_user(self.agent).action_run_now()
        with self.mock_mail_gateway():
            rule.with_user(self.manager).action_run_now()
        self.assertEqual(len(self._mails_to(self.ana)), 1)

    def test_rule_needs_the_template_of_its_channel(self):
        with self.assertRaises(ValidationError):
            self._rule(mail_template_id=False)
        with self.assertRaises(ValidationError):
            self._rule(channel="activity")
        with self.assertRaises(ValidationError):
            self._rule(trigger="holiday", holiday_month="2", holiday_day=30)
        with self.assertRaises(ValidationError):
            self._rule(partner_domain="[('no_such_field', '=', 1)]")
        self.assertTrue(
            self._rule(trigger="holiday", holiday_month="2", holiday_day=29)
        )


@tagged("post_install", "-at_install")
class TestEngagementResumes(CronCrashMixin, TravelEngagementCase):
    """Seven birthdays (five to send, two skips to log) in batches of three:
    the crash hits the second batch, after the first was committed."""

    def _seven_birthdays(self):
        """The rule and what it has to send today: five messages, two skips."""
        for i in range(3):
            self._test_partner(
                {
                    "name": f"Birthday {i}",
                    "email": f"birthday{i}@example.com",
                    "birthdate": f"199{i}-03-15",
                    "marketing_consent": True,
                }
            )
        rule = self._rule()
        pending = rule._engagement_collect(date.today())
        self.assertEqual(len(pending), 7)
        sendable = self.env["res.partner"].browse(
            [vals["partner_id"] for vals in pending if not vals["skip_reason"]]
        )
        self.assertEqual(len(sendable), 5)
        return rule, pending, sendable

    def _rule_log(self, rule):
        self.env.invalidate_all()
        return self.Message.search([("rule_id", "=", rule.id)])

    def _mail_counts(self, partners):
        return {
            partner: self.env["mail.mail"].search_count(
                [("recipient_ids", "in", partner.id)]
            )
            for partner in partners
        }

    def _run_engagement_cron(self):
        with self.mock_mail_gateway():
            self._run_cron(
                "travel.engagement.rule", "_cron_travel_engagement", batch_size=3
            )

    @freeze_time(TODAY)
    def test_engagement_crashed_mid_batch_resumes_without_duplicates(self):
        rule, pending, sendable = self._seven_birthdays()
        events = {vals["dedupe_key"]: vals["partner_id"] for vals in pending}
        self._crash_on(
            "travel_engagement_message",
            SQL("dedupe_key = %s", pending[4]["dedupe_key"]),
        )
        with (
            self.mock_mail_gateway(),
            mute_logger(
                "odoo.addons.travel_crm.models.engagement.travel_engagement_message"
            ),
        ):
            self._crashed_run(
                "travel.engagement.rule", "_cron_travel_engagement", batch_size=3
            )
        # the first batch was committed, the second lost whole
        self.assertEqual(
            sorted(self._rule_log(rule).mapped("dedupe_key")),
            sorted(vals["dedupe_key"] for vals in pending[:3]),
        )
        self._heal()
        self._run_engagement_cron()
        messages = self._rule_log(rule)
        self.assertEqual(len(messages), len(events), "one message per event")
        self.assertEqual(sorted(messages.mapped("dedupe_key")), sorted(events))
        self.assertEqual(
            {m.dedupe_key: m.partner_id.id for m in messages}, events, "none lost"
        )
        self.assertEqual(
            sorted(messages.mapped("state")), ["sent"] * 5 + ["skipped"] * 2
        )
        once = dict.fromkeys(sendable, 1)
        self.assertEqual(self._mail_counts(sendable), once, "each mailed once")
        self._run_engagement_cron()
        self.assertFalse(self._new_mails, "a third run sends nothing")
        self.assertEqual(self._rule_log(rule), messages)
        self.assertEqual(self._mail_counts(sendable), once)
