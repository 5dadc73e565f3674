from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from portal import backups


class Command(BaseCommand):
    help = "Restore a backup made by `backup` into the configured database, which must be empty."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *, file, **options):
        params = connection.get_connection_params()
        connection.close()
        try:
            backups.restore(params, file)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {file}."))
