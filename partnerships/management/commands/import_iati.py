from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError

from core.db import without_statement_timeout
from partnerships.iati_import import Refused, import_file


class Command(BaseCommand):
    help = (
        "Import an IATI 2.03 activity file: partners, projects, participations and money, countries, "
        "themes and dates, each citing the file. All or nothing; running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check and count everything, write nothing")

    def handle(self, *, file, dry_run, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        try:
            with without_statement_timeout():
                written = import_file(data, file.name, dry_run=dry_run)
        except Refused as refused:
            raise CommandError("Nothing was imported:\n- " + "\n- ".join(refused.problems)) from refused
        except (OperationalError, InterfaceError) as lost:  # one transaction: rolled back
            raise CommandError(
                f"Nothing was imported: the database connection was lost ({_first_line(lost)}). Run the import again."
            ) from lost
        for note in written.notes:
            self.stdout.write(f"Note: {note}")
        done = "Would import" if dry_run else "Imported"
        self.stdout.write(
            f"{done} {file.name}: {written.projects_created} projects created, {written.projects_updated} updated, "
            f"{written.partners_created} partners created, {written.participations} participations."
        )


def _first_line(error: Exception) -> str:
    return (str(error).strip() or type(error).__name__).splitlines()[0]
