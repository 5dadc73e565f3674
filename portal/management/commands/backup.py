from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from portal import backups


class Command(BaseCommand):
    help = "Write a consistent dump of the database (pg_dump, custom format) to backups/ or --output."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="file to write (default: backups/portal-<UTC time>.dump)")

    def handle(self, *, output, **options):
        if output is None:
            folder = settings.BASE_DIR / "backups"
            folder.mkdir(exist_ok=True)
            output = folder / f"portal-{datetime.now(UTC):%Y%m%d-%H%M%S}.dump"
        try:
            backups.dump(connection.get_connection_params(), output)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written to {output} ({output.stat().st_size:,} bytes)."))
