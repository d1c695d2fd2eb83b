import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from cinterfor.roles import FINANCE, MANAGERS, PROGRAMME_STAFF

# username, role, full name; "admin" is a superuser. Two managers, for the four-eyes rule.
DEMO_USERS = [
    ("staff", PROGRAMME_STAFF, "Paula Programme"),
    ("finance", FINANCE, "Fernando Finance"),
    ("manager", MANAGERS, "Marta Manager"),
    ("manager2", MANAGERS, "Mario Manager"),
    ("admin", None, "Ada Admin"),
]


class Command(BaseCommand):
    help = "Create one demo user per role and print their passwords. Development only: refused when DEBUG is off."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo users are for development only; DEBUG is off.")
        User = get_user_model()
        for username, role, full_name in DEMO_USERS:
            if User.objects.filter(username=username).exists():
                self.stdout.write(f"Demo user {username!r} exists; its password is unchanged.")
                continue
            password = secrets.token_urlsafe(9)
            first, last = full_name.split(" ", 1)
            if role is None:
                user = User.objects.create_superuser(username, f"{username}@example.org", password)
            else:
                user = User.objects.create_user(username, f"{username}@example.org", password)
                user.groups.add(Group.objects.get(name=role))
            user.first_name, user.last_name = first, last
            user.save(update_fields=["first_name", "last_name"])
            self.stdout.write(
                self.style.WARNING(
                    f"Development-only user: {username} / {password}  ({role or 'administrator'})"
                )
            )
