"""Every page of the site reads the same number of queries, and prints about as much, with
three times the data.

The generator (benchmarks.generator) builds the data at two scales, one after the other in
the same test, each rolled back; every page of tests/browser/site_pages.py is then opened
by an administrator, who may open them all, with nothing kept in the cache: each visit
computes its page, as the first one after a write does.
"""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.generator import generate
from programme.models import Biennium
from tests.browser.site_pages import PAGES
from tests.test_permission_matrix import _kwargs, objects_of

# Large enough that every paged list fills its first page at the smaller scale.
SCALES = (6, 18)
# What a full page may gain with three times the data: longer counts and totals.
LONGER_AT_MOST = 1.1


class Undo(Exception):
    """Raised to roll the data of one scale back."""


def queries_and_bytes(client, scale: int) -> dict[str, tuple[int, int]]:
    counts = {}
    try:
        with transaction.atomic():
            generate(seed_file=settings.SEED_PROPOSAL_FILE, scale=scale, past_scale=1)
            objects = objects_of(Biennium.objects.get(start_year=2020))
            client.force_login(
                get_user_model().objects.create_superuser("steward", "s@example.org", "x")
            )
            for name in PAGES:
                url = reverse(name, kwargs=_kwargs(name, objects))
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url)
                assert response.status_code == 200, (name, url, response.status_code)
                counts[name] = (len(queries), len(response.content))
            raise Undo
    except Undo:
        return counts


@pytest.mark.django_db
def test_no_page_reads_more_queries_or_prints_more_rows_with_more_data(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    small, large = (queries_and_bytes(client, scale) for scale in SCALES)
    more_queries = {
        name: (small[name][0], large[name][0]) for name in PAGES if large[name][0] != small[name][0]
    }
    longer = {
        name: (small[name][1], large[name][1])
        for name in PAGES
        if large[name][1] > LONGER_AT_MOST * small[name][1]
    }
    assert more_queries == {}
    assert longer == {}  # a page that prints every row of a table that grows
