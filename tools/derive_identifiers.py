"""Derive lexicon identifiers from public ontology files, and record where each came from.

MONDO (and its exactly matching NCIt code) for cancer types, from the Mondo repository's
src/ontology/mappings/mondo_exactmatch_ncit.sssom.tsv; HP for side effects, from the Human
Phenotype Ontology repository's English labels and synonyms in src/translations/*.babelon.tsv.
NCIt codes for drugs and therapy classes from the Pediatric Cancer Data Commons data dictionary
(chicagopcdc/linkml-data-dictionary, its markdown enum tables with NCIt meanings).
A lexicon entry gets an id only when its names (label and synonyms, compared through the
project's one normalisation) match exactly one term: an unsure id is worse than none.

    python tools/derive_identifiers.py --mondo MONDO_GIT_DIR --hpo HPO_GIT_DIR --pcdc PCDC_GIT_DIR

Writes the ids into extract/data/lexicon.jsonl (kept sorted and canonical) and one row per id,
with its source repository, commit and file, into extract/data/identifiers.tsv.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
from collections import defaultdict
from pathlib import Path

from immunokg.extract.normalise import normalise_name

ROOT = Path(__file__).resolve().parents[1]
LEXICON = ROOT / "extract" / "data" / "lexicon.jsonl"
SOURCES = ROOT / "extract" / "data" / "identifiers.tsv"
MONDO_REPO = "monarch-initiative/mondo"
MONDO_FILE = "src/ontology/mappings/mondo_exactmatch_ncit.sssom.tsv"
HPO_REPO = "obophenotype/human-phenotype-ontology"
HPO_FILES = "src/translations"
PCDC_REPO = "chicagopcdc/linkml-data-dictionary"
PCDC_FILES = "linkml_data_dictionary/markdown_model_generated"
DERIVED = ("MONDO", "NCIT", "HP")  # the prefixes this script owns for the types it fills
FILLED = ("CancerType", "SideEffect", "Drug", "DrugClass")


def git(git_dir: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "--git-dir", str(git_dir), *args], capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


def tsv_rows(text: str) -> list[dict[str, str]]:
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t"))


def mondo_terms(git_dir: Path, commit: str) -> dict[str, set[tuple[str, str]]]:
    """Normalised name -> {(MONDO id, NCIT id)} from both sides' labels of each exact match."""
    names: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in tsv_rows(git(git_dir, "show", f"{commit}:{MONDO_FILE}")):
        pair = (row["subject_id"], row["object_id"])
        for label in (row["subject_label"], row["object_label"]):
            if label and not label.lower().startswith("obsolete"):
                names[normalise_name(label)].add(pair)
    return names


def hpo_terms(git_dir: Path, commit: str) -> tuple[dict[str, set[str]], list[str]]:
    """Normalised English label or exact synonym -> {HP id}, from every babelon table."""
    names: dict[str, set[str]] = defaultdict(set)
    files = [
        path
        for path in git(git_dir, "ls-tree", "--name-only", commit, f"{HPO_FILES}/").split()
        if path.endswith(".babelon.tsv")
    ]
    obsolete: set[str] = set()
    read = []
    for path in files:
        try:
            text = git(git_dir, "show", f"{commit}:{path}")
        except subprocess.CalledProcessError:
            continue  # a snapshot may leave out its largest files
        read.append(path)
        for row in tsv_rows(text):
            term, value = row.get("subject_id", ""), row.get("source_value") or ""
            if not term.startswith("HP:") or not value:
                continue
            if value.lower().startswith("obsolete"):
                obsolete.add(term)
            if row.get("predicate_id") in ("rdfs:label", "oboInOwl:hasExactSynonym"):
                names[normalise_name(value)].add(term)
    return {key: ids - obsolete for key, ids in names.items() if ids - obsolete}, read


def pcdc_terms(git_dir: Path, commit: str) -> dict[str, dict[str, set[str]]]:
    """Normalised term -> {NCIT id: {enum file}} from the enum tables' "Text | ... | ncit:C" rows."""
    names: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for path in git(git_dir, "ls-tree", "--name-only", commit, f"{PCDC_FILES}/").split():
        if not path.endswith("Enum.md"):
            continue
        for line in git(git_dir, "show", f"{commit}:{path}").splitlines():
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if len(cells) >= 3 and cells[2].startswith("ncit:C"):
                names[normalise_name(cells[0])][cells[2].replace("ncit:", "NCIT:")].add(path)
    return names


def entry_names(entry: dict) -> set[str]:
    return {normalise_name(name) for name in [entry["label"], *entry["synonyms"]]}


def derive(entries: list[dict], mondo, hpo, pcdc) -> dict[str, list[tuple[str, str]]]:
    """Entity id -> [(CURIE, matched name)] for the entries whose names meet one term only."""
    found: dict[str, list[tuple[str, str]]] = {}
    for entry in entries:
        names = sorted(entry_names(entry))
        if entry["type"] == "CancerType":
            pairs = {pair for name in names for pair in mondo.get(name, ())}
            if len({mondo_id for mondo_id, _ in pairs}) == 1:
                [mondo_id] = {m for m, _ in pairs}
                ncit = sorted({n for _, n in pairs})
                name = next(n for n in names if any(p[0] == mondo_id for p in mondo.get(n, ())))
                one_ncit = [(ncit[0], name)] if len(ncit) == 1 else []
                found[entry["id"]] = [(mondo_id, name), *one_ncit]
        elif entry["type"] in ("Drug", "DrugClass"):
            codes = {code for name in names for code in pcdc.get(name, {})}
            if len(codes) == 1:
                [code] = codes
                name = next(n for n in names if code in pcdc.get(n, {}))
                found[entry["id"]] = [(code, name)]
        elif entry["type"] == "SideEffect":
            ids = {term for name in names for term in hpo.get(name, ())}
            if len(ids) == 1:
                [term] = ids
                name = next(n for n in names if term in hpo.get(n, ()))
                found[entry["id"]] = [(term, name)]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mondo", type=Path, required=True, help="git dir of " + MONDO_REPO)
    parser.add_argument("--hpo", type=Path, required=True, help="git dir of " + HPO_REPO)
    parser.add_argument("--pcdc", type=Path, required=True, help="git dir of " + PCDC_REPO)
    args = parser.parse_args()
    mondo_commit = git(args.mondo, "rev-parse", "HEAD").strip()
    hpo_commit = git(args.hpo, "rev-parse", "HEAD").strip()
    hpo, hpo_files = hpo_terms(args.hpo, hpo_commit)
    mondo = mondo_terms(args.mondo, mondo_commit)
    pcdc_commit = git(args.pcdc, "rev-parse", "HEAD").strip()
    pcdc = pcdc_terms(args.pcdc, pcdc_commit)
    entries = [json.loads(line) for line in LEXICON.read_text("utf-8").splitlines()]
    found = derive(entries, mondo, hpo, pcdc)
    rows = []
    for entry in entries:
        if entry["type"] not in FILLED:
            continue
        owned = DERIVED if entry["type"] in ("CancerType", "SideEffect") else ()
        kept = [x for x in entry["xrefs"] if x.split(":")[0] not in owned]
        new = [curie for curie, _ in found.get(entry["id"], [])]
        entry["xrefs"] = sorted(set(kept) | set(new))
        for curie, name in found.get(entry["id"], []):
            if curie.startswith("HP:"):
                source = f"{HPO_REPO}@{hpo_commit}:{HPO_FILES}/*.babelon.tsv"
            elif entry["type"] in ("Drug", "DrugClass"):
                files = sorted(pcdc[name][curie])
                source = f"{PCDC_REPO}@{pcdc_commit}:{files[0]}"
            else:
                source = f"{MONDO_REPO}@{mondo_commit}:{MONDO_FILE}"
            rows.append((entry["id"], curie, name, source))
    LEXICON.write_text(
        "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries), encoding="utf-8"
    )
    header = "entity\tcurie\tmatched_name\tsource\n"
    SOURCES.write_text(header + "".join("\t".join(r) + "\n" for r in sorted(rows)), "utf-8")
    print(f"{len(rows)} identifiers from {len(hpo_files)} HPO tables and the Mondo mappings")


if __name__ == "__main__":
    main()
