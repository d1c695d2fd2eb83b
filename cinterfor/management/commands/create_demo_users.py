import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cinterfor.roles import FINANCE, MANAGERS, PROGRAMME_STAFF

# username, role, full name; "admin" is a superuser. Two managers, for the four-eyes rule.
DEMO_USERS = [
    ("staff", PROGRAMME_STAFF, "Paula Programme"),
    ("finance", FINANCE, "Fernando Finance"),
    ("manager", MANAGERS, "Marta Manager"),
    ("manager2", MANAGERS, "Mario Manager"),
    ("admin", None, "Ada Admin"),
]
RULE = "=" * 64


class Command(BaseCommand):
    help = (
        "Create one demo user per role and print their passwords; --reset gives the existing "
        "ones new passwords. Development only: refused when DEBUG is off."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Give existing demo users new passwords and print them (stored ones are hashed).",
        )

    def handle(self, *args, reset: bool = False, **options):
        if not settings.DEBUG:
            raise CommandError("Demo users are for development only; DEBUG is off.")
        User = get_user_model()
        printed, kept = [], []
        with transaction.atomic():
            for username, role, full_name in DEMO_USERS:
                user = User.objects.filter(username=username).first()
                if user is not None and not reset:
                    kept.append(username)
                    continue
                password = secrets.token_urlsafe(9)
                if user is None:
                    user = self._create(username, role, full_name, password)
                else:
                    user.set_password(password)
                    user.save(update_fields=["password"])
                printed.append((username, password, role or "administrator"))
        for username in kept:
            self.stdout.write(
                f"Demo user {username!r} exists; its password is unchanged "
                "(create_demo_users --reset gives it a new one)."
            )
        if printed:
            # Last, under a banner, so it is not lost above the install and import output.
            self.stdout.write(RULE)
            self.stdout.write(self.style.WARNING("Demo users (development only), log in with:"))
            for username, password, role in printed:
                self.stdout.write(f"  {role:>16}: {username} / {password}")
            self.stdout.write(RULE)

    @staticmethod
    def _create(username: str, role: str | None, full_name: str, password: str):
        User = get_user_model()
        first, last = full_name.split(" ", 1)
        if role is None:
            user = User.objects.create_superuser(username, f"{username}@example.org", password)
        else:
            user = User.objects.create_user(username, f"{username}@example.org", password)
            user.groups.add(Group.objects.get(name=role))
        user.first_name, user.last_name = first, last
        user.save(update_fields=["first_name", "last_name"])
        return user
