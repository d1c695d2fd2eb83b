"""The page bench's rounds: every request timed, and a page's queries those of a visit that
computed it, whichever request that was."""

from benchmarks.runner import Probe, Response, measure_in_rounds


class KeptAfterFirstVisit:
    """A server whose page is computed (10 queries) at the first visit, then kept (5)."""

    def __init__(self, computed_again_at: int | None = None):
        self.visits = 0
        self.computed_again_at = computed_again_at

    def get(self, path: str) -> Response:
        self.visits += 1
        computed = self.visits in (1, self.computed_again_at)
        headers = {"x-bench-queries": "10" if computed else "5"}
        return Response(200, headers, b"<html></html>", 0.01)


def probe(client, scale: int) -> Probe:
    return Probe(client=client, page="Lines of action", role="Programme staff",
                 url="/lines/", scale=scale, model="programme.LineOfAction")  # fmt: skip


def test_a_page_counts_the_queries_of_its_computing_visit_at_every_scale():
    # At 1× the last request finds its parts expired; at 100× it finds them kept.
    at_one, at_hundred = KeptAfterFirstVisit(computed_again_at=5), KeptAfterFirstVisit()
    runs = measure_in_rounds(
        [probe(at_one, 1), probe(at_hundred, 100)], repeat=3, budget_seconds=60
    )
    assert [run.queries for run in runs] == [10, 10]
    assert [len(run.seconds) for run in runs] == [3, 3]
    assert at_one.visits == at_hundred.visits == 5  # two to warm up, three timed
