from django.core.management.base import BaseCommand
from django.db import transaction

from gmg import seed as gmg_seed
from partnerships import seed as partnerships_seed
from partnerships.search import refresh_search
from portal.db import without_statement_timeout


class Command(BaseCommand):
    help = "Load the seed data (partners, projects, people, quotes, figures, GMG). Safe to run again."

    def handle(self, **options):
        with without_statement_timeout(), transaction.atomic():
            partnerships_seed.load()
            gmg_seed.load()
            refresh_search(projects=None, organisations=None)
        self.stdout.write(self.style.SUCCESS("Seed data loaded."))
