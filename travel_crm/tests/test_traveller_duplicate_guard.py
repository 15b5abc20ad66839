from odoo.tests import Form, tagged

from .common import TravelCrmCase


@tagged("post_install", "-at_install")
class TestDuplicateGuard(TravelCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"]
        cls.original = cls._create_traveller(
            "Marie Curie", email="marie.curie@example.com", phone="+33 6 11 22 33 44"
        )
        cls.env["travel.document"].create(
            {
                "partner_id": cls.original.id,
                "document_type": "passport",
                "number": "18AB12345",
                "issuing_country_id": cls.env.ref("base.fr").id,
                "expiry_date": "2032-08-31",
            }
        )

    def _as_agent(self, partner):
        return partner.with_user(self.user_agent)

    def test_no_duplicate_for_a_unique_traveller(self):
        self.assertFalse(self._as_agent(self.original).duplicate_partner_id)

    def test_same_email_ignoring_case_is_flagged(self):
        copy = self._create_traveller("M. Curie", email="Marie.CURIE@example.com")
        copy = self._as_agent(copy)
        self.assertEqual(copy.duplicate_partner_id, self.original)
        self.assertEqual(copy.duplicate_reason, "email")
        # the match sees the copy too
        self.assertEqual(self._as_agent(self.original).duplicate_partner_id, copy)

    def test_same_phone_is_flagged(self):
        copy = self._as_agent(
            self._create_traveller("Maria Sklodowska", phone="+33 6 11 22 33 44")
        )
        self.assertEqual(copy.duplicate_partner_id, self.original)
        self.assertEqual(copy.duplicate_reason, "phone")

    def test_same_passport_number_is_flagged(self):
        copy = self._create_traveller("Marie S. Curie")
        self.env["travel.document"].create(
            {
                "partner_id": copy.id,
                "document_type": "passport",
                "number": "18ab12345",
                "issuing_country_id": self.env.ref("base.pl").id,
                "expiry_date": "2032-08-31",
            }
        )
        copy = self._as_agent(copy)
        self.assertEqual(copy.duplicate_partner_id, self.original)
        self.assertEqual(copy.duplicate_reason, "passport")

    def test_non_travellers_and_archived_contacts_are_not_flagged(self):
        supplier = self.Partner.create(
            {"name": "Curie Supplier", "email": "marie.curie@example.com"}
        )
        self.assertFalse(self._as_agent(supplier).duplicate_partner_id)
        copy = self._create_traveller("Copy", email="marie.curie@example.com")
        self.original.action_archive()
        self.assertFalse(self._as_agent(copy).duplicate_partner_id)

    def test_unsaved_form_warns_while_typing(self):
        partners = self.Partner.with_user(self.user_agent).with_context(
            default_is_traveller=True
        )
        form = Form(partners)
        form.name = "Marie"
        self.assertFalse(form.duplicate_partner_id)
        form.email = "MARIE.curie@example.com"
        self.assertEqual(form.duplicate_partner_id, self.original)
        self.assertEqual(form.duplicate_reason, "email")

    def test_guard_uses_one_query_for_any_number_of_partners(self):
        few = self.Partner.browse(self.original.ids)
        many = self.original | self.Partner.create(
            [
                {"name": f"T{i}", "is_traveller": True, "email": f"t{i}@example.com"}
                for i in range(20)
            ]
        )
        self.env.flush_all()

        def queries(partners):
            partners.invalidate_recordset()
            start = self.env.cr.sql_log_count
            partners.mapped("duplicate_partner_id")
            return self.env.cr.sql_log_count - start

        queries(few)  # warm up the caches shared by every call (companies...)
        self.assertEqual(queries(many), queries(few))

    def test_open_and_merge_the_duplicate_with_odoo_merge_wizard(self):
        copy = self._create_traveller("Marie (copy)", email="marie.curie@example.com")
        self.env["travel.document"].create(
            {"partner_id": copy.id, "document_type": "visa", "number": "V12345"}
        )
        action = self._as_agent(copy).action_open_duplicate()
        self.assertEqual(action["res_id"], self.original.id)
        action = copy.action_merge_duplicate()
        self.assertEqual(action["res_model"], "base.partner.merge.automatic.wizard")
        wizard = (
            self.env[action["res_model"]].with_context(**action["context"]).create({})
        )
        self.assertEqual(wizard.partner_ids, self.original | copy)
        self.assertEqual(wizard.dst_partner_id, self.original)  # the oldest is kept
        wizard.action_merge()
        self.env.invalidate_all()
        self.assertFalse(copy.exists())
        self.assertEqual(
            self.original.travel_document_ids.mapped("number"), ["18AB12345", "V12345"]
        )
        self.assertFalse(self.original.duplicate_partner_id)
