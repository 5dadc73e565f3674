from contextlib import contextmanager

from django.db import connection as default_connection


@contextmanager
def without_statement_timeout(connection=default_connection):
    """Lift the per-statement time limit (settings.STATEMENT_TIMEOUT_MS) for commands
    that run long statements on purpose, such as indexing a million projects; the limit
    in force before comes back after (so that these can nest)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('statement_timeout')")
        before = cursor.fetchone()[0]
        cursor.execute("SET statement_timeout = 0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, false)", [before])
