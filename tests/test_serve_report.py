"""The load benchmark's section of docs/benchmarks.md: replaced in place, kept by a new report."""

from __future__ import annotations

from benchmarks.serve_report import BEGIN, END, _phase, kept, replace_section


def test_a_new_load_section_replaces_the_old_and_keeps_the_rest():
    page = replace_section("# Benchmarks\n\nintro\n", "## Serving under load\nold\n")
    assert page.count(BEGIN) == 1 and page.startswith("# Benchmarks\n\nintro\n")
    again = replace_section(page + "\n## Later\ntext\n", "## Serving under load\nnew\n")
    assert "old" not in again and "new" in again and again.endswith("## Later\ntext\n")


def test_a_rewritten_report_keeps_the_load_section():
    previous = replace_section("# Benchmarks\n", "## Serving under load\nfigures\n")
    page = kept(previous, "# Benchmarks\n\nnew build figures\n")
    assert "new build figures" in page and "figures\n" + END in page
    assert kept("# no section\n", "# new\n") == "# new\n"


def test_a_phase_says_where_the_cpu_went_and_which_jobs_were_shared():
    figures = {"requests": 10, "per_second": 1.0, "p50": 5.0, "p95": 9.0, "p99": 9.5}
    figures |= {"max": 9.9, "errors": {}}
    run = {
        "pause": 1.0,
        "seconds": 10.0,
        "server_memory_mb": 300,
        "cache": {"size": 512, "hits": 2, "misses": 6, "shared": 2},
        "cpu_seconds": {"load generator": 5.0, "web process": 2.5, "query workers": 12.0},
        "figures": dict.fromkeys(("all", "named lookups", "entity pages"), figures),
    }
    text = "\n".join(_phase(run))
    assert "2 of the 10 jobs the requests asked for (20%) were answered from it" in text
    assert "2 waited for the same job already running" in text
    assert "load generator 5.0 s (50% of a core)" in text
    assert "query workers 12.0 s (120% of a core)" in text
    assert "**met**" in text
    del run["cpu_seconds"]
    assert "CPU time" not in "\n".join(_phase(run))


def test_a_phase_without_a_pause_is_not_held_to_the_target():
    figures = {"requests": 10, "per_second": 100.0, "p50": 400.0, "p95": 600.0, "p99": 700.0}
    figures |= {"max": 900.0, "errors": {}}
    run = {
        "pause": 0.0,
        "clients": 50,
        "seconds": 10.0,
        "server_memory_mb": 300,
        "cache": {"size": 512, "hits": 2, "misses": 6, "shared": 1, "dropped": 1},
        "figures": dict.fromkeys(("all", "named lookups", "entity pages"), figures),
    }
    text = "\n".join(_phase(run))
    assert "MISSED" not in text and "**met**" not in text
    assert "Not the target's phase" in text and "more than 1,000 requests a second" in text
    assert "1 were dropped because every client asking had gone" in text
