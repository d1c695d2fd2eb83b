"""Figures derived from many rows, kept in the cache until the data they are computed from changes.

What is owed per institution, the activities counted per line, the network's counts: each is
one query over every row of its tables, so it costs more as the register grows (26 ms for the
owed calculation at 6,700 institutions). Pages ask for the same figure far more often than
anyone changes the rows behind it, so a figure is kept in the cache under a key that names the
version of the data it was computed from.

That version is the newest history row (its id and time) of each table in FIGURE_TABLES, read
in one query of primary-key look-ups, once per GET request (DataVersionMiddleware). Every write
leaves a history row (django-simple-history; the bulk writes write theirs with
bulk_create_with_history, or on PostgreSQL the importer's budget.exchange.rows.history_in_bulk),
so a committed write to any of those tables changes the version and the next read computes its
figures again. Two limits, both bounded by TIMEOUT: a history id is
taken when its row is inserted, not when it commits, so a figure read while two writes commit
out of order can be filed under the later one's version; and countries, which have no history,
are not part of the version.
"""

import functools
import hashlib
import uuid
import weakref
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import TypeVar

from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

from .roles import roles_of

T = TypeVar("T")

# Seconds a figure is kept at most, whatever the version: the bound on the limits above.
TIMEOUT = 60

# The tables the kept figures read. A figure computed from another table must add it here.
FIGURE_TABLES = (
    "members.MemberInstitution",
    "members.ContributionAgreement",
    "budget.Contribution",
    "budget.ExchangeRate",
    "budget.Budget",
    "budget.IncomeEstimate",
    "budget.Subprogramme",
    "programme.Biennium",
    "programme.Section",
    "programme.LineOfAction",
    "programme.Paragraph",
    "programme.Footnote",
    "programme.Activity",
    "translations.TextTranslation",
    "review.ReviewNote",
)

# The version read in this request, when the request writes nothing (DataVersionMiddleware).
_in_request: ContextVar[dict | None] = ContextVar("data_version_in_request", default=None)


def data_version() -> str:
    """The id and time of the newest history row of each of FIGURE_TABLES, in one query. (The
    time too: SQLite gives a rolled-back row's id again.)"""
    memo = _in_request.get()
    if memo is not None and "version" in memo:
        return memo["version"]
    with connection.cursor() as cursor:
        version = " ".join(str(value) for value in _read_version(cursor))
    if memo is not None:
        memo["version"] = version
    return version


@functools.cache
def _version_sql(vendor: str) -> str:
    # Built once per database kind: simple_history makes a new manager class at each
    # `Model.history` (about 0.8 ms each: 12 ms for FIGURE_TABLES).
    quote = connection.ops.quote_name
    tables = [apps.get_model(label).history.model._meta.db_table for label in FIGURE_TABLES]
    newest = ", ".join(
        f"(SELECT history_id || ' ' || history_date FROM {quote(table)} "  # noqa: S608
        "ORDER BY history_id DESC LIMIT 1)"
        for table in tables
    )
    return f"SELECT {newest}"


# On PostgreSQL the query is prepared once per database session: planning its fifteen
# sub-queries took 0.9 ms of its 1.1 ms at every request. The session's prepared statement
# outlives a rolled-back transaction, so only a new connection prepares it again. (Behind a
# pooler that hands one client several server sessions, such as PgBouncer in transaction mode,
# this would fail: the deployment connects to PostgreSQL directly.)
_STATEMENT = "cinterfor_data_version"
_prepared_on: weakref.WeakSet = weakref.WeakSet()  # the raw connections that have it


def _read_version(cursor) -> tuple:
    sql = _version_sql(connection.vendor)
    if connection.vendor != "postgresql":
        cursor.execute(sql)
        return cursor.fetchone()
    raw = connection.connection
    if raw in _prepared_on:
        cursor.execute(f"EXECUTE {_STATEMENT}")
        return cursor.fetchone()
    # One round trip and one query in the counts, like the others: the two statements go as
    # one simple query, whose second result holds the row. (Simple queries are what Django's
    # default client-side binding sends; OPTIONS["server_side_binding"] would refuse the pair.)
    cursor.execute(f"PREPARE {_STATEMENT} AS {sql}; EXECUTE {_STATEMENT}")
    cursor.nextset()
    row = cursor.fetchone()
    _prepared_on.add(raw)
    return row


def cached_figure(name: str, parts: Iterable, compute: Callable[[], T]) -> T:
    """`compute()`, or what it gave last for these parts at this version of the data.
    `parts` must name everything the figure depends on besides FIGURE_TABLES' rows."""
    described = repr((connection.settings_dict["NAME"], *parts, data_version()))
    key = f"figure:{name}:{hashlib.blake2b(described.encode(), digest_size=20).hexdigest()}"
    found = cache.get(key, _MISSING)
    if found is _MISSING:
        found = compute()
        cache.set(key, found, TIMEOUT)
    return found


_MISSING = object()


class PageKey:
    """What a part of a page kept in the cache varies with: the data's version, the address
    with its query (filters, sort, page), the language, the reader's roles and today's date.
    A template keeps a part with `{% cache page_cache.seconds "name" page_cache.key %}`; the
    part must show nothing else of the reader's (no CSRF token, no messages). Worked out only
    when a template asks, so a page without such a part reads no version."""

    def __init__(self, request):
        self.request = request
        # A page drawn for a POST (a form sent back with its errors) is never kept or reused.
        self.reusable = request.method in ("GET", "HEAD")
        self.seconds = TIMEOUT if self.reusable else 0

    @functools.cached_property
    def key(self) -> str:
        if not self.reusable:
            return uuid.uuid4().hex
        user = self.request.user
        roles = "superuser" if user.is_superuser else ",".join(sorted(roles_of(user)))
        return " ".join(
            (
                data_version(),
                self.request.get_full_path(),
                get_language() or "",
                roles,
                timezone.localdate().isoformat(),
            )
        )

    @functools.cached_property
    def reader_key(self) -> str:
        """The key of a part that holds forms: also the reader's CSRF secret, so the tokens
        kept in it are the reader's own (a part kept for one reader, reused only by them)."""
        if not self.reusable:
            return self.key
        get_token(self.request)  # makes the secret now if the reader has none yet
        secret = self.request.META["CSRF_COOKIE"]
        return f"{self.key} {hashlib.blake2b(secret.encode(), digest_size=16).hexdigest()}"


def page_cache(request) -> dict:
    """The context processor that offers templates their PageKey."""
    return {"page_cache": PageKey(request)}


class DataVersionMiddleware:
    """A GET or HEAD request writes nothing, so it reads the data's version once for all the
    figures it shows; any other request reads it at each figure, after what it wrote."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = _in_request.set({})
        try:
            return self.get_response(request)
        finally:
            _in_request.reset(token)
