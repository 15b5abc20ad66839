"""Resident Identity Card numbers of the People's Republic of China (居民身份证),
checked with python-stdnum's ``stdnum.cn.ric``, without the ORM.

An 18-character number: 6 digits of the registering region, the birth date
(YYYYMMDD), 3 digits of sequence and an ISO 7064 MOD 11-2 check character
(0-9 or X). The region is not checked against stdnum's list of region codes,
which lags behind new and renamed districts: a real card must never be refused.
"""

from stdnum.cn import ric
from stdnum.exceptions import InvalidComponent

VALID = None
BAD_FORMAT = "format"
BAD_CHECK_DIGIT = "check_digit"
BAD_BIRTH_DATE = "birth_date"


def check_resident_id(number, today=None):
    """``VALID`` (None) or the reason the number is not a valid card number.

    :param today: a birth date after it is refused (None: not checked)
    """
    number = ric.compact(number or "")
    if len(number) != 18 or not number[:17].isdigit():
        return BAD_FORMAT
    if number[-1] not in "0123456789X":
        return BAD_FORMAT
    if number[-1] != ric.calc_check_digit(number):
        return BAD_CHECK_DIGIT
    birth = resident_id_birth_date(number)
    if not birth or birth.year < 1900 or (today and birth > today):
        return BAD_BIRTH_DATE
    return VALID


def resident_id_birth_date(number):
    """The birth date encoded in the number, or None when it is no date."""
    number = ric.compact(number or "")
    if len(number) != 18 or not number[6:14].isdigit():
        return None
    try:
        return ric.get_birth_date(number)
    except InvalidComponent:
        return None


def with_check_digit(first_17):
    """The full number for its first 17 digits (demo and test data)."""
    return first_17 + ric.calc_check_digit(first_17 + "0")
