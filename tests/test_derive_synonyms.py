"""The synonym derivation of tools/derive_identifiers.py: which source names an entry takes, and
that a rerun strips the last run's names first so that it writes the same lexicon again."""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import derive_synonyms as syn


def _entries() -> list[dict]:
    def entry(entity: str, label: str, synonyms: list[str]) -> dict:
        return {
            "id": entity,
            "type": "SideEffect",
            "label": label,
            "synonyms": synonyms,
            "brands": [],
        }

    return [
        entry("fever", "fever", ["pyrexia"]),
        entry("tingling", "tingling", []),
        entry("chills", "chills", []),
    ]


NAMES = {
    "HP:1": [("Fever", "exact"), ("Pain", "exact"), ("High temperature", "layperson")],
    "HP:2": [
        ("Paresthesia", "exact"),
        ("Pins and needles feeling", "layperson"),
        ("Abnormal sensation, unspecified", "exact"),
        ("Shivering", "exact"),
    ],
    "HP:3": [("Shivering", "exact"), ("Rigors", "exact")],
}
TERMS = {"fever": "HP:1", "tingling": "HP:2", "chills": "HP:3"}


def _derive(entries: list[dict], owners: dict[str, int], pins=None) -> list[syn.Row]:
    return syn.derive_synonyms(
        entries, TERMS, NAMES, owners, lambda term, kind: f"src:{kind}", pins or {}
    )


def _owners(**counts: int) -> dict[str, int]:
    from immunokg.extract.normalise import normalise_name

    names = {name for found in NAMES.values() for name, _ in found}
    owners = {normalise_name(name): 1 for name in names}
    owners.update({normalise_name(k.replace("_", " ")): v for k, v in counts.items()})
    return owners


def test_names_of_the_entry_s_term_are_kept_and_filtered():
    rows = _derive(_entries(), _owners(Rigors=2))
    assert rows == [
        ("fever", "High temperature", "layperson", "src:layperson"),
        ("tingling", "Paresthesia", "exact", "src:exact"),
        ("tingling", "Pins and needles feeling", "layperson", "src:layperson"),
    ]
    # "Fever" is already the label; "Pain" is on the stop list; "Abnormal ..." reads as a
    # phrasing; "Rigors" names two terms; "Shivering" would go to two entries: to none.


def test_a_pinned_name_passes_every_filter():
    rows = _derive(_entries(), _owners(Rigors=2), pins={"chills": "Rigors"})
    assert ("chills", "Rigors", "exact", "src:exact") in rows


def test_a_rerun_strips_the_last_names_and_gives_the_same_lexicon():
    entries = _entries()
    rows = _derive(entries, _owners())
    syn.apply_synonyms(entries, rows)
    first = copy.deepcopy(entries)
    assert "Paresthesia" in first[1]["synonyms"]
    recorded = [{"entity": e, "synonym": s} for e, s, _, _ in rows]
    syn.strip_derived(entries, recorded)
    assert entries == _entries()
    syn.apply_synonyms(entries, _derive(entries, _owners()))
    assert entries == first


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("Pins and needles feeling", True),
        ("Carcinoma, Renal Cell", False),
        ("Fever (finding)", False),
        ("Abnormality of the skin", False),
        ("one two three four five six seven", False),
    ],
)
def test_a_name_must_read_as_a_name(name, ok):
    assert syn.readable(name) is ok
