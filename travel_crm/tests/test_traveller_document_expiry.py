from datetime import date

from lxml import etree

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import TravelCrmCase


@tagged("post_install", "-at_install")
class TestTravelDocumentExpiry(TravelCrmCase):
    """A passport is not valid without an expiry date: refused on create and
    on a change of type or date, marked required on the forms; a passport
    recorded before the rule keeps its empty date until someone edits it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.traveller = cls._create_traveller("Grace Hopper")
        cls.Document = cls.env["travel.document"].with_user(cls.user_agent)

    def _document(self, **vals):
        return self.Document.create(
            {
                "partner_id": self.traveller.id,
                "document_type": "passport",
                "number": "EXP12345",
                "issuing_country_id": self.env.ref("base.us").id,
                **vals,
            }
        )

    def _count(self):
        return self.Document.with_context(active_test=False).search_count([])

    def _refused(self, document, vals):
        """``document.write(vals)`` is refused and leaves the record as it was."""
        before = document.read(list(vals))
        with self.assertRaises(ValidationError) as error, self.env.cr.savepoint():
            document.write(vals)
        document.invalidate_recordset()
        self.assertEqual(document.read(list(vals)), before)
        return error.exception

    def test_passport_without_expiry_date_is_refused_and_nothing_written(self):
        before = self._count()
        with self.assertRaises(ValidationError) as error:
            self._document()
        self.assertIn("A passport needs an expiry date", str(error.exception))
        self.assertEqual(self._count(), before)

    def test_clearing_the_expiry_date_of_a_passport_is_refused(self):
        passport = self._document(expiry_date="2031-05-31")
        self.assertTrue(passport.expiry_required)
        self._refused(passport, {"expiry_date": False})
        self.assertEqual(passport.expiry_date, date(2031, 5, 31))

    def test_a_document_becoming_a_passport_needs_an_expiry_date(self):
        visa = self._document(document_type="visa")
        self.assertFalse(visa.expiry_required)
        self._refused(visa, {"document_type": "passport"})
        self.assertEqual(visa.document_type, "visa")
        visa.write({"document_type": "passport", "expiry_date": "2029-02-28"})
        self.assertEqual(visa.document_type, "passport")

    def test_other_documents_need_no_expiry_date(self):
        documents = self.Document.browse()
        for index, document_type in enumerate(("visa", "id_card", "other")):
            documents |= self._document(
                document_type=document_type, number=f"OTHER{index}1"
            )
        self.assertEqual(documents.mapped("expiry_date"), [False] * 3)
        self.assertEqual(documents.mapped("expiry_required"), [False] * 3)

    def test_passport_recorded_before_the_rule_keeps_its_empty_date(self):
        passport = self._document(expiry_date="2031-05-31")
        # as an older database holds it: no expiry date
        passport.flush_recordset()
        self.env.execute_query(
            SQL(
                "UPDATE travel_document SET expiry_date = NULL WHERE id = %s",
                passport.id,
            )
        )
        passport.invalidate_recordset()
        # an upgrade, a change of number or country, archiving: all go through
        passport.write({"number": "EXP99999", "issue_date": "2021-06-01"})
        passport.issuing_country_id = self.env.ref("base.ca")
        passport.action_archive()
        passport.action_unarchive()
        self.assertFalse(passport.expiry_date)
        # editing its type or date brings it under the rule
        self._refused(passport, {"document_type": "passport"})
        passport.expiry_date = "2030-12-31"
        self.assertEqual(passport.expiry_date, date(2030, 12, 31))

    def _expiry_nodes(self, model, view_xmlid, xpath):
        views = self.env[model].get_views([(self.env.ref(view_xmlid).id, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        return arch.xpath(xpath)

    def test_forms_mark_the_expiry_date_required_for_passports(self):
        for model, view_xmlid, xpath in (
            (
                "travel.document",
                "travel_crm.travel_document_view_form",
                "//field[@name='expiry_date']",
            ),
            (
                "res.partner",
                "base.view_partner_form",
                "//field[@name='travel_document_ids']//field[@name='expiry_date']",
            ),
        ):
            with self.subTest(view=view_xmlid):
                [node] = self._expiry_nodes(model, view_xmlid, xpath)
                self.assertEqual(node.get("required"), "expiry_required")
        list_arch = etree.fromstring(
            self.Document.get_views([(False, "list")])["views"]["list"]["arch"]
        )
        [node] = list_arch.xpath("//field[@name='expiry_date']")
        self.assertEqual(node.get("required"), "expiry_required")
