from django.core.management.base import BaseCommand, CommandError

from following.digests import send_digests


class Command(BaseCommand):
    help = (
        "Tell followers of what changed since the last run, then email every daily or weekly digest that is due. "
        "Run by deploy/portal-digest.timer."
    )

    def handle(self, *args, **options):
        outcome = send_digests()
        self.stdout.write(f"Digests sent: {outcome.sent}")
        if outcome.failed:  # the timer's unit shows the failure; the log says why
            raise CommandError(f"{outcome.failed} digests could not be sent; they are retried at the next run")
