from django.core.management.base import BaseCommand, CommandError

from partnerships import synthetic


class Command(BaseCommand):
    help = (
        "Add deterministic synthetic projects and organisations (for benchmarks), loaded with COPY; "
        "--delete removes them again. The seed data and the GMG data are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=1_000_000)
        parser.add_argument("--organisations", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--delete", action="store_true", help="remove the synthetic rows instead")

    def handle(self, *, projects, organisations, seed, delete, **options):
        if delete:
            synthetic.delete(log=self.stdout.write)
            return
        if projects < 0 or organisations < 1:
            raise CommandError("Give --projects 0 or more and --organisations 1 or more.")
        if synthetic.exists():
            raise CommandError("Synthetic data is already loaded; remove it first with --delete.")
        counts = synthetic.generate(projects=projects, organisations=organisations, seed=seed, log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Loaded {counts}"))
