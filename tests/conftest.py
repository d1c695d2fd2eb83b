import pytest
from django.conf import settings
from django.core.management import call_command


@pytest.fixture
def proposal_2020_21(db):
    """The shipped 2020–21 proposal, imported as `make run` loads it."""
    from programme.models import Biennium

    call_command("import_proposal", str(settings.SEED_PROPOSAL_FILE), verbosity=0)
    return Biennium.objects.get(start_year=2020)


@pytest.fixture
def staff(db):
    from tests.factories import staff_user

    return staff_user()


@pytest.fixture
def finance(db):
    from tests.factories import finance_user

    return finance_user()


@pytest.fixture
def manager(db):
    from tests.factories import manager_user

    return manager_user()


@pytest.fixture
def second_manager(db):
    from tests.factories import manager_user

    return manager_user()
