import pytest
from django.conf import settings
from django.core.management import call_command


@pytest.fixture
def proposal_2020_21(db):
    """The shipped 2020–21 proposal, imported as `make run` loads it."""
    from programme.models import Biennium

    call_command("import_proposal", str(settings.SEED_PROPOSAL_FILE), verbosity=0)
    return Biennium.objects.get(start_year=2020)
