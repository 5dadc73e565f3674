import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

USERNAME = "admin"


class Command(BaseCommand):
    help = (
        "Create the local superuser 'admin' with a random password, print it once and keep it in "
        ".admin-password (ignored by git). Does nothing when the account exists."
    )

    def handle(self, **options):
        User = get_user_model()
        password_file = settings.BASE_DIR / ".admin-password"
        if User.objects.filter(username=USERNAME).exists():
            if password_file.exists():
                where = f"see {password_file.name}"
            else:
                where = "reset it with `manage.py changepassword`"
            self.stdout.write(f"Admin login: {USERNAME} (password: {where}).")
            return
        password = secrets.token_urlsafe(16)
        User.objects.create_superuser(username=USERNAME, email="", password=password)
        password_file.write_text(password + "\n")
        password_file.chmod(0o600)
        self.stdout.write(self.style.SUCCESS(f"Created admin login: {USERNAME} / {password}"))
        self.stdout.write(f"(The password is also in {password_file.name}.)")
