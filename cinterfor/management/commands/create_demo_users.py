import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Create the development-only admin user and print its password. Refused when DEBUG is off."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo users are for development only; DEBUG is off.")
        User = get_user_model()
        if User.objects.filter(username="admin").exists():
            self.stdout.write("Demo user 'admin' exists; its password is unchanged.")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", "admin@example.org", password)
        self.stdout.write(
            self.style.WARNING(
                f"Development-only admin user: admin / {password}  (log in at /admin/)"
            )
        )
