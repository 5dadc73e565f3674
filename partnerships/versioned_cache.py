"""A cache that is never older than the data.

Database triggers raise `DataVersion` on every committed write to the records (see
migration 0005), and every key here includes the version read at the start of the
request: after any change, pages compute and keep their values afresh. Inside a
transaction, which may hold uncommitted writes (as in tests), nothing is kept. Keys of
anything with words in it also carry the active language (en, fr or es).
"""

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.utils import translation

from .models import DataVersion

CACHE_SECONDS = 600


def current_version() -> int | None:
    """The data version, or None inside a transaction (nothing may be kept then)."""
    return None if connection.in_atomic_block else DataVersion.current()


def version_key(*parts, version: int | None = None, words: bool = True) -> str | None:
    """A cache key for `parts` at the data version (read now unless given); with
    `words`, for the active language too (bare numbers need not be kept thrice)."""
    version = version if version is not None else current_version()
    if version is None:
        return None
    if words:
        parts = (translation.get_language(), *parts)
    text = ":".join(str(part) for part in parts)
    if len(text) > 200:
        text = hashlib.sha256(text.encode()).hexdigest()
    return f"v{version}:{text}"


def cached_for_version(key: str | None, compute: Callable):
    if key is None:
        return compute()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value
