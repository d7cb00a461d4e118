"""The load benchmark's section of docs/benchmarks.md: replaced in place, kept by a new report."""

from __future__ import annotations

from benchmarks.serve_report import BEGIN, END, kept, replace_section


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
