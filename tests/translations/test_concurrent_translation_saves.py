"""Two editors saving the same new translation at once, on PostgreSQL in two real transactions:
the second waits for the first, then is told someone saved first; one translation is stored."""

import pytest
from django.db import connection

from cinterfor.concurrency import ConcurrentEdit
from tests.factories import manager_user, staff_user
from tests.races import WAIT, Side
from tests.services import require
from translations import services
from translations.models import TextTranslation
from translations.sources import digest, source_texts

pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def postgresql():
    require(
        "PostgreSQL",
        connection.vendor == "postgresql",
        "row locks need PostgreSQL (DATABASE_URL is SQLite)",
    )


def test_of_two_first_translations_at_once_the_second_is_refused(proposal_2020_21):
    staff, manager = staff_user(), manager_user()
    source = source_texts(biennium=proposal_2020_21)["line:a.heading"]

    def save(by, text):
        return lambda: services.translation_save(
            biennium=proposal_2020_21,
            key=source.key,
            language="es",
            text=text,
            by=by,
            seen_version=0,
            seen_source_digest=digest(source.text),
        )

    first = Side(save(staff, "Primera"), hold=True)
    first.start()
    assert first.done_work.wait(WAIT)
    second = Side(save(manager, "Segunda"))
    second.start()
    second.join(0.5)
    assert second.is_alive(), "the second save went ahead while the first was under way"
    first.release.set()
    first.join(WAIT)
    second.join(WAIT)
    assert first.error is None
    assert isinstance(second.error, ConcurrentEdit)
    assert list(TextTranslation.objects.values_list("text", flat=True)) == ["Primera"]
