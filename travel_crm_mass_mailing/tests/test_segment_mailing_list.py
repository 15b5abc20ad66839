from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.base.tests.test_ir_cron import CronMixinCase
from odoo.addons.travel_crm.tests.value_common import TravelValueCase


@tagged("post_install", "-at_install")
class TestSegmentMailingList(TravelValueCase, CronMixinCase):
    """Travellers of company "Value Travel" (scores written as the
    segmentation would leave them):

    partner      segment   stage     consent  email                 expected
    ada          at_risk   at_risk   yes      ada@example.com       in
    bob          at_risk   repeat    yes      bob@example.com       in (known contact)
    cy           at_risk   at_risk   no       cy@example.com        out: no consent
    dee          at_risk   at_risk   yes      dee@example.com       out: blacklisted
    eve          at_risk   at_risk   yes      -                     out: no email
    fay          high      loyal     yes      fay@example.com       out: other segment
    gus          at_risk   at_risk   yes      gus@example.com       out: other company
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls._create_company("Other Travel")
        cls.manager = new_test_user(
            cls.env,
            login="mailing_travel_manager",
            groups="base.group_user,travel_crm.group_travel_manager,"
            "mass_mailing.group_mass_mailing_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id, cls.other_company.id],
        )
        cls.agent = new_test_user(
            cls.env,
            login="mailing_travel_agent",
            groups="base.group_user,travel_crm.group_travel_agent,"
            "mass_mailing.group_mass_mailing_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        rows = [
            ("ada", "at_risk", "at_risk", True, "ada@example.com", cls.company),
            ("bob", "at_risk", "repeat", True, "Bob <BOB@example.com>", cls.company),
            ("cy", "at_risk", "at_risk", False, "cy@example.com", cls.company),
            ("dee", "at_risk", "at_risk", True, "dee@example.com", cls.company),
            ("eve", "at_risk", "at_risk", True, False, cls.company),
            ("fay", "high", "loyal", True, "fay@example.com", cls.company),
            ("gus", "at_risk", "at_risk", True, "gus@example.com", cls.other_company),
        ]
        cls.partners = {}
        for name, segment, stage, consent, email, company in rows:
            partner = cls.env["res.partner"].create(
                {
                    "name": name.title(),
                    "is_traveller": True,
                    "email": email,
                    "marketing_consent": consent,
                }
            )
            partner.sudo().write(
                {
                    "value_segment": segment,
                    "lifecycle_stage": stage,
                    "value_company_id": company.id,
                    "value_trip_count": 2,
                }
            )
            cls.partners[name] = partner
        cls.env["mail.blacklist"]._add("dee@example.com")
        cls.known_contact = cls.env["mailing.contact"].create(
            {"name": "Bob (newsletter)", "email": "bob@example.com"}
        )
        cls.at_risk_list = cls.env["mailing.list"].create(
            {
                "name": "Win back",
                "travel_value_segment": "at_risk",
                "travel_company_id": cls.company.id,
            }
        )

    def _sync(self, mailing_list=None):
        mailing_list = mailing_list or self.at_risk_list
        return mailing_list.with_user(self.manager).action_travel_sync()

    def _subscribed(self, mailing_list=None):
        mailing_list = mailing_list or self.at_risk_list
        subscriptions = self.env["mailing.subscription"].search(
            [("list_id", "=", mailing_list.id)]
        )
        return {sub.contact_id.email_normalized: sub.opt_out for sub in subscriptions}

    def test_sync_subscribes_consenting_unblacklisted_travellers_of_the_segment(self):
        result = self._sync()
        self.assertEqual(
            self._subscribed(),
            {"ada@example.com": False, "bob@example.com": False},
        )
        self.assertIn(
            "2 traveller(s) subscribed, 0 unsubscribed", result["params"]["message"]
        )
        # Bob was already known to Email Marketing: no duplicate contact
        self.assertEqual(
            self.env["mailing.contact"].search_count(
                [("email_normalized", "=", "bob@example.com")]
            ),
            1,
        )
        self.assertIn(self.at_risk_list, self.known_contact.list_ids)
        self.assertTrue(self.at_risk_list.travel_sync_date)

    def test_second_sync_writes_nothing(self):
        self._sync()
        subscriptions = self.at_risk_list.subscription_ids
        contacts = self.env["mailing.contact"].search([])
        self.assertEqual(self.at_risk_list._travel_sync(), (0, 0))
        self.assertEqual(self.at_risk_list.subscription_ids, subscriptions)
        self.assertEqual(self.env["mailing.contact"].search([]), contacts)

    def test_stage_and_segment_together_narrow_the_list(self):
        self.at_risk_list.travel_lifecycle_stage = "at_risk"
        self._sync()
        self.assertEqual(self._subscribed(), {"ada@example.com": False})

    def test_traveller_who_opted_out_is_never_subscribed_again(self):
        self._sync()
        ada_subscription = self.at_risk_list.subscription_ids.filtered(
            lambda sub: sub.contact_id.email_normalized == "ada@example.com"
        )
        ada_subscription.opt_out = True
        self._sync()
        self.assertEqual(
            self._subscribed(),
            {"ada@example.com": True, "bob@example.com": False},
        )
        # still opted out once Ada left the segment and came back
        self.partners["ada"].sudo().value_segment = "high"
        self._sync()
        self.partners["ada"].sudo().value_segment = "at_risk"
        self._sync()
        self.assertEqual(self._subscribed()["ada@example.com"], True)

    def test_leaving_the_segment_or_withdrawing_consent_unsubscribes(self):
        self._sync()
        self.partners["ada"].sudo().value_segment = "high"
        self.partners["bob"].marketing_consent = False
        self.assertEqual(self.at_risk_list._travel_sync(), (0, 2))
        self.assertEqual(self._subscribed(), {})
        # the mailing contacts themselves stay (Bob is on another list)
        self.assertTrue(self.known_contact.exists())

    def test_blacklisting_an_address_unsubscribes_it_at_the_next_sync(self):
        self._sync()
        self.env["mail.blacklist"]._add("ada@example.com")
        self._sync()
        self.assertEqual(self._subscribed(), {"bob@example.com": False})

    def test_one_click_from_travellers_creates_then_reuses_segment_lists(self):
        selection = (self.partners["ada"] | self.partners["fay"]).with_user(
            self.manager
        )
        action = selection.with_company(
            self.company
        ).action_travel_segment_mailing_list()
        lists = self.env["mailing.list"].search(action["domain"])
        self.assertEqual(
            sorted(lists.mapped("travel_value_segment")), ["at_risk", "high"]
        )
        # the at-risk list already existed: it was synced, not duplicated
        self.assertIn(self.at_risk_list, lists)
        high = lists - self.at_risk_list
        self.assertEqual(high.name, "Travellers: High value")
        self.assertEqual(high.travel_company_id, self.company)
        self.assertEqual(self._subscribed(high), {"fay@example.com": False})
        again = selection.with_company(
            self.company
        ).action_travel_segment_mailing_list()
        self.assertEqual(self.env["mailing.list"].search(again["domain"]), lists)

    def test_one_click_by_stage_opens_the_single_list(self):
        action = (
            self.partners["bob"]
            .with_user(self.manager)
            .with_company(self.company)
            .action_travel_stage_mailing_list()
        )
        repeat = self.env["mailing.list"].browse(action["res_id"])
        self.assertEqual(repeat.travel_lifecycle_stage, "repeat")
        self.assertFalse(repeat.travel_value_segment)
        self.assertEqual(self._subscribed(repeat), {"bob@example.com": False})

    def test_each_company_gets_its_own_lists(self):
        action = (
            self.partners["gus"]
            .with_user(self.manager)
            .with_company(self.other_company)
            .action_travel_segment_mailing_list()
        )
        other_list = self.env["mailing.list"].browse(action["res_id"])
        self.assertNotEqual(other_list, self.at_risk_list)
        self.assertEqual(other_list.travel_company_id, self.other_company)
        self.assertEqual(self._subscribed(other_list), {"gus@example.com": False})
        # a contact scored by another company is not in this company's list
        with self.assertRaises(UserError):
            self.partners["gus"].with_user(self.manager).with_company(
                self.company
            ).action_travel_segment_mailing_list()

    def test_agents_cannot_sync_and_nothing_is_written(self):
        lists_before = self.env["mailing.list"].search_count([])
        with self.assertRaises(AccessError):
            self.at_risk_list.with_user(self.agent).action_travel_sync()
        with self.assertRaises(AccessError):
            self.partners["ada"].with_user(
                self.agent
            ).action_travel_segment_mailing_list()
        self.assertEqual(self._subscribed(), {})
        self.assertEqual(self.env["mailing.list"].search_count([]), lists_before)

    def test_a_list_without_segment_or_stage_cannot_be_synced(self):
        plain = self.env["mailing.list"].create({"name": "Newsletter"})
        with self.assertRaises(UserError):
            plain.with_user(self.manager).action_travel_sync()
        # nor one whose scoring company is gone; the nightly sync skips it
        self.at_risk_list.travel_company_id = False
        with self.assertRaises(UserError):
            self._sync()
        self.env["mailing.list"]._cron_travel_sync()
        self.assertEqual(self._subscribed(), {})

    def test_segmentation_run_triggers_the_sync_of_following_lists(self):
        customer = self.env["res.partner"].create(
            {
                "name": "Scored Traveller",
                "email": "scored@example.com",
                "marketing_consent": True,
            }
        )
        self._trip(customer, "2025-05-01", 120)
        cron = self.env.ref("travel_crm_mass_mailing.ir_cron_travel_mailing_list_sync")
        with self.capture_triggers(cron.id) as capture:
            self._run()
        self.assertEqual(len(capture.records), 1)
        follow = self.env["mailing.list"].create(
            {
                "name": "Follow",
                "travel_value_segment": customer.value_segment,
                "travel_company_id": self.company.id,
            }
        )
        self.env["mailing.list"]._cron_travel_sync()
        self.assertIn("scored@example.com", self._subscribed(follow))
