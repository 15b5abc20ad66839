"""The "Why" of a customer's value and the recommendations' reasons are stored
as data and read in the reader's language."""

import importlib.util
from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import format_amount, format_date

from .translation_common import ADDON, CLOSE, OPEN, marked_catalogue
from .value_common import TravelValueCase

TODAY = "2025-06-15"
EXPLANATION = "models/value/explanation.py"
RECOMMENDATION = "models/value/travel_recommendation.py"


@tagged("post_install", "-at_install")
class TestValueExplanationLanguage(TravelValueCase):
    """A and B bought flight and hotel, C a flight only: flight+hotel seen by
    2 customers, 2 of the 3 flight customers bought a hotel (67%)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in ("zh_CN", "fr_FR"):
            cls.env["res.lang"]._activate_lang(code)
        Partner = cls.env["res.partner"]
        cls.a, cls.b, cls.c = Partner.create(
            [{"name": name, "company_id": cls.company.id} for name in "ABC"]
        )
        for partner in (cls.a, cls.b):
            cls._trip(partner, "2024-09-10", 200, ("flight", "hotel"))
            cls._trip(partner, "2025-03-10", 300, ("flight", "hotel"))
        cls._trip(cls.c, "2025-05-01", 100, ("flight",))

    def _why(self, partner, lang):
        return partner.with_context(lang=lang).value_explanation

    @freeze_time(TODAY)
    def test_explanation_is_data_rendered_in_each_readers_language(self):
        self._run()
        data = self.a.value_explanation_data
        self.assertEqual(
            [entry["code"] for entry in data],
            ["trips", "rfm", "interval", "decision", "clv"],
        )
        self.assertEqual(data[0]["params"]["first"], "2024-09-10")
        english = self._why(self.a, "en_US")
        self.assertIn("first on 09/10/2024, last on 03/10/2025", english)
        self.assertIn("Stage Repeat: more than one trip.", english)
        clv = self.a.customer_lifetime_value
        self.assertIn(
            f"Lifetime value {format_amount(self.env, clv, self.company.currency_id)}",
            english,
        )
        french = self._why(self.a, "fr_FR")
        self.assertIn("first on 10/09/2024, last on 10/03/2025", french)
        self.assertIn(
            format_amount(
                self.env["res.partner"].with_context(lang="fr_FR").env,
                clv,
                self.company.currency_id,
            ),
            french,
        )
        with marked_catalogue("zh_CN", EXPLANATION) as marked:
            chinese = self._why(self.a, "zh_CN")
        self.assertNotEqual(chinese, english)
        lines = chinese.splitlines()
        self.assertEqual(len(lines), 5)
        for line in lines:
            # every sentence is a msgid the export finds, translated
            self.assertTrue(line.startswith(OPEN) and line.endswith(CLOSE), line)
        self.assertNotIn(OPEN, english)
        zh_day = format_date(self.env, "2024-09-10", lang_code="zh_CN")
        self.assertIn(f"first on {zh_day}", chinese)
        # the matched rules' reasons are translated too, inside the sentence
        self.assertIn(f"Stage Repeat: {OPEN}more than one trip{CLOSE}.", chinese)
        self.assertIn("last trip more than %(days)s days ago", marked)

    @freeze_time(TODAY)
    def test_recommendation_reason_and_item_read_in_each_readers_language(self):
        self._run()
        recommendation = self.c.travel_recommendation_ids
        self.assertEqual(
            (recommendation.service_type, recommendation.seed_service_type),
            ("hotel", "flight"),
        )
        self.assertEqual(
            recommendation.reason,
            "67% of the customers who bought Flight also bought Hotel (2 of 3).",
        )
        # the item's name follows the selection's translation
        selection = self.env["ir.model.fields.selection"].search(
            [
                ("field_id.model", "=", "travel.booking.line"),
                ("field_id.name", "=", "service_type"),
                ("value", "=", "hotel"),
            ]
        )
        selection.with_context(lang="fr_FR").name = "Hôtel"
        french = recommendation.with_context(lang="fr_FR")
        self.assertEqual(french.value, "Hôtel")
        self.assertIn("also bought Hôtel", french.reason)
        self.assertEqual(
            self.env["travel.recommendation"]
            .with_context(lang="fr_FR")
            .search([("partner_id", "=", self.c.id), ("value", "ilike", "hôt")]),
            recommendation,
        )
        with marked_catalogue("zh_CN", RECOMMENDATION):
            chinese = recommendation.with_context(lang="zh_CN").reason
        self.assertEqual(
            chinese,
            f"{OPEN}67% of the customers who bought Flight also bought Hotel "
            f"(2 of 3).{CLOSE}",
        )

    @freeze_time(TODAY)
    def test_a_customer_scored_by_an_older_version_reads_a_placeholder(self):
        """After the upgrade, until the segmentation runs again: scores
        without data, or data this version does not know."""
        self._run()
        self.a.value_explanation_data = False
        self.assertIn("Not explained yet", self.a.value_explanation)
        self.a.value_explanation_data = [
            {"code": "gone", "params": {}},
            {"code": "no_rfm", "params": {}},
            {"code": "rfm", "params": {"r": 1}},
        ]
        self.assertEqual(
            self.a.value_explanation,
            "No trip in the analysis window: no RFM scores.",
        )
        customer = self.env["res.partner"].create({"name": "Prospect"})
        self.assertFalse(customer.value_explanation)
        # a recommendation of an older version (no seed yet) has a reason
        legacy = self.c.travel_recommendation_ids
        legacy.write({"seed_service_type": False, "seed_customers": 0})
        self.assertEqual(
            legacy.reason,
            "2 customers who bought what this customer bought also bought Hotel.",
        )
        # and the next run completes it
        self._run()
        self.assertIn("67% of the customers", legacy.reason)

    @freeze_time(TODAY)
    def test_a_second_run_leaves_the_stored_data_alone(self):
        self._run()
        self.env.cr.execute(
            "UPDATE res_partner SET write_date = '2000-01-01' WHERE id IN %s",
            [tuple((self.a | self.b | self.c).ids)],
        )
        self.env.invalidate_all()
        self._run()
        self.assertEqual(
            set((self.a | self.b | self.c).mapped("write_date")),
            {datetime(2000, 1, 1)},
        )

    def test_upgrade_asks_the_segmentation_to_run_again(self):
        spec = importlib.util.spec_from_file_location(
            "post_migrate", ADDON / "migrations/18.0.1.2.0/post-migrate.py"
        )
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        cron = self.env.ref("travel_crm.ir_cron_travel_segmentation")
        cron.active = True
        Trigger = self.env["ir.cron.trigger"].sudo()
        before = Trigger.search([("cron_id", "=", cron.id)])
        migration.migrate(self.env.cr, "18.0.1.1.0")
        self.assertTrue(Trigger.search([("cron_id", "=", cron.id)]) - before)
