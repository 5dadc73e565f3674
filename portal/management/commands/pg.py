from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal import embedded_pg


class Command(BaseCommand):
    help = "Start, stop or show the status of the embedded PostgreSQL server (used when DATABASE_URL is unset)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["start", "stop", "status"])

    def handle(self, *, action, **options):
        if settings.DATABASES["default"]["ENGINE"] != "portal.db_backend":
            raise CommandError("DATABASE_URL is set: this project is not using the embedded PostgreSQL.")
        pgdata = settings.EMBEDDED_PGDATA
        if action == "start":
            server = embedded_pg.start(pgdata)
            self.stdout.write(f"PostgreSQL is running (pid {server.pid}, socket in {server.socket_dir}).")
        elif action == "stop":
            if embedded_pg.stop(pgdata):
                self.stdout.write("PostgreSQL stopped.")
            else:
                self.stdout.write("PostgreSQL was not running.")
        else:
            server = embedded_pg.status(pgdata)
            if server is None:
                self.stdout.write(f"PostgreSQL is not running (data folder {pgdata}).")
            else:
                self.stdout.write(f"PostgreSQL is running (pid {server.pid}, socket in {server.socket_dir}).")
