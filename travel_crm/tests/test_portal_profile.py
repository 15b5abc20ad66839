from odoo import http
from odoo.tests import tagged

from .portal_common import TravelPortalCase


@tagged("post_install", "-at_install")
class TestPortalProfile(TravelPortalCase):
    """The traveller's own profile on the portal: preferences, marketing
    consent and the personal data export."""

    def test_traveller_downloads_own_personal_data_export(self):
        self._login(self.user_ana)
        response = self.url_open("/my/travel/privacy/export")
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        data = response.json()
        self.assertEqual(data["partner_id"], self.ana.id)
        names = {booking["name"] for booking in data["bookings"]}
        self.assertIn(self.booking_ana.name, names)
        self.assertNotIn(self.booking_ben.name, names)

    # ------------------------------------------------------------------
    # Preferences and consent
    # ------------------------------------------------------------------

    def _post_preferences(self, data):
        form = {"csrf_token": http.Request.csrf_token(self)}
        form.update(data)
        return self.url_open("/my/travel/preferences", data=form, allow_redirects=False)

    def test_traveller_updates_preferences_and_gives_consent_from_portal(self):
        tags = self.env["travel.interest.tag"].create(
            [{"name": "Portal Hiking"}, {"name": "Portal Food"}]
        )
        japan = self.env.ref("base.jp")
        self._login(self.user_ana)
        page = self.url_open("/my/travel/preferences")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Portal Hiking", page.text)

        response = self._post_preferences(
            {
                "interest_tag_ids": [str(tag.id) for tag in tags],
                "preferred_destination_ids": str(japan.id),
                "seat_preference": "aisle",
                "meal_preference": "vegetarian",
                "room_preference": "twin",
                "dietary_needs": "No peanuts",
                "accessibility_needs": "",
                "preferred_channel": "email",
                "marketing_consent": "on",
                # not a preference: ignored
                "name": "Hacked",
            }
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self._location(response), "/my/travel/preferences")
        ana = self.ana
        ana.invalidate_recordset()
        self.assertEqual(ana.name, "Ana Portal")
        self.assertEqual(ana.interest_tag_ids, tags)
        self.assertEqual(ana.preferred_destination_ids, japan)
        self.assertEqual(
            (ana.seat_preference, ana.meal_preference, ana.room_preference),
            ("aisle", "vegetarian", "twin"),
        )
        self.assertEqual(ana.dietary_needs, "No peanuts")
        self.assertEqual(ana.preferred_channel, "email")
        self.assertTrue(ana.marketing_consent)
        self.assertEqual(ana.marketing_consent_source, "portal")
        self.assertTrue(ana.marketing_consent_date)
        self.assertIn(
            "Your preferences were saved",
            self.url_open("/my/travel/preferences?saved=1").text,
        )

        # withdrawing: no box sent
        self._post_preferences({"seat_preference": "aisle"})
        ana.invalidate_recordset()
        self.assertFalse(ana.marketing_consent)
        self.assertFalse(ana.marketing_consent_date)
        self.assertEqual(ana.marketing_consent_source, "portal")
        logs = ana.message_ids.mapped("body")
        self.assertTrue(any("withdrawn on the customer portal" in b for b in logs))
        self.assertTrue(any("given on the customer portal" in b for b in logs))

    def test_invalid_preferences_write_nothing(self):
        self.ana.write({"seat_preference": "window", "marketing_consent": False})
        self._login(self.user_ana)
        for data in (
            {"seat_preference": "cockpit", "marketing_consent": "on"},
            {"interest_tag_ids": "999999", "marketing_consent": "on"},
            {"preferred_destination_ids": "abc", "marketing_consent": "on"},
            {"dietary_needs": "x" * 2001, "marketing_consent": "on"},
        ):
            with self.subTest(data=data):
                response = self._post_preferences(data)
                self.assertEqual(response.status_code, 200)
                self.assertIn("Nothing was saved", response.text)
                self.ana.invalidate_recordset()
                self.assertEqual(self.ana.seat_preference, "window")
                self.assertFalse(self.ana.marketing_consent)

    def test_preferences_page_requires_login(self):
        self.authenticate(None, None)
        response = self.url_open("/my/travel/preferences", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
