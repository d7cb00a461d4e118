"""The benchmark harness's pure parts: example parameters, the report and its target checks."""

from __future__ import annotations

import importlib

import pytest

from benchmarks import figures, measure, report


def _timing(seconds: float) -> dict[str, float]:
    return {"median": seconds, "min": seconds * 0.9, "max": seconds * 1.2, "runs": 3}


def _build(extract: float) -> dict:
    seconds = {"read": 0.5, "extract_startup": 1.0, "extract": extract, "rdf": 1.0}
    seconds |= {"store": 0.5, "rdflib_parse": 1.0, "shacl": 2.0, "tokenizer": 1.0}
    return {"seconds": seconds, "skipped": {}, "words": 10_000, "facts": 50, "triples": 900,
            "peak_rss_mb": 300.0}  # fmt: skip


def _results() -> dict:
    scale = {
        "n": 1,
        "corpus": {"files": 5, "words": 7636,
                   "distinct_names": {"Drug": 20, "brand": 21, "Target": 6, "CancerType": 28}},
        "builds": [_build(4.0), _build(5.0), _build(6.0)],
        "queries": {"queries": {
            "fast": {"params": {}, "oxigraph": _timing(0.002), "rdflib": _timing(0.05), "rows": 3,
                     "rdflib_rows": 3},
            "broken": {"params": {"drug": "x"}, "error": "'x' is ambiguous"},
        }},
        "lookup": {"lookup": _timing(0.4), "baseline": _timing(0.25)},
        "exports": {"skipped": "immunokg.graph.export.registry not importable (boom)"},
    }  # fmt: skip
    machine = {"cpu": "Test CPU", "cores": 2, "usable_cores": 2, "ram_gb": 8.0, "os": "Linux",
               "python": "3.11", "load_average": (1.0, 1.0, 1.0), "date": "2026-01-01 00:00 UTC",
               "versions": {"rdflib": "7.0"}}  # fmt: skip
    return {"machine": machine, "settings": {"scales": "1", "repeat": 3}, "scales": [scale]}


@pytest.mark.parametrize(
    ("example", "params"),
    [
        ("immunokg query documents", {}),
        ("immunokg query drugs-targeting -p target PD-1", {"target": "PD-1"}),
        ('immunokg query drugs-in-class -p class "checkpoint inhibitor"',
         {"class": "checkpoint inhibitor"}),
        ("immunokg query e -p subject a -p relation targets -p object PD-1",
         {"subject": "a", "relation": "targets", "object": "PD-1"}),
    ],
)  # fmt: skip
def test_example_params_reads_the_p_pairs(example: str, params: dict[str, str]) -> None:
    assert measure.example_params(example) == params


def test_spread_gives_median_and_range() -> None:
    assert report.spread([3.0, 1.0, 2.0]) == "2.00 (1.00–3.00)"
    assert report.spread([None]) == "–"
    assert report.spread([1500.0], 0) == "1,500"


def test_report_has_each_section_with_medians_and_spreads() -> None:
    text = report.markdown(_results())
    for heading in (
        "## Machine",
        "## Corpus",
        "## Build",
        "## Extraction throughput",
        "## Named queries",
        "## A lookup's whole process",
        "## Targets",
        "## Notes",
    ):
        assert heading in text  # fmt: skip
    assert "| 1x | 0.50 (0.50–0.50) | 1.00 (1.00–1.00) | 5.00 (4.00–6.00) |" in text
    assert "| fast | 2.0 (1.8–2.4) | 50.0 (45.0–60.0) | 25.0 | 3 |" in text
    assert "| broken | error: 'x' is ambiguous |" in text
    assert "exports: immunokg.graph.export.registry not importable (boom)" in text


def test_targets_are_judged_from_the_figures() -> None:
    text = report.markdown(_results())
    assert "**MISSED**: extraction / tokenizer words per second = 0.200" in text
    assert "**met**: slowest named query 2.0 ms" in text
    assert "**MISSED**: lookup process / `import rdflib` process = 1.60" in text
    assert "**not measured**: linear growth" in text


def _scale(n: int, extract: float, jobs: int, **extra: float) -> dict:
    builds = []
    for build in (_build(extract),):
        build["seconds"] |= {"finish": 1.0, **extra}
        build["jobs"] = jobs
        build["peak_rss_mb"] = 1500.0
        builds.append(build)
    return {"n": n, "builds": builds}


def test_growth_ratio_and_1000x_targets_come_from_the_two_builds() -> None:
    targets = importlib.import_module("benchmarks.targets")
    # totals: 6 s besides extraction (finish included): 100x 16 s, 1000x 186 s
    lines = "\n".join(targets.targets([_scale(100, 10.0, 2), _scale(1000, 180.0, 2)]))
    assert "**met**: 1000x build / 100x build = 11.6 (target ≤ 12)" in lines
    assert "**met**: 1000x build in 186 s (target < 300 s)" in lines
    assert "**met**: 1000x peak memory 1,500 MB" in lines
    slower = "\n".join(targets.targets([_scale(100, 10.0, 2), _scale(1000, 400.0, 2)]))
    assert "**MISSED**: 1000x build / 100x build = 25.4" in slower
    assert "**MISSED**: 1000x build in 406 s" in slower


def test_growth_is_not_judged_across_different_jobs() -> None:
    targets = importlib.import_module("benchmarks.targets")
    lines = "\n".join(targets.targets([_scale(100, 10.0, 1), _scale(1000, 190.0, 2)]))
    assert "**not measured**: linear growth: the 100x and 1000x builds ran with different" in lines


def test_parallel_speedup_is_taken_from_the_largest_scale_that_measured_it() -> None:
    targets = importlib.import_module("benchmarks.targets")
    small = _scale(100, 10.0, 2)
    small["builds"][0] |= {"speedup_jobs": 1}
    small["builds"][0]["seconds"]["extract_jobs1"] = 18.0
    lines = "\n".join(targets.targets([small, _scale(1000, 190.0, 2)]))
    assert "**met**: extraction with 2 jobs is 1.80x as fast as with 1 at 100x" in lines


def test_total_counts_finish_when_measured_and_tolerates_older_runs() -> None:
    assert figures.build_total(_build(4.0)) == 9.0
    assert figures.build_total(_scale(1, 4.0, 1)["builds"][0]) == 10.0


def test_tokenizer_ratio_uses_one_process_extraction_only() -> None:
    two_jobs = _build(4.0) | {"jobs": 2}
    assert report.throughput(two_jobs) == (None, 10_000.0)
    two_jobs["seconds"]["extract_jobs1"] = 8.0
    assert report.throughput(two_jobs) == (1_250.0, 10_000.0)
    assert report.throughput(_build(4.0)) == (2_500.0, 10_000.0)


def test_the_header_names_the_commit_and_the_machine():
    results = _results()
    results["machine"]["commit"] = "abc1234"
    page = report.markdown(results)
    header = page.split("\n\n")[1]
    assert "at commit abc1234" in header and "Test CPU (2 cores, 8.0 GB RAM)" in header
    assert "load average at start 1.0" in header


def test_the_scale_out_section_says_which_run_made_each_figure():
    from benchmarks.scale_report import BEGIN, with_scale_out

    def run(seconds, peak):
        return {
            "seconds": seconds,
            "peak_rss_mb": peak,
            "status": 0,
            "command": "immunokg build",
            "date": "2026-01-02 03:04 UTC",
            "load_before": 0.5,
        }

    figures = {
        "commit": "abc1234",
        "arguments": ["--memory 1000,3000"],
        "machine": {"cpu": "Test CPU", "cores": 2, "ram_gb": 8.0},
        "overhead": {"n": 100, "local": run(30.0, 500), "dask": run(45.0, 600), "identical": True},
        "memory": [
            {"n": 1000, "words": 7, "streamed": {**run(300, 1000), "streamed": True}},
            {"n": 3000, "words": 21, "streamed": {**run(900, 1200), "streamed": True}},
        ],
    }
    page = with_scale_out("# Benchmarks\n\n## Notes\n\n- x\n", figures)
    assert page.index(BEGIN) < page.index("## Notes")
    assert "1.50x the local build's wall time" in page
    assert "peak(3000x) / peak(1000x) = 1.20" in page
    assert "2026-01-02 03:04 UTC | 0.50 |" in page and "at commit abc1234" in page
    again = with_scale_out(page, {**figures, "commit": "def5678"})
    assert again.count(BEGIN) == 1 and "def5678" in again and "abc1234" not in again
