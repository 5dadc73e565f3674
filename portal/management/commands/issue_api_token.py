from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from knox.models import AuthToken

from portal.token_admin import DEFAULT_DAYS, MAX_DAYS


class Command(BaseCommand):
    help = "Issue an API token for a user and print it once (only its hash is kept)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS, help=f"valid for (default {DEFAULT_DAYS})")

    def handle(self, username, days, **options):
        if not 1 <= days <= MAX_DAYS:
            raise CommandError(f"--days must be between 1 and {MAX_DAYS}.")
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"There is no user “{username}”.") from None
        instance, token = AuthToken.objects.create(user=user, expiry=timedelta(days=days))
        self.stdout.write(token)
        self.stderr.write(f"Valid until {instance.expiry:%Y-%m-%d}; it will not be shown again.")
