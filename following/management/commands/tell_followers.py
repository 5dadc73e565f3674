from django.core.management.base import BaseCommand

from following.notifications import collect


class Command(BaseCommand):
    help = (
        "Turn the changes since the last run into notifications: changes to followed records, new matches of followed "
        "searches, follows of what is gone. Run by deploy/portal-notify.timer; the portal does it after each write too."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Notifications written: {collect()}")
