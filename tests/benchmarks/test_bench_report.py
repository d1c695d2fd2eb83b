"""The page bench's verdicts and table, as pure functions of what it measured."""

from benchmarks.report import PageRun, Timed, check_aims, format_table, percentile


def page(
    name="Activities",
    scale=1,
    ms=100.0,
    queries=8,
    kb=20,
    status=200,
    model="programme.Activity",
    kept=5,
):
    return PageRun(
        page=name, role="Programme staff", scale=scale, seconds=(ms / 1000,) * 5,
        queries=queries, html_bytes=kb * 1024, status=status, model=model, kept_queries=kept,
    )  # fmt: skip


def bare(scale=100, ms=60.0, model="programme.Activity"):
    return page(name=f"bare {model}", scale=scale, ms=ms, model=model)


def verdicts(pages, bares=(), timed=()):
    return {aim.text: aim for aim in check_aims(pages, list(bares), list(timed))}


def test_percentiles_are_the_median_and_the_nearest_rank():
    values = [0.1 * n for n in range(1, 21)]
    assert percentile(values, 50) == (values[9] + values[10]) / 2
    assert percentile(values, 95) == values[18]


def test_a_page_as_fast_at_100x_as_at_1x_and_near_its_bare_list_meets_every_aim():
    aims = verdicts([page(scale=1), page(scale=100, ms=110)], [bare(ms=60)])
    assert all(aim.met for aim in aims.values())


def test_a_page_that_slows_down_with_the_data_misses_the_growth_aim():
    aims = verdicts([page(scale=1, ms=100), page(scale=100, ms=130)], [bare(ms=100)])
    growth = aims["p50 at 100× at most 1.2× its p50 at 1×"]
    assert not growth.met
    assert growth.misses == ("Activities (1.30×)",)
    assert "MISSED: Activities (1.30×)" in str(growth)


def test_a_page_over_twice_its_bare_list_misses_that_aim():
    aims = verdicts([page(scale=1, ms=100), page(scale=100, ms=100)], [bare(ms=40)])
    assert aims["p50 at 100× at most 2.0× the bare list's"].misses == ("Activities (2.50×)",)


def test_queries_over_15_or_growing_with_the_data_miss_their_aims():
    aims = verdicts([page(scale=1, queries=12), page(scale=100, queries=16)], [bare()])
    assert aims["at most 15 queries per page"].misses == ("Activities (16)",)
    assert aims["queries per page the same at every scale"].misses == ("Activities (12 → 16)",)


def test_a_page_over_300_kb_at_the_largest_scale_misses_the_size_aim():
    aims = verdicts([page(scale=1, kb=20), page(scale=100, kb=301)], [bare()])
    assert aims["no page over 300 KB at 100×"].misses == ("Activities (301 KB)",)


def test_an_error_page_misses_the_first_aim():
    aims = verdicts([page(scale=1), page(scale=100, status=500)], [bare()])
    assert aims["every page answers 200"].misses == ("Activities at 100× answered 500",)


def test_timed_jobs_are_met_at_their_limit_and_missed_over_it_or_when_they_failed():
    timed = [
        Timed("import 10,000 activities", 10.0, 10.0),
        Timed("import 10,000 contributions", 5.5, 5.0),
        Timed("exports", None, 0.5),
    ]
    aims = verdicts([page(scale=1), page(scale=100)], [bare()], timed)
    assert aims["import 10,000 activities in at most 10 s"].met
    assert aims["import 10,000 contributions in at most 5 s"].misses == ("5.50 s",)
    assert aims["exports in at most 0.5 s"].misses == ("failed",)


def test_the_table_has_a_row_per_page_with_each_scale_and_the_timed_jobs_after():
    pages = [
        page(scale=1, ms=100, queries=8),
        page(scale=100, ms=110, queries=8, kb=24, kept=4),
        page(name="Institutions", scale=1, ms=50, model="members.MemberInstitution"),
        page(name="Institutions", scale=100, ms=55, model="members.MemberInstitution"),
    ]
    table = format_table(pages, [bare(ms=60)], [Timed("import 10,000 activities", 7.25, 10)])
    lines = table.splitlines()

    assert [cell.strip() for cell in lines[0].split(" | ")[2:]] == [
        "p50 1×", "p95 1×", "p50 100×", "p95 100×", "bare p50 100×", "queries", "kept",
        "KB 100×",
    ]  # fmt: skip
    activities = [cell.strip() for cell in lines[2].split("|")]
    assert activities == ["Programme staff", "Activities", "100", "100", "110", "110",
                          "60 (Activity)", "8 / 8", "5 / 4", "24"]  # fmt: skip
    assert [cell.strip() for cell in lines[3].split("|")][1] == "Institutions"
    assert set(lines[4]) <= {"-", "+"}
    assert "import 10,000 activities" in lines[5] and "7.25 s" in lines[5]
    assert len({len(line) for line in lines[:3]}) == 1  # the columns line up
