"""A country's public holidays for a year, from the ``holidays`` library,
without the ORM."""

import holidays

# Traditional Chinese is written in both Taiwan and Hong Kong.
SAME_SCRIPT = {"zh_TW": "zh_HK", "zh_HK": "zh_TW"}


class UnsupportedCountry(ValueError):
    """The library has no holidays for this country."""


def holiday_language(country_code, lang):
    """The library's language closest to an Odoo language code (``zh_TW``,
    ``en_GB``), or None for the country's own default."""
    try:
        supported = holidays.country_holidays(country_code).supported_languages
    except NotImplementedError as error:
        raise UnsupportedCountry(country_code) from error
    if not lang:
        return None
    if lang in supported:
        return lang
    base = lang.split("_")[0]
    for candidate in (SAME_SCRIPT.get(lang), f"{base}_US", base):
        if candidate in supported:
            return candidate
    return next((code for code in supported if code.split("_")[0] == base), None)


def public_holidays(country_code, year, lang=None):
    """``[(date, name)]`` of the public holidays of ``country_code`` in
    ``year``, sorted, names in ``lang`` when the library has it (several
    holidays on one day share one name, joined by "; ").

    :raise UnsupportedCountry: when the library does not know the country
    """
    language = holiday_language(country_code, lang)
    days = holidays.country_holidays(country_code, years=year, language=language)
    return sorted((day, name) for day, name in days.items() if day.year == year)
