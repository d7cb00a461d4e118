"""Every evidence record points at verbatim pieces of its original file: seeds and all text sets."""

from __future__ import annotations

from pathlib import Path

import pytest

from immunokg.extract.engine.pipeline import extract_facts
from immunokg.extract.read.bundled import seed_paths
from immunokg.extract.read.corpus import READERS, read_corpus, read_original

DATA = Path(__file__).parent / "data"


def _text_sets() -> dict[str, list[Path]]:
    """The seeds and each folder of tests/data that holds texts (READMEs aside)."""
    sets: dict[str, list[Path]] = {"seeds": list(seed_paths())}
    for path in sorted(DATA.rglob("*")):
        if path.suffix.lower() in READERS and path.name != "README.md":
            sets.setdefault(path.parent.relative_to(DATA).as_posix(), []).append(path)
    return sets


TEXT_SETS = _text_sets()


def _normal(text: str) -> str:
    return " ".join(text.split())


def test_the_sets_include_every_genre_of_input() -> None:
    suffixes = {path.suffix for paths in TEXT_SETS.values() for path in paths}
    assert {".txt", ".md", ".html"} <= suffixes
    assert {"seeds", "unseen", "fresh_genres", "sealed", "extract"} <= set(TEXT_SETS)


@pytest.mark.parametrize("name", sorted(TEXT_SETS))
def test_every_span_is_verbatim_and_part_of_the_shown_sentence(name: str) -> None:
    corpus = read_corpus(TEXT_SETS[name])
    originals = {doc.id: read_original(doc.path) for doc in corpus.documents}
    records = [ev for fact in extract_facts(corpus.documents) for ev in fact.evidence]
    assert records, f"{name}: no evidence to check"
    for ev in records:
        original, sentence = originals[ev.document], _normal(ev.sentence)
        where = f"{name}/{ev.document} [{ev.start}:{ev.end}] {ev.sentence!r}"
        assert ev.spans, f"{where}: no spans"
        assert list(ev.spans) == sorted(ev.spans), where
        for before, after in zip(ev.spans, ev.spans[1:], strict=False):
            assert before.end <= after.start, f"{where}: spans overlap"
        for span in ev.spans:
            assert ev.start <= span.start < span.end <= ev.end <= len(original), where
            piece = _normal(original[span.start : span.end])
            assert piece and piece in sentence, f"{where}: {piece!r} is not in the sentence"


def test_a_list_item_has_its_introducing_line_and_the_item(tmp_path: Path) -> None:
    path = tmp_path / "leaflet.md"
    path.write_text(
        "# Pembrolizumab\n\nCommon side effects of pembrolizumab include:\n\n- fatigue\n- **rash**\n",
        encoding="utf-8",
    )
    facts = extract_facts(read_corpus([path]).documents)
    original = read_original(path)
    pieces = {
        fact.object_label: [original[s.start : s.end] for s in ev.spans]
        for fact in facts
        if fact.relation == "has_side_effect"
        for ev in fact.evidence
    }
    assert pieces == {
        "fatigue": ["Common side effects of pembrolizumab include", "fatigue"],
        "rash": ["Common side effects of pembrolizumab include", "rash"],
    }
