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
            projects, organisations = partnerships_seed.load()
            gmg_seed.load()
            # The seed's own records: other records (synthetic ones, say) keep their text.
            refresh_search(projects=projects, organisations=organisations)
        self.stdout.write(self.style.SUCCESS("Seed data loaded."))
