"""Chinese travel permits with their endorsement, and Resident Identity Card
numbers of China checked and read for the traveller's birth date."""

from odoo.exceptions import ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from odoo.addons.travel_crm.tools.resident_id import with_check_digit

VALID_ID = "11010519491231002X"  # born 1949-12-31


@tagged("post_install", "-at_install")
class TestEntryDocuments(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Document = cls.env["travel.document"]
        cls.china = cls.env.ref("base.cn")
        cls.agent = new_test_user(
            cls.env,
            login="entry_doc_agent",
            groups="base.group_user,travel_crm.group_travel_agent",
        )
        cls.traveller = cls.env["res.partner"].create(
            {"name": "Zhou Entry", "is_traveller": True}
        )

    def _id_card(self, number, partner=None, issuer=None):
        return self.Document.create(
            {
                "partner_id": (partner or self.traveller).id,
                "document_type": "id_card",
                "number": number,
                "issuing_country_id": (issuer or self.china).id,
                "expiry_date": "2040-01-01",
            }
        )

    def test_permits_are_document_types_with_an_expiry_and_an_endorsement(self):
        labels = dict(
            self.Document._fields["document_type"]._description_selection(self.env)
        )
        for value in (
            "hk_macau_permit",
            "taiwan_permit",
            "home_return_permit",
            "taiwan_compatriot_permit",
        ):
            self.assertIn(value, labels)
        permit = self.Document.with_user(self.agent).create(
            {
                "partner_id": self.traveller.id,
                "document_type": "hk_macau_permit",
                "number": "C12345678",
                "issuing_country_id": self.china.id,
                "issue_date": "2024-01-01",
                "expiry_date": "2034-01-01",
                "endorsement_expiry_date": "2026-12-31",
            }
        )
        self.assertTrue(permit.endorsement_required)
        self.assertTrue(permit.expiry_required)
        self.assertIn("Hong Kong and Macau", permit.display_name)
        home_return = permit.copy(
            {"document_type": "home_return_permit", "number": "H12345678"}
        )
        self.assertFalse(home_return.endorsement_required)

    def test_an_endorsement_cannot_outlast_its_permit(self):
        with self.assertRaises(ValidationError):
            self.Document.create(
                {
                    "partner_id": self.traveller.id,
                    "document_type": "taiwan_permit",
                    "number": "L12345678",
                    "expiry_date": "2030-01-01",
                    "endorsement_expiry_date": "2030-06-01",
                }
            )
        self.assertFalse(self.Document.search([("partner_id", "=", self.traveller.id)]))

    def test_a_duplicate_permit_is_refused_by_its_label(self):
        vals = {
            "partner_id": self.traveller.id,
            "document_type": "taiwan_compatriot_permit",
            "number": "T7766554",
            "issuing_country_id": self.china.id,
            "expiry_date": "2030-01-01",
        }
        self.Document.create(vals)
        with self.assertRaises(ValidationError) as caught:
            self.Document.create(vals)
        self.assertRegex(str(caught.exception), "mainland travel permit for taiwan")

    def test_a_chinese_id_card_fills_an_empty_birth_date(self):
        self._id_card(VALID_ID.lower())
        self.assertEqual(str(self.traveller.birthdate), "1949-12-31")

    def test_a_wrong_check_digit_is_refused_and_nothing_is_written(self):
        with self.assertRaises(ValidationError) as caught:
            self._id_card("110105194912310021")
        self.assertRegex(str(caught.exception), "check digit")
        self.assertFalse(self.traveller.birthdate)
        self.assertFalse(self.Document.search([("partner_id", "=", self.traveller.id)]))

    def test_a_wrong_length_or_date_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self._id_card("1101051949123100")
        self.assertRegex(str(caught.exception), "18 characters")
        with self.assertRaises(ValidationError) as caught:
            self._id_card(with_check_digit("11010519491331002"))
        self.assertRegex(str(caught.exception), "birth date")

    def test_id_cards_of_other_countries_are_not_read(self):
        self._id_card("T22000129", issuer=self.env.ref("base.fr"))
        self.assertFalse(self.traveller.birthdate)

    def test_the_birth_date_must_match_the_card(self):
        self.traveller.birthdate = "1950-01-01"
        with self.assertRaises(ValidationError) as caught:
            self._id_card(VALID_ID)
        self.assertRegex(str(caught.exception), "1949-12-31")
        other = self.env["res.partner"].create({"name": "Other Entry"})
        self._id_card(VALID_ID, partner=other)
        with self.assertRaises(ValidationError) as caught:
            other.birthdate = "1949-12-30"
        self.assertRegex(str(caught.exception), "Resident Identity Card")
        self.assertEqual(str(other.birthdate), "1949-12-31")

    def test_the_traveller_form_reads_the_birth_date_while_typing(self):
        form = Form(self.traveller.with_user(self.agent))
        with form.travel_document_ids.new() as line:
            line.document_type = "id_card"
            line.number = VALID_ID
            line.issuing_country_id = self.china
            line.expiry_date = "2040-01-01"
        self.assertEqual(str(form.birthdate), "1949-12-31")
        form.save()
        self.assertEqual(str(self.traveller.birthdate), "1949-12-31")

    def test_traveller_form_shows_passport_names_and_endorsements(self):
        arch = (
            self.env["res.partner"]
            .with_user(self.agent)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn('name="passport_surname"', arch)
        self.assertIn('name="endorsement_expiry_date"', arch)
