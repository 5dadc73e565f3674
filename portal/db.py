from contextlib import contextmanager

from django.db import connection


@contextmanager
def without_statement_timeout():
    """Lift the per-statement time limit (settings.STATEMENT_TIMEOUT_MS) for commands
    that run long statements on purpose, such as indexing a million projects."""
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
