"""The benchmark corpus generator: deterministic, and names that grow with N."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from benchmarks import generate_corpus as gen
from immunokg.extract.read.bundled import seed_paths
from immunokg.extract.read.corpus import read_corpus
from immunokg.extract.rules.lexicon import load_lexicon


def _corpus(n: int, seed: int = 0) -> list[tuple[str, str]]:
    return [(name, text) for name, text, _ in gen.generate(n, seed)]


def test_same_n_and_seed_give_the_same_corpus() -> None:
    assert _corpus(3, seed=7) == _corpus(3, seed=7)


def test_another_seed_gives_other_names() -> None:
    first, second = _corpus(2, seed=1), _corpus(2, seed=2)
    assert [name for name, _ in first] == [name for name, _ in second]
    assert first[5:] != second[5:]


def test_variant_zero_is_the_seed_corpus_unchanged() -> None:
    seeds = seed_paths()
    corpus = _corpus(1)
    assert len(corpus) == len(seeds)
    assert [text for _, text in corpus] == [path.read_text(encoding="utf-8") for path in seeds]


def test_a_smaller_corpus_is_the_start_of_a_larger_one() -> None:
    assert _corpus(4) == _corpus(9)[:20]


def test_document_names_are_unique_and_ordered() -> None:
    names = [name for name, _ in _corpus(12)]
    assert len(set(names)) == len(names) == 12 * len(seed_paths())
    assert names == sorted(names)


def test_varied_drugs_keep_their_inn_stem_and_are_not_real_names() -> None:
    lexicon = load_lexicon()
    renamed = {}
    for _, _, names in gen.generate(3):
        renamed.update(names)
    original = dict(next(gen.generate(1))[2])
    for (entity, brand), new in renamed.items():
        entry = lexicon.get(entity)
        if new == original[(entity, brand)] or entry.type != "Drug":
            continue
        if brand is None:
            assert gen._drug_stem(new.split(" ")[-1]) == gen._drug_stem(entry.label.split(" ")[-1])
        assert lexicon.lookup(new) is None, new


def test_distinct_names_grow_with_n(tmp_path: Path) -> None:
    one = gen.write_corpus(1, tmp_path / "x1")
    ten = gen.write_corpus(10, tmp_path / "x10")
    for kind in ("Drug", "brand", "CancerType"):
        assert ten["distinct_names"][kind] >= 6 * one["distinct_names"][kind], kind
    assert ten["distinct_names"]["Target"] > one["distinct_names"]["Target"]
    assert ten["words"] == pytest.approx(10 * one["words"], rel=0.05)


def test_new_names_really_appear_in_the_texts() -> None:
    text = "".join(text for name, text in _corpus(2) if name.startswith("v0001_"))
    seed_text = "".join(text for name, text in _corpus(1))
    drug = re.compile(r"(?<![\w\[])[a-z]+(?:mab|lidomide|leucel)\b")  # not p[omalidomide](..)
    seed_drugs = set(drug.findall(seed_text.lower()))
    new_drugs = set(drug.findall(text.lower()))
    assert len(new_drugs) >= 10
    assert not new_drugs & seed_drugs


def test_front_matter_is_left_alone() -> None:
    for name, text in _corpus(2):
        if name.startswith("v0001_") and text.startswith("---"):
            seed = next(p for p in seed_paths() if name.endswith(p.name))
            front = seed.read_text(encoding="utf-8").split("\n---\n", 1)[0]
            assert text.startswith(front)
            return
    pytest.fail("no seed with front matter")


def test_written_corpus_reads_back_and_replaces_itself(tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    gen.write_corpus(2, out)
    summary = gen.write_corpus(3, out, seed=4)
    files = sorted(p.name for p in out.iterdir())
    assert json.loads((out / "corpus.json").read_text()) == summary
    assert len(files) == 3 * len(seed_paths()) + 1
    corpus = read_corpus([out])
    assert len(corpus.documents) == 3 * len(seed_paths())
    assert not corpus.problems


def test_refuses_to_replace_a_folder_it_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("precious")
    with pytest.raises(SystemExit, match="refusing"):
        gen.write_corpus(1, tmp_path)
    assert (tmp_path / "mine.txt").read_text() == "precious"


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert gen.main(["2", str(tmp_path / "c"), "--seed", "3"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["n"] == 2 and summary["seed"] == 3
    assert summary["files"] == 2 * len(seed_paths())
