"""The shared cache (a PostgreSQL table, so every app server sees the same), with each
lookup's time and result counted for /metrics."""

import time

from django.core.cache.backends.db import DatabaseCache

from . import metrics

MISSING = object()


class TimedDatabaseCache(DatabaseCache):
    def get(self, key, default=None, version=None):
        started = time.perf_counter()
        value = super().get(key, MISSING, version)
        metrics.observe_cache(time.perf_counter() - started, hit=value is not MISSING)
        return default if value is MISSING else value
