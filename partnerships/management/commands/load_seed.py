from django.core.management.base import BaseCommand
from django.db import transaction

from core.db import without_statement_timeout
from gmg import seed as gmg_seed
from partnerships import seed as partnerships_seed
from partnerships.models import Organisation
from partnerships.search import refresh_search


class Command(BaseCommand):
    help = "Load the seed data (partners, projects, people, quotes, figures, GMG). Safe to run again."

    def handle(self, **options):
        with without_statement_timeout(), transaction.atomic():
            source = partnerships_seed.seed_source()
            projects, organisations = partnerships_seed.load(source)
            gmg_seed.load(organisations=dict(Organisation.objects.values_list("slug", "pk")), source=source)
            # The seed's own records: other records (synthetic ones, say) keep their text.
            refresh_search(projects=projects, organisations=organisations)
        self.stdout.write(self.style.SUCCESS("Seed data loaded."))
