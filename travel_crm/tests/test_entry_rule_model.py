"""Entry rules by nationality: the most specific rule wins, one rule per
nationality, the shipped rules, and who may change them."""

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestEntryRuleModel(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule = cls.env["travel.destination.rule"]
        cls.kenya = cls.env.ref("base.ke")
        cls.cn = cls.env.ref("base.cn")
        cls.hk = cls.env.ref("base.hk")
        cls.fr = cls.env.ref("base.fr")
        cls.company = cls.env.company
        cls.other_company = cls.env["res.company"].create({"name": "Entry Other Co"})
        cls.agent = new_test_user(
            cls.env,
            login="entry_rule_agent",
            groups="base.group_user,travel_crm.group_travel_agent",
        )
        cls.manager = new_test_user(
            cls.env,
            login="entry_rule_manager",
            groups="base.group_user,travel_crm.group_travel_manager",
        )

    def _rule(self, nationalities=(), company=False, **vals):
        return self.Rule.create(
            {
                "country_id": self.kenya.id,
                "nationality_ids": [Command.set([n.id for n in nationalities])],
                "company_id": company and company.id,
                **vals,
            }
        )

    def test_a_new_rule_asks_a_passport_of_any_nationality_as_before(self):
        rule = self._rule()
        self.assertFalse(rule.nationality_ids)
        self.assertEqual(rule.document_type, "passport")
        self.assertEqual(rule.visa_free_days, 0)
        self.assertEqual(rule.passport_validity_months, 6)

    def test_the_rule_naming_the_nationality_wins_then_the_company_rule(self):
        shared_any = self._rule()
        shared_cn = self._rule([self.cn])
        company_any = self._rule(company=self.company)
        company_cn = self._rule([self.cn, self.hk], company=self.company)
        rules = shared_any | shared_cn | company_any | company_cn
        pick = rules._select_for
        self.assertEqual(pick(self.kenya, self.cn, self.company), company_cn)
        self.assertEqual(pick(self.kenya, self.hk, self.company), company_cn)
        self.assertEqual(pick(self.kenya, self.fr, self.company), company_any)
        self.assertEqual(pick(self.kenya, self.cn.browse(), self.company), company_any)
        self.assertEqual(pick(self.kenya, self.cn, self.other_company), shared_cn)
        self.assertEqual(pick(self.kenya, self.fr, self.other_company), shared_any)
        self.assertFalse(pick(self.fr, self.cn, self.company))
        self.assertEqual(
            (shared_cn | company_any)._select_for(self.kenya, self.cn, self.company),
            shared_cn,
        )

    def test_one_rule_per_nationality_and_destination(self):
        self._rule([self.cn])
        with self.assertRaises(ValidationError) as caught:
            self._rule([self.hk, self.cn])
        self.assertRegex(str(caught.exception), "China")
        self._rule()
        with self.assertRaises(ValidationError):
            self._rule()
        # another nationality, another company: fine
        self._rule([self.hk])
        self._rule([self.cn], company=self.company)
        self.assertEqual(
            self.Rule.search_count([("country_id", "=", self.kenya.id)]), 4
        )

    def test_adding_a_nationality_another_rule_has_is_refused(self):
        self._rule([self.cn])
        rule = self._rule([self.hk])
        with self.assertRaises(ValidationError):
            rule.nationality_ids = [Command.link(self.cn.id)]
        self.assertEqual(rule.nationality_ids, self.hk)

    @mute_logger("odoo.sql_db")
    def test_the_database_refuses_a_second_company_rule_for_the_same_nationalities(
        self,
    ):
        self._rule([self.cn], company=self.company)
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self._rule([self.cn], company=self.company)

    def test_visa_free_days_are_sane(self):
        with self.assertRaises(ValidationError):
            self._rule(visa_required=True, visa_free_days=-1)

    def test_document_types_offered_are_identity_documents(self):
        values = dict(
            self.Rule._fields["document_type"]._description_selection(self.env)
        )
        self.assertIn("hk_macau_permit", values)
        self.assertIn("id_card", values)
        self.assertNotIn("visa", values)

    def test_agents_read_rules_managers_keep_them(self):
        rule = self._rule([self.cn], visa_required=True, visa_free_days=30)
        as_agent = rule.with_user(self.agent)
        self.assertEqual(as_agent.nationality_ids, self.cn)
        self.assertEqual(as_agent.visa_free_days, 30)
        with self.assertRaises(AccessError):
            as_agent.write({"visa_free_days": 15})
        as_manager = rule.with_user(self.manager)
        as_manager.write({"visa_free_days": 15, "document_type": "id_card"})
        self.assertEqual(rule.visa_free_days, 15)
        self.assertEqual(rule.document_type, "id_card")

    def test_company_rules_stay_in_their_company(self):
        rule = self._rule([self.cn], company=self.other_company)
        self.assertFalse(
            self.Rule.with_user(self.manager).search([("id", "=", rule.id)])
        )


@tagged("post_install", "-at_install")
class TestShippedEntryRules(TransactionCase):
    """The shipped rules (data, noupdate): what each says, as shipped."""

    def _shipped(self, nationality, destination):
        return self.env.ref(
            f"travel_crm.travel_destination_rule_{nationality}_to_{destination}"
        )

    def test_every_pair_of_the_issue_is_shipped_with_its_source(self):
        destinations = ("hk", "mo", "tw", "cn", "jp", "kr", "th", "sg", "fr", "us")
        for nationality in ("cn", "hk", "mo", "tw"):
            for destination in destinations:
                if destination == nationality:
                    continue
                with self.subTest(nationality=nationality, destination=destination):
                    rule = self._shipped(nationality, destination)
                    self.assertEqual(
                        rule.nationality_ids, self.env.ref(f"base.{nationality}")
                    )
                    self.assertEqual(
                        rule.country_id, self.env.ref(f"base.{destination}")
                    )
                    self.assertFalse(rule.company_id)
                    self.assertIn("Source:", rule.note)
                    self.assertIn("not a visa database", rule.note)

    def test_mainland_residents_travel_on_permits_within_china(self):
        self.assertEqual(self._shipped("cn", "hk").document_type, "hk_macau_permit")
        self.assertEqual(self._shipped("cn", "mo").document_type, "hk_macau_permit")
        self.assertEqual(self._shipped("cn", "tw").document_type, "taiwan_permit")
        self.assertEqual(self._shipped("hk", "cn").document_type, "home_return_permit")
        self.assertEqual(
            self._shipped("tw", "cn").document_type, "taiwan_compatriot_permit"
        )
        self.assertFalse(self._shipped("cn", "hk").visa_required)

    def test_visa_exemptions_have_their_days(self):
        singapore = self._shipped("cn", "sg")
        self.assertTrue(singapore.visa_required)
        self.assertEqual(singapore.visa_free_days, 30)
        self.assertEqual(self._shipped("cn", "jp").visa_free_days, 0)
        self.assertEqual(self._shipped("hk", "fr").visa_free_days, 90)
