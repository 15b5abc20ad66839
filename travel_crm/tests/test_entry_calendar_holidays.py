"""A working calendar imports a country's public holidays as time off."""

from datetime import datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCalendarPublicHolidays(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(
            cls.env, login="entry_calendar_admin", groups="base.group_system"
        )
        cls.manager = new_test_user(
            cls.env,
            login="entry_calendar_manager",
            groups="base.group_user,travel_crm.group_travel_manager",
        )
        cls.calendar = cls.env["resource.calendar"].create(
            {"name": "Entry Service Hours", "tz": "Asia/Shanghai"}
        )
        cls.country = {c: cls.env.ref(f"base.{c.lower()}") for c in ("CN", "HK", "TW")}
        cls.env["res.lang"]._activate_lang("zh_TW")

    def _import(self, country, year, user=None, lang="en_US"):
        wizard = (
            self.env["travel.public.holiday.import"]
            .with_user(user or self.admin)
            .with_context(lang=lang)
            .create(
                {
                    "calendar_id": self.calendar.id,
                    "country_id": (self.country.get(country) or country).id,
                    "year": year,
                }
            )
        )
        return wizard.action_import()

    def _leaves(self):
        return self.calendar.global_leave_ids.sorted("date_from")

    def _leave_on(self, day):
        """The leave that starts at local midnight of ``day`` (UTC+8)."""
        start = datetime.fromisoformat(day).replace(hour=0) - (
            datetime(2000, 1, 1, 8) - datetime(2000, 1, 1)
        )
        return self._leaves().filtered(lambda leave: leave.date_from == start)

    def test_chinese_holidays_become_whole_days_in_the_calendar_zone(self):
        result = self._import("CN", 2026)
        self.assertEqual(result["params"]["type"], "success")
        spring = self._leave_on("2026-02-17")
        self.assertEqual(spring.name, "Chinese New Year (Spring Festival)")
        # midnight to 23:59:59 in Shanghai, stored in UTC
        self.assertEqual(spring.date_from, datetime(2026, 2, 16, 16, 0))
        self.assertEqual(spring.date_to, datetime(2026, 2, 17, 15, 59, 59))
        self.assertEqual(spring.time_type, "leave")
        self.assertFalse(spring.resource_id)
        self.assertTrue(self._leave_on("2026-10-01"))

    def test_hong_kong_and_taiwan_holidays(self):
        self._import("HK", 2025)
        self.assertEqual(
            self._leave_on("2025-07-01").name, "Hong Kong S.A.R. Establishment Day"
        )
        self.assertTrue(self._leave_on("2025-12-25"))
        self._import("TW", 2025, lang="zh_TW")
        self.assertEqual(self._leave_on("2025-10-10").name, "國慶日")

    def test_importing_twice_adds_nothing(self):
        self._import("CN", 2026)
        count = len(self._leaves())
        self.assertGreater(count, 10)
        result = self._import("CN", 2026)
        self.assertEqual(len(self._leaves()), count)
        self.assertEqual(result["params"]["type"], "info")

    def test_bad_year_or_unknown_country_is_refused_and_adds_nothing(self):
        with self.assertRaises(UserError):
            self._import("CN", 1800)
        nowhere = self.env["res.country"].create(
            {"name": "Entry Nowhere", "code": "QZ"}
        )
        with self.assertRaises(UserError):
            self._import(nowhere, 2026)
        self.assertFalse(self._leaves())

    def test_wizard_defaults_to_the_company_country_and_this_year(self):
        self.env.company.country_id = self.country["HK"]
        action = self.calendar.with_user(self.admin).action_open_public_holiday_import()
        form = Form(
            self.env[action["res_model"]]
            .with_user(self.admin)
            .with_context(**action["context"])
        )
        self.assertEqual(form.calendar_id, self.calendar)
        self.assertEqual(form.country_id, self.country["HK"])
        self.assertTrue(2000 < form.year < 2100)

    def test_only_administrators_import_holidays(self):
        with self.assertRaises(AccessError):
            self._import("CN", 2026, user=self.manager)
        with self.assertRaises(AccessError):
            self.calendar.with_user(self.manager)._import_public_holidays(
                self.country["CN"], 2026
            )
        self.assertFalse(self._leaves())

    def test_calendar_form_has_the_import_button(self):
        arch = (
            self.env["resource.calendar"]
            .with_user(self.admin)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn('name="action_open_public_holiday_import"', arch)
