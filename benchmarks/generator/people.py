"""The people the generated history names: who imported, edited, submitted and approved."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cinterfor.roles import FINANCE, MANAGERS, PROGRAMME_STAFF

from .rows import at

# An unusable password ("!" first), the same in every run: these people never log in.
NO_PASSWORD = "!generated-history-only"  # noqa: S105 - "!" makes it unusable

PEOPLE = (
    ("importer", "Ivo", "Importer", (MANAGERS,)),
    ("ana.rodriguez", "Ana", "Rodríguez", (PROGRAMME_STAFF,)),
    ("joao.silva", "João", "Silva", (PROGRAMME_STAFF,)),
    ("lucia.mendez", "Lucía", "Méndez", (FINANCE,)),
    ("carlos.perez", "Carlos", "Pérez", (FINANCE,)),
    ("marta.gomez", "Marta", "Gómez", (MANAGERS,)),
    ("diego.santos", "Diego", "Santos", (MANAGERS,)),
)


@dataclass(frozen=True)
class People:
    importer: object
    programme: tuple
    finance: tuple
    managers: tuple


def create_people() -> People:
    """One user per name above, with their roles; the importer loads the seed file."""
    User = get_user_model()
    joined = at(datetime.date(2015, 1, 5))
    users = User.objects.bulk_create(
        [
            User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@example.org",
                password=NO_PASSWORD,
                date_joined=joined,
            )
            for username, first, last, _roles in PEOPLE
        ]
    )
    roles = (PROGRAMME_STAFF, FINANCE, MANAGERS)
    groups = {role: Group.objects.get_or_create(name=role)[0] for role in roles}
    through = User.groups.through
    through.objects.bulk_create(
        [
            through(user_id=user.pk, group_id=groups[role].pk)
            for user, (_u, _f, _l, roles) in zip(users, PEOPLE, strict=True)
            for role in roles
        ]
    )
    by_role = {
        role: tuple(u for u, person in zip(users, PEOPLE, strict=True) if person[3] == (role,))
        for role in roles
    }
    return People(users[0], by_role[PROGRAMME_STAFF], by_role[FINANCE], by_role[MANAGERS])
