"""Which files a corpus holds and their ids: unique ids from paths (issue 14, failure 2) and links
reported, never dropped in silence (failure 5)."""

from __future__ import annotations

import os
from pathlib import Path

from immunokg.extract.read.corpus import READERS, read_corpus
from immunokg.extract.read.paths import corpus_files

SENTENCE = "Pembrolizumab is a PD-1 inhibitor.\n"


def _files(tmp_path: Path, *names: str) -> Path:
    for name in names:
        path = tmp_path / "corpus" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(SENTENCE, encoding="utf-8")
    return tmp_path / "corpus"


def test_ids_are_paths_under_the_root_and_a_root_file_keeps_its_stem(tmp_path: Path) -> None:
    root = _files(tmp_path, "a/notes.txt", "b/notes.txt", "b/notes.md", "top.md")
    corpus = read_corpus([root])
    assert corpus.problems == []
    assert [d.id for d in corpus.documents] == ["a/notes", "b/notes.md", "b/notes.txt", "top"]


def test_a_folder_of_index_pages_gives_each_page_its_own_id(tmp_path: Path) -> None:
    root = _files(tmp_path, "faq/index.html", "guide/index.html", "index.html")
    assert [d.id for d in read_corpus([root]).documents] == ["faq/index", "guide/index", "index"]


def test_colliding_files_build_one_graph_naming_each(tmp_path: Path) -> None:
    """The collision used to fail SHACL (two SHA-256 for doc:notes); now three documents."""
    from immunokg.graph.build.triples import build_ntriples

    root = _files(tmp_path, "a/notes.txt", "b/notes.txt", "b/notes.md")
    documents = read_corpus([root]).documents
    lines = build_ntriples(documents, []).lines
    identifiers = sorted(line.split(" ", 2)[2] for line in lines if "/terms/identifier>" in line)
    assert identifiers == ['"a/notes" .', '"b/notes.md" .', '"b/notes.txt" .']


def test_files_given_one_by_one_are_named_from_their_common_folder(tmp_path: Path) -> None:
    root = _files(tmp_path, "a/notes.txt", "b/notes.txt")
    files = corpus_files([root / "a" / "notes.txt", root / "b" / "notes.txt"], READERS, [])
    assert [f.id for f in files] == ["a/notes", "b/notes"]
    (single,) = corpus_files([root / "a" / "notes.txt"], READERS, [])
    assert single.id == "notes"


def test_a_dangling_link_is_reported(tmp_path: Path) -> None:
    root = _files(tmp_path, "good.txt")
    (root / "gone.txt").symlink_to(root / "missing.txt")
    corpus = read_corpus([root])
    assert [d.id for d in corpus.documents] == ["good"]
    assert corpus.problems == [
        f"{root / 'gone.txt'}: broken link (its target {root / 'missing.txt'} does not exist)"
    ]


def test_a_link_loop_is_reported(tmp_path: Path) -> None:
    root = _files(tmp_path, "good.txt", "sub/inner.md")
    (root / "sub" / "up").symlink_to(root)  # a folder link back to the corpus root
    (root / "self.txt").symlink_to(root / "self.txt")  # a link to itself
    corpus = read_corpus([root])
    assert [d.id for d in corpus.documents] == ["good", "sub/inner"]
    assert sorted(corpus.problems) == [
        f"{root / 'self.txt'}: link loop (the link leads back to itself)",
        f"{root / 'sub' / 'up'}: link loop (leads back to a folder above it)",
    ]


def test_a_file_reached_twice_is_read_once_and_said_so(tmp_path: Path) -> None:
    root = _files(tmp_path, "a.txt")
    (root / "b.txt").symlink_to(root / "a.txt")
    corpus = read_corpus([root])
    assert [d.id for d in corpus.documents] == ["a"]
    assert corpus.problems == [
        f"{root / 'b.txt'}: the same file as {root / 'a.txt'} (reached twice); read once"
    ]


def test_a_linked_folder_outside_the_corpus_is_read_under_its_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.md").write_text(SENTENCE, encoding="utf-8")
    root = _files(tmp_path, "a.txt")
    (root / "more").symlink_to(outside)
    corpus = read_corpus([root])
    assert ([d.id for d in corpus.documents], corpus.problems) == (["a", "more/x"], [])


def test_a_folder_linked_twice_is_read_once_and_said_so(tmp_path: Path) -> None:
    root = _files(tmp_path, "a/x.txt")
    (root / "b").symlink_to(root / "a")
    corpus = read_corpus([root])
    assert [d.id for d in corpus.documents] == ["a/x"]
    assert corpus.problems == [
        f"{root / 'b'}: the same folder as {root / 'a'} (reached twice); read once"
    ]


def test_hidden_files_and_other_suffixes_in_folders_are_not_corpus_files(tmp_path: Path) -> None:
    root = _files(tmp_path, "a.txt", ".hidden/b.txt", ".c.txt", "d.pdf")
    assert [d.id for d in read_corpus([root]).documents] == ["a"]
    assert read_corpus([root]).problems == []


def test_a_path_given_that_does_not_exist(tmp_path: Path) -> None:
    assert read_corpus([tmp_path / "nope"]).problems == [
        f"{tmp_path / 'nope'}: no such file or folder"
    ]


def test_a_fifo_given_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert read_corpus([tmp_path]).problems == [f"{fifo}: not a regular file or folder"]
