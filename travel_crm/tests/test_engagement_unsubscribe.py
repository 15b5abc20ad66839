from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestTravelUnsubscribe(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner = cls.env["res.partner"].create(
            {"name": "Mia Unsub", "email": "mia@example.com", "marketing_consent": True}
        )

    def test_unsubscribe_link_asks_then_withdraws_consent(self):
        url = self.partner._travel_marketing_unsubscribe_url()
        path = url[url.index("/travel/") :]
        page = self.url_open(path)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Unsubscribe", page.text)
        self.assertTrue(self.partner.marketing_consent, "a GET changes nothing")
        token = self.partner._travel_unsubscribe_token()
        done = self.url_open(
            f"/travel/unsubscribe/{self.partner.id}", data={"token": token}
        )
        self.assertEqual(done.status_code, 200)
        self.assertIn("no longer receive marketing messages", done.text)
        self.assertFalse(self.partner.marketing_consent)
        # the consent change is also tracked, so look for the note among messages
        self.assertTrue(
            any(
                "Withdrew marketing consent" in (message.body or "")
                for message in self.partner.message_ids
            )
        )

    def test_one_click_unsubscribe_from_the_mail_client(self):
        url = self.partner._travel_marketing_unsubscribe_url()
        response = self.url_open(
            url[url.index("/travel/") :], data={"List-Unsubscribe": "One-Click"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self.partner.marketing_consent)

    def test_wrong_token_is_refused(self):
        response = self.url_open(
            f"/travel/unsubscribe/{self.partner.id}", data={"token": "forged"}
        )
        self.assertEqual(response.status_code, 404)
        self.assertTrue(self.partner.marketing_consent)
