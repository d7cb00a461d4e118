"""Atomic writes and the file names of two-file formats."""

from __future__ import annotations

import os
import stat

from immunokg.graph.export.write import pair_paths, write_atomic


def test_a_trailing_slash_or_an_existing_directory_gets_nodes_and_edges(tmp_path) -> None:
    assert pair_paths(f"{tmp_path}/new/", "tsv") == (
        tmp_path / "new" / "nodes.tsv",
        tmp_path / "new" / "edges.tsv",
    )
    assert pair_paths(tmp_path, "csv") == (tmp_path / "nodes.csv", tmp_path / "edges.csv")


def test_any_other_path_is_a_prefix(tmp_path) -> None:
    assert pair_paths(tmp_path / "immunokg", "tsv") == (
        tmp_path / "immunokg_nodes.tsv",
        tmp_path / "immunokg_edges.tsv",
    )


def test_write_creates_parents_and_replaces_the_old_file(tmp_path) -> None:
    target = tmp_path / "a" / "b" / "out.txt"
    write_atomic(target, "first")
    write_atomic(target, b"second")
    assert target.read_text() == "second"
    assert sorted(path.name for path in target.parent.iterdir()) == ["out.txt"]


def test_written_files_follow_the_umask_not_mkstemp(tmp_path) -> None:
    previous = os.umask(0o022)
    try:
        path = write_atomic(tmp_path / "shared.txt", "x")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
