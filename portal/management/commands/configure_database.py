"""Set the portal's limits on its own role in its database:

    ALTER ROLE CURRENT_USER IN DATABASE <name> SET statement_timeout = ..., lock_timeout, work_mem, jit

They then hold for every session the role opens there, through a connection pooler
too (poolers refuse connection options such as `-c statement_timeout=`). Run after
`migrate` on every deploy; `make run` and the tests do. A role may set its own.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connections

# What each setting is for: no request waits long on the database (a runaway statement
# or a lock wait is cancelled, and the page says so); facet counts gather a few
# megabytes of rows in memory rather than on disk (partnerships/facet_counts.py); and no
# statement is compiled to machine code first: the planner's cost of a facet count
# (arrays unnested, estimated generously) crosses JIT's thresholds, and compiling took
# 0.5-2 s on PostgreSQL 15 for statements that run in milliseconds.
LIMITS = {
    "statement_timeout": f"{settings.STATEMENT_TIMEOUT_MS}ms",
    "lock_timeout": f"{settings.LOCK_TIMEOUT_MS}ms",
    "work_mem": settings.WORK_MEM,
    "jit": "off",
}


class Command(BaseCommand):
    help = "Set the statement and lock timeouts and work_mem on the portal's role in its database."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, database, **options):
        connection = connections[database]
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_database()")
            name = cursor.fetchone()[0]
            for setting, value in LIMITS.items():
                cursor.execute(f"ALTER ROLE CURRENT_USER IN DATABASE {quote(name)} SET {setting} = %s", [value])
        # The settings apply to sessions opened from now on.
        connection.close()
        if options["verbosity"]:
            limits = ", ".join(f"{setting} = {value}" for setting, value in LIMITS.items())
            self.stdout.write(f"Set on this role in database {name}: {limits}.")
