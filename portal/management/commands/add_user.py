import getpass
import secrets

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

ROLES = {"viewer": ("Viewers", False), "editor": ("Editors", True)}


class Command(BaseCommand):
    help = (
        "Add a colleague: a viewer (browses the portal) or an editor (also keeps the records in the admin). "
        "The password is asked for with --prompt, else generated and printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=sorted(ROLES), required=True)
        parser.add_argument("--email", default="", help="where the digests of what they follow go")
        parser.add_argument("--prompt", action="store_true", help="ask for the password instead of generating one")

    def handle(self, *args, username, role, email, prompt, **options):
        User = get_user_model()
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"There is already a user “{username}”. Change it in the admin, under Users.")
        user = User(username=username, email=email, is_staff=ROLES[role][1])
        password = self._asked(user) if prompt else secrets.token_urlsafe(12)
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as error:
            raise CommandError(
                "; ".join(f"{field}: {' '.join(m)}" for field, m in error.message_dict.items())
            ) from None
        with transaction.atomic():
            user.set_password(password)
            user.save()
            user.groups.add(Group.objects.get(name=ROLES[role][0]))
        self.stdout.write(self.style.SUCCESS(f"Added {role} {username}."))
        if not prompt:
            self.stdout.write(
                f"Password: {password}  (shown once: give it to them; they can change it after logging in)"
            )

    def _asked(self, user) -> str:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ. Nothing was added.")
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages) + " Nothing was added.") from None
        return password
