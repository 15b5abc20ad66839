from datetime import timedelta

from odoo import http
from odoo.tests import tagged
from odoo.tools import mute_logger

from .portal_common import TravelPortalCase


@tagged("post_install", "-at_install")
class TestPortalDocuments(TravelPortalCase):
    """The traveller's own travel documents on /my/documents: listed with a
    masked number, added and updated through the model's rules, never
    another traveller's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Document = cls.env["travel.document"]
        cls.passport_ana = Document.create(
            {
                "partner_id": cls.ana.id,
                "document_type": "passport",
                "number": "PAX9081726",
                "issuing_country_id": cls.env.ref("base.pt").id,
                "expiry_date": cls.today + timedelta(days=90),
            }
        )
        cls.passport_ben = Document.create(
            {
                "partner_id": cls.ben.id,
                "document_type": "passport",
                "number": "BNQ5544332",
                "issuing_country_id": cls.env.ref("base.es").id,
                "expiry_date": cls.today + timedelta(days=1000),
            }
        )

    def _ana_documents(self):
        return self.env["travel.document"].search([("partner_id", "=", self.ana.id)])

    def _post(self, url, data, csrf=True):
        if csrf:
            data = dict(data, csrf_token=http.Request.csrf_token(self))
        return self.url_open(url, data=data, allow_redirects=False)

    def test_traveller_sees_own_documents_with_masked_number(self):
        self._login(self.user_ana)
        page = self.url_open("/my/documents")
        self.assertEqual(page.status_code, 200)
        self.assertIn("•••• 1726", page.text)
        self.assertIn("Expires within 6 months", page.text)
        self.assertIn(f"/my/documents/{self.passport_ana.id}/edit", page.text)
        self.assertNotIn("PAX9081726", page.text)
        # Ben's passport is not listed, not even masked
        self.assertNotIn("•••• 4332", page.text)
        self.assertNotIn(f"/my/documents/{self.passport_ben.id}/edit", page.text)
        edit = self.url_open(f"/my/documents/{self.passport_ana.id}/edit")
        self.assertEqual(edit.status_code, 200)
        self.assertIn("•••• 1726", edit.text)
        self.assertNotIn("PAX9081726", edit.text)
        home = self.url_open("/my")
        self.assertIn("/my/documents", home.text)

    def test_traveller_adds_hk_macau_permit_with_endorsement(self):
        self._login(self.user_ana)
        expiry = self.today + timedelta(days=3000)
        endorsement = self.today + timedelta(days=120)
        response = self._post(
            "/my/documents/new",
            {
                "document_type": "hk_macau_permit",
                "number": "c 1234 5678",
                "issuing_country_id": str(self.env.ref("base.cn").id),
                "expiry_date": str(expiry),
                "endorsement_expiry_date": str(endorsement),
                # not a form field: ignored
                "partner_id": str(self.ben.id),
            },
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self._location(response), "/my/documents")
        permit = self._ana_documents() - self.passport_ana
        self.assertEqual(len(permit), 1)
        self.assertEqual(permit.document_type, "hk_macau_permit")
        self.assertEqual(permit.number, "C12345678")
        self.assertEqual(permit.issuing_country_id, self.env.ref("base.cn"))
        self.assertEqual(permit.expiry_date, expiry)
        self.assertEqual(permit.endorsement_expiry_date, endorsement)
        page = self.url_open("/my/documents")
        self.assertIn("•••• 5678", page.text)
        self.assertNotIn("C12345678", page.text)

    def test_traveller_updates_own_document(self):
        self._login(self.user_ana)
        expiry = self.today + timedelta(days=2000)
        response = self._post(
            f"/my/documents/{self.passport_ana.id}/edit",
            {"number": "", "expiry_date": str(expiry), "endorsement_expiry_date": ""},
        )
        self.assertEqual(response.status_code, 303)
        self.passport_ana.invalidate_recordset()
        self.assertEqual(self.passport_ana.expiry_date, expiry)
        # a blank number keeps the recorded one
        self.assertEqual(self.passport_ana.number, "PAX9081726")

    @mute_logger("odoo.http")
    def test_another_travellers_number_is_refused_without_saying_it_exists(self):
        self._login(self.user_ana)
        response = self._post(
            "/my/documents/new",
            {
                "document_type": "passport",
                "number": "BNQ5544332",
                "issuing_country_id": str(self.env.ref("base.es").id),
                "expiry_date": str(self.today + timedelta(days=400)),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("please contact your travel agent", response.text)
        self.assertNotIn("already recorded", response.text)
        self.assertEqual(self._ana_documents(), self.passport_ana)

    @mute_logger("odoo.http")
    def test_invalid_input_is_refused_with_message_and_nothing_written(self):
        self._login(self.user_ana)
        response = self._post(
            "/my/documents/new",
            {"document_type": "passport", "number": "PNEW12345", "expiry_date": ""},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("A passport needs an expiry date.", response.text)
        self.assertEqual(self._ana_documents(), self.passport_ana)
        # an endorsement after the expiry date: refused, the passport unchanged
        expiry = self.passport_ana.expiry_date
        response = self._post(
            f"/my/documents/{self.passport_ana.id}/edit",
            {
                "number": "PCHANGED99",
                "expiry_date": str(self.today + timedelta(days=10)),
                "endorsement_expiry_date": str(self.today + timedelta(days=20)),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("The endorsement of a permit must end", response.text)
        self.assertNotIn("PCHANGED99", response.text)
        self.passport_ana.invalidate_recordset()
        self.assertEqual(self.passport_ana.expiry_date, expiry)
        self.assertEqual(self.passport_ana.number, "PAX9081726")
        self.assertFalse(self.passport_ana.endorsement_expiry_date)
        # a date that is not one
        response = self._post(
            f"/my/documents/{self.passport_ana.id}/edit",
            {"expiry_date": "31/02/2030"},
        )
        self.assertIn("Enter a valid date.", response.text)
        self.assertEqual(self.passport_ana.expiry_date, expiry)

    @mute_logger("odoo.http")
    def test_another_travellers_document_is_refused(self):
        self._login(self.user_ana)
        url = f"/my/documents/{self.passport_ben.id}/edit"
        self.assertEqual(self.url_open(url).status_code, 404)
        response = self._post(
            url,
            {"number": "HACKED123", "expiry_date": str(self.today + timedelta(days=5))},
        )
        self.assertEqual(response.status_code, 404)
        self.passport_ben.invalidate_recordset()
        self.assertEqual(self.passport_ben.number, "BNQ5544332")
        self.assertEqual(
            self.passport_ben.expiry_date, self.today + timedelta(days=1000)
        )

    @mute_logger("odoo.http")
    def test_post_without_csrf_token_is_refused(self):
        self._login(self.user_ana)
        response = self._post(
            "/my/documents/new",
            {
                "document_type": "visa",
                "number": "VNOTOKEN1",
                "expiry_date": str(self.today + timedelta(days=100)),
            },
            csrf=False,
        )
        self.assertEqual(response.status_code, 400)
        response = self._post(
            f"/my/documents/{self.passport_ana.id}/edit",
            {"number": "PFORGED11", "csrf_token": "forged"},
            csrf=False,
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._ana_documents(), self.passport_ana)
        self.passport_ana.invalidate_recordset()
        self.assertEqual(self.passport_ana.number, "PAX9081726")
