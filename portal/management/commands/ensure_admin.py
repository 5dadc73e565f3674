import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

USERNAME = "admin"


class Command(BaseCommand):
    help = (
        "Create the local superuser 'admin' with a random password the first time, kept in .admin-password "
        "(ignored by git). With --url (make run, last before serving): the address and the login, password included."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", help="the address the portal is served at")

    def handle(self, *args, url=None, **options):
        User = get_user_model()
        password_file = settings.BASE_DIR / ".admin-password"
        if not User.objects.filter(username=USERNAME).exists():
            password = secrets.token_urlsafe(16)
            User.objects.create_superuser(username=USERNAME, email="", password=password)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
            self.stdout.write(
                self.style.SUCCESS(f"Created the admin login {USERNAME} (password in {password_file.name}).")
            )
        if url is None:
            return
        if password_file.exists():
            login = f"{USERNAME} / {password_file.read_text().strip()}  (also in {password_file.name})"
        else:
            login = f"{USERNAME} (password: reset it with `manage.py changepassword {USERNAME}`)"
        url = url.rstrip("/") + "/"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Partnership Portal: {url}   (admin: {url}admin/)"))
        self.stdout.write(self.style.SUCCESS(f"Admin login: {login}"))
        self.stdout.write("Add colleagues with: .venv/bin/python manage.py add_user NAME --role viewer|editor")
        self.stdout.write("Stop with Ctrl-C.")
        self.stdout.write("")
