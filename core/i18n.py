"""Reference data in the portal's languages: country names from the ISO 3166
translations of Debian's iso-codes (shipped by pycountry), and a model's own
per-language fields (`name_fr`, `name_es`) where editors keep them."""

import functools
import gettext

import pycountry
from django.conf import settings
from django.utils import translation


@functools.cache
def _iso3166(language: str) -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)


@functools.cache
def _country_name(code: str, english: str, language: str) -> str:
    record = pycountry.countries.get(alpha_2=code)
    if record is None:
        return english
    # The catalogues are keyed by the ISO name; a common name ("Bolivia") is translated
    # when the catalogue has it, else the official one is ("Bolivie, l'État plurinational de").
    for name in (getattr(record, "common_name", None), record.name):
        if name:
            translated = _iso3166(language).gettext(name)
            if translated != name:
                return translated
    return english


def country_name(code: str, english: str, language: str | None = None) -> str:
    """The country's name in `language` (by default the active one); `english` in English."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return english if language == "en" else _country_name(code, english, language)


def translated(record, field: str) -> str:
    """`record.<field>_<language>` when filled in, else `record.<field>` (English)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language != "en":
        value = getattr(record, f"{field}_{language}", "")
        if value:
            return value
    return getattr(record, field)
