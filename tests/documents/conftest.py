import pytest

from documents.services import produce

from .seed import Seed, load


@pytest.fixture(scope="session")
def seed() -> Seed:
    """GB.337/PFA/3 as parsed from the seed file."""
    return load()


@pytest.fixture
def export_2020_21(proposal_2020_21):
    """Export the shipped 2020–21 proposal in one format, as the jobs do; returns the bytes."""

    def export(fmt: str, **kwargs) -> bytes:
        return produce(biennium=proposal_2020_21, fmt=fmt, **kwargs).data

    return export
