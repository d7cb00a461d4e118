"""What each earlier gold set must hold, whatever the engine does: formats, page sizes,
markup, relations used, lexicon coverage; and the held-out HTML page's hidden text."""

from __future__ import annotations

import re
from pathlib import Path

from immunokg.extract.evaluate.goldfile import read_aliases, read_gold
from immunokg.extract.rules.lexicon import load_lexicon

DATA = Path(__file__).parent / "data"
UNSEEN, HELDOUT = DATA / "unseen", DATA / "heldout"
FRESH, COVERAGE = DATA / "fresh_rules", DATA / "lexicon_coverage"
TEXT_SUFFIXES = (".txt", ".md", ".html")


def _texts(folder: Path) -> dict[str, str]:
    return {
        p.stem: re.sub(r"\s+", " ", p.read_text(encoding="utf-8"))
        for p in sorted(folder.iterdir())
        if p.suffix in TEXT_SUFFIXES and p.name != "README.md"
    }


def test_unseen_set_has_texts_in_both_formats_and_front_matter() -> None:
    assert {".txt", ".md"} <= {path.suffix for path in UNSEEN.iterdir()}
    for path in UNSEEN.glob("*.md"):
        assert path.read_text(encoding="utf-8").startswith("---\n")


def test_navigation_and_script_text_of_the_heldout_html_page_yield_no_facts() -> None:
    from immunokg.extract.engine.pipeline import extract_facts
    from immunokg.extract.read.corpus import read_corpus

    corpus = read_corpus([next(HELDOUT.glob("*.html"))])
    found = {
        (f.subject.label.casefold(), f.object_label.casefold())
        for f in extract_facts(corpus.documents)
    }
    assert ("pembrolizumab", "melanoma") not in found
    assert ("rituximab", "lymphoma") not in found
    assert ("brentuximab vedotin", "hodgkin lymphoma") in found


def test_heldout_set_mixes_formats_with_front_matter_and_real_markup() -> None:
    texts = [p for p in HELDOUT.iterdir() if p.suffix in TEXT_SUFFIXES and p.name != "README.md"]
    suffixes = [path.suffix for path in texts]
    assert len(suffixes) == 5 and {".txt", ".md", ".html"} <= set(suffixes)
    for path in (p for p in texts if p.suffix == ".md"):
        assert path.read_text(encoding="utf-8").startswith("---\n"), path.name
    page = next(HELDOUT.glob("*.html")).read_text(encoding="utf-8")
    for tag in ("<h2>", "<p>", "<ul>", "<li>", "<script", "<nav"):
        assert tag in page, tag


def test_heldout_texts_are_page_sized() -> None:
    for doc, text in _texts(HELDOUT).items():
        words = len(re.sub(r"<[^>]+>", " ", text).split())
        assert 400 <= words <= 900, f"{doc}: {words} words"


def test_heldout_gold_uses_every_relation_and_both_treats_statuses() -> None:
    rows = [row for row in read_gold(HELDOUT / "heldout.gold.tsv") if row.required]
    assert {row.relation for row in rows} == {
        "brand_name", "in_class", "subclass_of", "targets", "treats", "has_side_effect"
    }  # fmt: skip
    statuses = {row.status for row in rows if row.relation == "treats"}
    assert statuses == {"approved", "investigational"}


def test_heldout_aliases_fold_only_to_names_the_gold_uses() -> None:
    rows = read_gold(HELDOUT / "heldout.gold.tsv")
    names = {name for row in rows for name in (row.subject, row.object)}
    entries = read_aliases(HELDOUT / "heldout.aliases.tsv").entries
    assert [entry.canonical for entry in entries if entry.canonical not in names] == []


def test_fresh_rules_set_has_seven_page_sized_texts_in_both_formats() -> None:
    texts = _texts(FRESH)
    assert len(texts) == 7
    assert {p.suffix for p in FRESH.iterdir()} >= {".txt", ".md"}
    for doc, text in texts.items():
        assert 300 <= len(text.split()) <= 650, doc
    for path in FRESH.glob("f*.md"):
        assert path.read_text(encoding="utf-8").startswith("---\n"), path.name


def test_every_required_coverage_entity_is_a_lexicon_name_or_has_an_alias_that_is() -> None:
    """The point of the set: no required fact may name an entity the lexicon cannot see."""
    aliases = {
        e.canonical: e.aliases
        for e in read_aliases(COVERAGE / "lexicon_coverage.aliases.tsv").entries
    }
    lexicon = load_lexicon()
    missing = set()
    for row in read_gold(COVERAGE / "lexicon_coverage.gold.tsv"):
        if not row.required:
            continue
        names = [row.subject] if row.relation == "brand_name" else [row.subject, row.object]
        for name in names:
            if not any(lexicon.lookup(n) for n in (name, *aliases.get(name, ()))):
                missing.add(name)
    assert missing == set()


def test_every_required_coverage_brand_is_a_brand_of_its_drug() -> None:
    lexicon = load_lexicon()
    for row in read_gold(COVERAGE / "lexicon_coverage.gold.tsv"):
        if row.relation == "brand_name" and row.required:
            entry = lexicon.lookup(row.subject)
            assert entry is not None and row.object in entry.brands, row.object


def test_coverage_set_has_three_texts_in_both_formats_with_front_matter() -> None:
    names = sorted(_texts(COVERAGE))
    assert len(names) == 3
    files = [p for p in COVERAGE.iterdir() if p.stem in names]
    assert {p.suffix for p in files} == {".txt", ".md"}
    for path in files:
        if path.suffix == ".md":
            assert path.read_text(encoding="utf-8").startswith("---\n")
