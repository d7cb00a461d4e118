"""Synonyms from the sources that give an entry its id, and new entries from name lists.

An entry whose id came from HPO gets that term's English label, exact synonyms and
layperson synonyms; a cancer whose id came from Mondo gets the labels that Mondo's
exact-match mappings give its term (Mondo's own, NCIt's, DOID's, EFO's, ...). A name is
kept only when it names that one term in its source, is no name of another entry, is
not on the stop list (tools/synonym_stoplist.txt: ordinary words), and reads as a name
(no commas or brackets, at most six words). British and US spellings need no second
form: the project's one normalisation folds them ("oedema" and "edema" are one key).

Every derived synonym is recorded in extract/data/synonyms.tsv with its source, so that a
rerun takes the old ones out first and writes the same file again.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path

from immunokg.extract.normalise import normalise_name

TOOLS = Path(__file__).resolve().parent
NAME_LISTS = {"SideEffect": TOOLS / "side_effects.tsv", "CancerType": TOOLS / "cancers.tsv"}
STOPLIST = TOOLS / "synonym_stoplist.txt"
MAX_WORDS = 6
# Characters that mark a source's phrasing rather than a name ("Carcinoma, Renal Cell").
NOT_IN_A_NAME = set(',;:()[]{}<>"=')
# Source names that describe an observation rather than name it.
NOT_A_START = ("abnormal", "abnormality", "obsolete", "other ", "unspecified")

Names = dict[str, list[tuple[str, str]]]  # term id -> [(name, kind)]
Row = tuple[str, str, str, str]  # entity, synonym, kind, source


def read_tsv(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t"))


def stop_keys() -> set[str]:
    """The normalised names on the stop list: never a synonym, whatever a source says."""
    lines = STOPLIST.read_text(encoding="utf-8").splitlines()
    return {normalise_name(line) for line in lines if line.strip() and not line.startswith("#")}


def add_listed_entries(entries: list[dict]) -> dict[str, str]:
    """Add the listed names that the lexicon lacks; return entity id -> the source name that
    pins its term (the `source_name` column), for entries whose own names meet none or many."""
    by_id = {e["id"]: e for e in entries}
    pins: dict[str, str] = {}
    for entity_type, path in NAME_LISTS.items():
        for number, row in enumerate(read_tsv(path), start=2):
            where = f"{path.name}:{number}: {row['id']}"
            entry = by_id.get(row["id"])
            if entry is None:
                entry = {"id": row["id"], "type": entity_type, "label": row["label"]}
                entry.update({"synonyms": [], "brands": [], "xrefs": []})
                entries.append(entry)
                by_id[row["id"]] = entry
            elif (entry["type"], entry["label"]) != (entity_type, row["label"]):
                raise SystemExit(
                    f"{where}: the lexicon has it as {entry['type']} {entry['label']!r}"
                )
            if row.get("source_name"):
                pins[row["id"]] = row["source_name"]
    entries.sort(key=lambda e: e["id"])
    return pins


def strip_derived(entries: list[dict], old: list[dict[str, str]]) -> None:
    """Take out the synonyms that an earlier run derived, so that this run starts clean."""
    derived: dict[str, set[str]] = defaultdict(set)
    for row in old:
        derived[row["entity"]].add(row["synonym"])
    for entry in entries:
        entry["synonyms"] = [s for s in entry["synonyms"] if s not in derived[entry["id"]]]


def readable(name: str) -> bool:
    words = name.split()
    return (
        0 < len(words) <= MAX_WORDS
        and not NOT_IN_A_NAME & set(name)
        and not name.lower().startswith(NOT_A_START)
    )


def derive_synonyms(
    entries: list[dict],
    terms: dict[str, str],
    names: Names,
    owners: dict[str, int],
    source,
    pins: dict[str, str],
) -> list[Row]:
    """Rows for the names of each entry's term (entity id -> term id in ``terms``); a name that
    two entries would take, or that names more than one term (``owners``), goes to none. A
    pinned name passes every filter: the entry's id was matched by it."""
    taken = {
        normalise_name(n): e["id"]
        for e in entries
        for n in [e["label"], *e["synonyms"], *e["brands"]]
    }
    stop = stop_keys()
    wanted: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for entity, term in sorted(terms.items()):
        for name, kind in names.get(term, ()):
            key = normalise_name(name)
            pinned = normalise_name(pins.get(entity, "")) == key
            if not pinned and (key in stop or owners.get(key, 0) != 1 or not readable(name)):
                continue
            if key not in taken:
                wanted[key].append((entity, name, kind))
    rows: list[Row] = []
    for claims in wanted.values():
        if len({entity for entity, _, _ in claims}) == 1:
            entity, name, kind = min(claims)
            rows.append((entity, name, kind, source(terms[entity], kind)))
    return sorted(rows)


def apply_synonyms(entries: list[dict], rows: list[Row]) -> None:
    """Append each entry's derived synonyms after its curated ones, in sorted order."""
    added: dict[str, list[str]] = defaultdict(list)
    for entity, name, _, _ in rows:
        added[entity].append(name)
    for entry in entries:
        entry["synonyms"] = [*entry["synonyms"], *sorted(added[entry["id"]], key=str.casefold)]
