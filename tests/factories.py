"""Users with roles, for tests that act as one of the workspace's people; rows made in bulk."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from simple_history.utils import bulk_create_with_history

from cinterfor.roles import FINANCE, MANAGERS, PROGRAMME_STAFF


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("a-long-test-password")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            # get_or_create: a transactional test empties the tables the migrations filled.
            self.groups.add(Group.objects.get_or_create(name=extracted)[0])


def staff_user(**kwargs):
    return UserFactory(role=PROGRAMME_STAFF, **kwargs)


def finance_user(**kwargs):
    return UserFactory(role=FINANCE, **kwargs)


def manager_user(**kwargs):
    return UserFactory(role=MANAGERS, **kwargs)


def created_in_bulk(model, rows):
    """Rows inserted in one statement with their history rows, as the application's bulk
    writes leave them (the figures pages keep are keyed by history: cinterfor.data_version)."""
    return bulk_create_with_history(list(rows), model)
