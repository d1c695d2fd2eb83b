"""Used by bench_pages: create the bench's users in a bench database and list the page URLs."""

import json
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from benchmarks.pages import BENCH_USERS, PAGES
from budget.models import Contribution
from programme.models import Activity, Biennium

YEARS = "2020-21"


def _middle(queryset):
    """A row from the middle of the list, so an edit page is neither the first nor the last."""
    count = queryset.count()
    if not count:
        raise CommandError(f"No {queryset.model._meta.verbose_name} in {YEARS}: generate first.")
    return queryset.order_by("pk")[count // 2]


class Command(BaseCommand):
    help = (
        "For the page bench only: create one user per role (password from BENCH_PASSWORD) "
        "and print, as JSON, the URL of each page the bench requests."
    )

    def handle(self, *args, **options):
        password = os.environ.get("BENCH_PASSWORD", "")
        if len(password) < 20:
            raise CommandError("Set BENCH_PASSWORD (20 characters or more); bench_pages does.")
        User = get_user_model()
        for role, username in BENCH_USERS.items():
            user, _created = User.objects.get_or_create(username=username)
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get_or_create(name=role)[0]])
        biennium = Biennium.objects.get(start_year=2020)
        arguments = {
            "years": YEARS,
            "letter": "a",
            # The shipped file's first activity: the same row at every scale, so its page's
            # queries compare like with like.
            "activity": Activity.objects.get(
                line_of_action__biennium=biennium, line_of_action__letter="a", position=1
            ).pk,
            "contribution": _middle(Contribution.objects.filter(biennium=biennium)).pk,
        }
        pages = []
        for page in PAGES:
            kwargs = {
                ("pk" if need in ("activity", "contribution") else need): arguments[need]
                for need in page.needs
            }
            pages.append(
                {
                    "name": page.name,
                    "role": page.role,
                    "username": BENCH_USERS[page.role],
                    "url": reverse(page.url_name, kwargs=kwargs),
                    "model": page.model,
                }
            )
        bare = {
            page.model: reverse("bench_bare_list", urlconf="benchmarks.urls", args=[page.model])
            for page in PAGES
        }
        self.stdout.write(json.dumps({"pages": pages, "bare": bare}))
