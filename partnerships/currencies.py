"""Currencies as people type them: an ISO 4217 code, or a name in English, French or
Spanish, singular or plural, with or without its country ("dollars", "US dollars",
"dólares estadounidenses", "livres sterling", "€")."""

import gettext
import unicodedata
from dataclasses import dataclass
from functools import cache

import pycountry

from .models import CURRENCY_NAMES

# A name without its country means this currency to most people.
BARE_NAMES = {
    "dollar": "USD",
    "dolar": "USD",
    "euro": "EUR",
    "pound": "GBP",
    "sterling": "GBP",
    "livre": "GBP",
    "libra": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rupee": "INR",
    "roupie": "INR",
    "rupia": "INR",
    "real": "BRL",
    "rand": "ZAR",
}
SYMBOLS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
# Names people use that the ISO lists do not give.
ALIASES = {
    "USD": ["american dollar", "dollar us", "dollar des etats unis", "dolar americano", "dolar de los estados unidos"],
    "GBP": ["british pound", "livre britannique", "libra britanica"],
}
LINKING_WORDS = {"the", "of", "de", "des", "du", "del", "los", "las", "la", "le", "les", "el"}


@dataclass(frozen=True)
class Found:
    code: str | None  # the currency meant, if one
    candidates: tuple[str, ...] = ()  # the currencies it may mean, when several or none exactly


def _words(text: str) -> tuple[str, ...]:
    plain = "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))
    words = "".join(c if c.isalnum() else " " for c in plain).split()
    return tuple(word for word in words if word not in LINKING_WORDS)


def _singulars(word: str) -> set[str]:
    """The word, and what it is without a plural ending (dollars, dólares, livres)."""
    found = {word}
    if word.endswith("s") and len(word) > 3:
        found.add(word[:-1])
        if word.endswith("es"):
            found.add(word[:-2])
    return found


@cache
def _names() -> dict[tuple[str, ...], frozenset[str]]:
    """Every name (as its words) of every currency, in the portal's languages."""
    translations = [gettext.translation("iso4217", pycountry.LOCALES_DIR, languages=[lang]) for lang in ("fr", "es")]
    names: dict[tuple[str, ...], set[str]] = {}
    for code, english in CURRENCY_NAMES.items():
        for name in [english, *(t.gettext(english) for t in translations), *ALIASES.get(code, [])]:
            words = _words(name)
            if words:
                names.setdefault(words, set()).add(code)
    return {words: frozenset(codes) for words, codes in names.items()}


def _matches(typed: tuple[str, ...], name: tuple[str, ...]) -> bool:
    """The same words, each typed one singular or plural, in any order."""
    if len(typed) != len(name):
        return False
    left = list(name)
    for word in typed:
        singular = next((w for w in left if w in _singulars(word)), None)
        if singular is None:
            return False
        left.remove(singular)
    return True


def find(text: str) -> Found:
    """The currency `text` names, or the ones it may mean."""
    text = text.strip()
    if text.upper() in CURRENCY_NAMES:
        return Found(text.upper())
    if text.casefold() in SYMBOLS:
        return Found(SYMBOLS[text.casefold()])
    typed = _words(text)
    if not typed:
        return Found(None)
    if len(typed) == 1 and (_singulars(typed[0]) & BARE_NAMES.keys()):
        return Found(BARE_NAMES[next(iter(_singulars(typed[0]) & BARE_NAMES.keys()))])
    codes = sorted({code for name, named in _names().items() if _matches(typed, name) for code in named})
    if len(codes) == 1:
        return Found(codes[0])
    if codes:
        return Found(None, tuple(codes))
    near = {
        code
        for name, named in _names().items()
        for code in named
        if any(_singulars(word) & set(name) for word in typed)
    }
    return Found(None, tuple(sorted(near)))
