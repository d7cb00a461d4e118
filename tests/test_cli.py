"""The command-line group: version, help, error handling."""

from __future__ import annotations

from click.testing import CliRunner

from immunokg.graph.cli.main import main


def test_version_names_the_package_version() -> None:
    from importlib.metadata import version

    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert version("immunokg") in result.output


def test_seeds_lists_the_five_bundled_texts() -> None:
    result = CliRunner().invoke(main, ["seeds"])
    assert result.exit_code == 0
    rows = result.output.strip().splitlines()[1:]
    assert len(rows) == 5
    assert any("National Cancer Institute" in row for row in rows)


def test_missing_path_is_reported_without_traceback(tmp_path) -> None:
    result = CliRunner().invoke(main, ["corpus", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert "nope.txt" in result.output
    assert "Traceback" not in result.output


def test_corpus_of_the_seeds_shows_every_title():
    result = CliRunner().invoke(main, ["corpus"])
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines()[1:] if "\t" in line]
    assert len(rows) == 5 and all(row[-1] for row in rows), rows


def test_no_seed_points_at_a_staging_host():
    result = CliRunner().invoke(main, ["seeds"])
    assert "beta." not in result.output and "docker" not in result.output


def test_extract_takes_jobs_like_build():
    result = CliRunner().invoke(main, ["extract", "--help"])
    assert "-j, --jobs" in result.output
