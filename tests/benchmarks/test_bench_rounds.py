"""The page bench's rounds: every request timed, and a page's queries counted at a visit that
computes it (on an empty cache) and at its last, kept, visit."""

from benchmarks.cache import ColdVisitLocMemCache, cold_request
from benchmarks.runner import Probe, Response, measure_in_rounds


class KeptAfterFirstVisit:
    """A server whose page is computed (10 queries) at a cold or first visit, then kept (5)."""

    def __init__(self, computed_again_at: int | None = None):
        self.visits = 0
        self.computed_again_at = computed_again_at

    def get(self, path: str, *, cold: bool = False) -> Response:
        self.visits += 1
        computed = cold or self.visits in (1, self.computed_again_at)
        headers = {"x-bench-queries": "10" if computed else "5"}
        return Response(200, headers, b"<html></html>", 0.01)


def probe(client, scale: int) -> Probe:
    return Probe(client=client, page="Lines of action", role="Programme staff",
                 url="/lines/", scale=scale, model="programme.LineOfAction")  # fmt: skip


def test_a_page_counts_the_queries_of_a_cold_visit_whatever_its_last_visit_found():
    # At 1× the last timed request finds the page's parts expired; at 100× it finds them kept.
    at_one, at_hundred = KeptAfterFirstVisit(computed_again_at=5), KeptAfterFirstVisit()
    runs = measure_in_rounds(
        [probe(at_one, 1), probe(at_hundred, 100)], repeat=3, budget_seconds=60
    )
    assert [run.queries for run in runs] == [10, 10]
    assert [run.kept_queries for run in runs] == [10, 5]
    assert [len(run.seconds) for run in runs] == [3, 3]
    assert at_one.visits == at_hundred.visits == 6  # two to warm up, three timed, one cold


def test_a_cold_visit_sees_an_empty_cache_that_keeps_only_its_own_writes():
    cache = ColdVisitLocMemCache("bench-test", {})
    cache.set("menu", "kept by an earlier visit")
    with cold_request():
        assert cache.get("menu") is None and not cache.has_key("menu")
        cache.set("figures", "computed by this visit")
        assert cache.get_many(["figures", "menu"]) == {"figures": "computed by this visit"}
        assert cache.add("figures", "again") is False
        assert cache.delete("menu") is False  # not its to delete
    assert cache.get("menu") == "kept by an earlier visit"
    assert cache.get("figures") is None  # the cold visit left nothing behind
