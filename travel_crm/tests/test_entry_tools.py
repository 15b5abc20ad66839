"""The plain-Python rules of the entry feature, on known values: permits and
visa-free stays, pinyin passport names, Resident Identity Card numbers, lunar
festival dates and public holidays."""

from datetime import date

from odoo.tests import BaseCase, tagged

from odoo.addons.travel_crm.tools import lunar, passport_check, resident_id
from odoo.addons.travel_crm.tools.passport_check import (
    DOCUMENT_MISSING,
    ENDORSEMENT_MISSING,
    ENDORSEMENT_TOO_SHORT,
    VISA_MISSING,
    Requirement,
    find_document_issues,
    trip_length,
)
from odoo.addons.travel_crm.tools.passport_name import (
    normalise_passport_name,
    suggest_passport_name,
)
from odoo.addons.travel_crm.tools.public_holidays import (
    UnsupportedCountry,
    holiday_language,
    public_holidays,
)

RETURN = date(2026, 8, 20)
HK = Requirement(5, "Hong Kong", 0, False, "hk_macau_permit")
TH = Requirement(6, "Thailand", 6, True, "passport", 30)
LI = (20, "Li")


def doc(document_type, expiry, endorsement=None, issuer=1):
    return {
        "partner_id": 20,
        "document_type": document_type,
        "issuing_country_id": issuer,
        "expiry_date": expiry,
        "endorsement_expiry_date": endorsement,
    }


@tagged("post_install", "-at_install")
class TestPermitsAndVisaFreeStays(BaseCase):
    def test_a_permit_needs_an_endorsement_lasting_the_trip(self):
        permit = doc("hk_macau_permit", date(2030, 1, 1), date(2026, 8, 20))
        self.assertEqual(find_document_issues([LI], [HK], [permit], RETURN), [])
        short = doc("hk_macau_permit", date(2030, 1, 1), date(2026, 8, 19))
        [issue] = find_document_issues([LI], [HK], [short], RETURN)
        self.assertEqual(
            (issue.problem, issue.until, issue.document_type),
            (ENDORSEMENT_TOO_SHORT, RETURN, "hk_macau_permit"),
        )
        bare = doc("hk_macau_permit", date(2030, 1, 1))
        [issue] = find_document_issues([LI], [HK], [bare], RETURN)
        self.assertEqual(issue.problem, ENDORSEMENT_MISSING)

    def test_a_passport_does_not_replace_a_permit(self):
        passport = doc("passport", date(2030, 1, 1))
        [issue] = find_document_issues([LI], [HK], [passport], RETURN)
        self.assertEqual(
            (issue.problem, issue.country_name), (DOCUMENT_MISSING, "Hong Kong")
        )

    def test_visa_free_days_count_both_ends_of_the_trip(self):
        self.assertEqual(trip_length(date(2026, 8, 1), date(2026, 8, 30)), 30)
        self.assertIsNone(trip_length(date(2026, 8, 1), None))
        passport = [doc("passport", date(2030, 1, 1))]
        self.assertEqual(
            find_document_issues([LI], [TH], passport, date(2026, 8, 30), 30), []
        )
        [issue] = find_document_issues([LI], [TH], passport, date(2026, 8, 31), 31)
        self.assertEqual(issue.problem, VISA_MISSING)
        # unknown length: no visa-free stay can be granted
        self.assertEqual(
            find_document_issues([LI], [TH], passport, date(2026, 8, 1))[0].problem,
            VISA_MISSING,
        )

    def test_requirements_may_differ_per_traveller(self):
        ben = (21, "Ben")
        docs = [doc("passport", date(2030, 1, 1))]
        issues = find_document_issues(
            [LI, ben], {20: [TH], 21: []}, docs, RETURN, trip_length(RETURN, RETURN)
        )
        self.assertEqual(issues, [])
        issues = find_document_issues([LI, ben], {21: [HK]}, docs, RETURN)
        self.assertEqual(
            [(i.traveller_id, i.problem) for i in issues], [(21, DOCUMENT_MISSING)]
        )

    def test_old_requirements_still_mean_a_passport_and_a_visa(self):
        old = passport_check.Requirement(7, "Brazil", 3, True)
        self.assertEqual((old.document_type, old.visa_free_days), ("passport", 0))
        issues = find_document_issues(
            [LI], [old], [doc("passport", date(2030, 1, 1))], RETURN, 2
        )
        self.assertEqual([i.problem for i in issues], [VISA_MISSING])


@tagged("post_install", "-at_install")
class TestPassportNames(BaseCase):
    def test_known_names_in_passport_pinyin(self):
        cases = {
            "王小明": ("WANG", "XIAOMING"),
            "张伟": ("ZHANG", "WEI"),
            "李娜": ("LI", "NA"),
            "吕小女": ("LYU", "XIAONYU"),
            "欧阳娜娜": ("OUYANG", "NANA"),
            "司马光": ("SIMA", "GUANG"),
            "曾国藩": ("ZENG", "GUOFAN"),
            "单田芳": ("SHAN", "TIANFANG"),
            "陳大文": ("CHEN", "DAWEN"),
            "李 白": ("LI", "BAI"),
        }
        for name, expected in cases.items():
            with self.subTest(name=name):
                self.assertEqual(suggest_passport_name(name), expected)

    def test_no_suggestion_for_other_names(self):
        for name in ("Zhang Wei", "王", "", None, "买买提·艾力", "王 小 明"):
            with self.subTest(name=name):
                self.assertIsNone(suggest_passport_name(name))

    def test_typed_names_are_upper_case_with_single_blanks(self):
        self.assertEqual(normalise_passport_name("  tai   man "), "TAI MAN")
        self.assertFalse(normalise_passport_name(False))


@tagged("post_install", "-at_install")
class TestResidentIdentityCard(BaseCase):
    # the example number of the GB 11643-1999 standard
    VALID = "11010519491231002X"

    def test_known_valid_number_and_its_birth_date(self):
        self.assertIsNone(resident_id.check_resident_id(self.VALID))
        self.assertIsNone(resident_id.check_resident_id(self.VALID.lower()))
        self.assertEqual(
            resident_id.resident_id_birth_date(self.VALID), date(1949, 12, 31)
        )
        self.assertEqual(resident_id.with_check_digit("11010519491231002"), self.VALID)

    def test_wrong_check_digit_format_and_birth_date(self):
        check = resident_id.check_resident_id
        self.assertEqual(check("110105194912310021"), resident_id.BAD_CHECK_DIGIT)
        self.assertEqual(check("11010519491231002"), resident_id.BAD_FORMAT)
        self.assertEqual(check("1101051949123100ZX"), resident_id.BAD_FORMAT)
        bad_month = resident_id.with_check_digit("11010519491331002")
        self.assertEqual(check(bad_month), resident_id.BAD_BIRTH_DATE)
        future = resident_id.with_check_digit("11010520300101002")
        self.assertEqual(check(future, date(2029, 1, 1)), resident_id.BAD_BIRTH_DATE)


@tagged("post_install", "-at_install")
class TestLunarDates(BaseCase):
    # (Spring Festival, Dragon Boat, Mid-Autumn), as published
    KNOWN = {
        2025: (date(2025, 1, 29), date(2025, 5, 31), date(2025, 10, 6)),
        2026: (date(2026, 2, 17), date(2026, 6, 19), date(2026, 9, 25)),
        2027: (date(2027, 2, 6), date(2027, 6, 9), date(2027, 9, 15)),
        2028: (date(2028, 1, 26), date(2028, 5, 28), date(2028, 10, 3)),
        2029: (date(2029, 2, 13), date(2029, 6, 16), date(2029, 9, 22)),
        2030: (date(2030, 2, 3), date(2030, 6, 5), date(2030, 9, 12)),
    }

    def test_festivals_2025_to_2030(self):
        for year, (spring, dragon_boat, mid_autumn) in self.KNOWN.items():
            with self.subTest(year=year):
                self.assertEqual(lunar.lunar_to_solar(year, 1, 1), spring)
                self.assertEqual(lunar.lunar_to_solar(year, 5, 5), dragon_boat)
                self.assertEqual(lunar.lunar_to_solar(year, 8, 15), mid_autumn)

    def test_lantern_qixi_and_double_ninth_2026(self):
        self.assertEqual(lunar.lunar_to_solar(2026, 1, 15), date(2026, 3, 3))
        self.assertEqual(lunar.lunar_to_solar(2026, 7, 7), date(2026, 8, 19))
        self.assertEqual(lunar.lunar_to_solar(2026, 9, 9), date(2026, 10, 18))

    def test_day_30_of_a_short_month_is_new_years_eve(self):
        # the twelfth month of lunar 2025 has 29 days: the eve is 16 February
        self.assertEqual(lunar.lunar_to_solar(2025, 12, 30), date(2026, 2, 16))
        self.assertEqual(lunar.lunar_year_of(12, 30, date(2026, 2, 16)), 2025)

    def test_next_date_from_any_day(self):
        self.assertEqual(
            lunar.next_lunar_date(1, 1, date(2026, 2, 17)), date(2026, 2, 17)
        )
        self.assertEqual(
            lunar.next_lunar_date(1, 1, date(2026, 2, 18)), date(2027, 2, 6)
        )
        self.assertEqual(
            lunar.next_lunar_date(8, 15, date(2027, 12, 31)), date(2028, 10, 3)
        )
        self.assertEqual(
            lunar.next_lunar_date(1, 1, date(2028, 2, 29)), date(2029, 2, 13)
        )
        self.assertIsNone(lunar.lunar_year_of(1, 1, date(2026, 2, 18)))
        self.assertIsNone(lunar.lunar_to_solar(2100, 1, 1))

    def test_the_calendar_covers_2025_to_2035(self):
        for year in range(2025, 2036):
            self.assertTrue(lunar.lunar_to_solar(year, 8, 15))


@tagged("post_install", "-at_install")
class TestPublicHolidays(BaseCase):
    def test_known_chinese_hong_kong_and_taiwan_holidays(self):
        china = dict(public_holidays("CN", 2026, "en_US"))
        self.assertIn(date(2026, 2, 17), china)
        self.assertIn(date(2026, 10, 1), china)
        hong_kong = dict(public_holidays("HK", 2025, "en_US"))
        self.assertEqual(
            hong_kong[date(2025, 7, 1)], "Hong Kong S.A.R. Establishment Day"
        )
        self.assertIn(date(2025, 12, 25), hong_kong)
        taiwan = dict(public_holidays("TW", 2025, "zh_TW"))
        self.assertEqual(taiwan[date(2025, 10, 10)], "國慶日")

    def test_language_follows_the_user_when_the_library_has_it(self):
        self.assertEqual(holiday_language("HK", "zh_TW"), "zh_HK")
        self.assertEqual(holiday_language("CN", "en_GB"), "en_US")
        self.assertIsNone(holiday_language("CN", None))
        with self.assertRaises(UnsupportedCountry):
            public_holidays("ZZ", 2026)
