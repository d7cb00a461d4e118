"""Tests of the curated lexicon: the loader's checks, lookups and the bundled data's integrity."""

from __future__ import annotations

import csv
import json
import re
from importlib.resources import files
from pathlib import Path

import pytest

from immunokg.extract.errors import DataFileError
from immunokg.extract.normalise import normalise_name
from immunokg.extract.rules.lexicon import (
    ENTITY_TYPES,
    KEYS,
    XREF_PREFIXES,
    LexiconEntry,
    load_lexicon,
    load_lexicon_file,
)

DATA = Path(__file__).parent / "data" / "lexicon"
BUNDLED = files("immunokg.extract") / "data" / "lexicon.jsonl"
LINES = BUNDLED.read_text(encoding="utf-8").splitlines()


def _gold_rows() -> list[dict[str, str]]:
    with (DATA / "seeds.gold.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _gold_names() -> list[str]:
    names: set[str] = set()
    for row in _gold_rows():
        names.add(row["subject"])
        if row["relation"] != "brand_name":
            names.add(row["object"])
    return sorted(names)


def _gold_aliases() -> list[tuple[str, str]]:
    with (DATA / "seeds.aliases.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))[1:]
    return [(canonical, alias) for canonical, aliases in rows for alias in aliases.split("|")]


# ---------------------------------------------------------------- the loader's checks


def test_valid_file_loads_every_record() -> None:
    lexicon = load_lexicon_file(DATA / "valid.jsonl")
    assert [entry.id for entry in lexicon.entries] == ["pd-1", "pembrolizumab"]
    assert lexicon.get("pd-1") == LexiconEntry(
        "pd-1", "Target", "PD-1", ("PD1",), (), ("HGNC:8760",)
    )


@pytest.mark.parametrize(
    ("fixture", "problem"),
    [
        ("bad_json.jsonl", "not one JSON record per line"),
        ("blank_line.jsonl", "blank line"),
        ("unknown_key.jsonl", "unknown keys ['targets']"),
        ("missing_key.jsonl", "missing keys ['xrefs']"),
        ("key_order.jsonl", "keys not in canonical order"),
        ("bad_type.jsonl", "type 'Medicine' is not one of Drug, DrugClass"),
        ("bad_id.jsonl", "id 'Pembro_lizumab' must match"),
        ("duplicate_id.jsonl", "duplicate id 'pd-1'"),
        ("clash.jsonl", "of 'programmed-death-1' normalises to 'pd1', already a name of 'pd-1'"),
        ("bad_xref.jsonl", "xref 'NCIT C106432' is not a CURIE"),
        ("unknown_prefix.jsonl", "unknown prefix 'WIKIDATA'"),
        ("unsorted.jsonl", "records not sorted by id: 'pd-1' after 'pembrolizumab'"),
        ("synonyms_not_list.jsonl", "synonyms must be a list of non-empty strings"),
        ("repeated_surface.jsonl", "brand 'Keytruda' is listed twice"),
    ],
)
def test_bad_record_is_rejected_with_file_and_line(fixture: str, problem: str) -> None:
    path = DATA / fixture
    with pytest.raises(DataFileError) as caught:
        load_lexicon_file(path)
    assert caught.value.line == 2
    assert str(caught.value).startswith(f"{path}:2: ")
    assert problem in str(caught.value)
    assert "\n" not in str(caught.value)


def test_missing_file_is_a_data_file_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot read lexicon"):
        load_lexicon_file(tmp_path / "absent.jsonl")


def test_empty_file_is_an_empty_lexicon(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("", encoding="utf-8")
    assert load_lexicon_file(path).entries == ()


# ---------------------------------------------------------------- lookups


@pytest.mark.parametrize(
    ("surface", "entity_id"),
    [
        ("pembrolizumab", "pembrolizumab"),
        ("Keytruda", "pembrolizumab"),
        ("KEYTRUDA®", "pembrolizumab"),
        ("Mabthera", "rituximab"),
        ("programmed death-1", "pd-1"),
        ("PD1", "pd-1"),
        ("anti-PD-L1 antibodies", "pd-l1-inhibitor"),
        ("ICIs", "checkpoint-inhibitor"),
        ("CAR-T cells", "car-t-cell-therapy"),
        ("Interleukin 2 (IL-2)", "interleukin-2"),
        ("IL2", "interleukin-2"),
        ("tumour antigens", "tumor-antigen"),
        ("acute myeloid leukaemia", "acute-myeloid-leukemia"),
        ("haematological malignancies", "blood-cancer"),
        ("oesophageal cancer", "esophageal-cancer"),
        ("diarrhoea", "diarrhea"),
        ("neutropaenic", "low-neutrophil-count"),
        ("non-Hodgkin's lymphomas", "non-hodgkin-lymphoma"),
        ("Bacillus Calmette-Guérin", "bcg"),
        ("T-VEC", "talimogene-laherparepvec"),
        ("Tepkinly", "epcoritamab"),
        ("monoclonal antibodies", "monoclonal-antibody"),
        ("natural killer cells", "nk-cell"),
        ("Hetronifly", "serplulimab"),
        ("Lynozyfic", "linvoseltamab"),
        ("Keytruda Qlex", "pembrolizumab-and-berahyaluronidase-alfa"),
        ("ziv-aflibercept", "aflibercept"),
        ("mCRPC", "castration-resistant-prostate-cancer"),
        ("oesophageal squamous cell carcinoma", "esophageal-squamous-cell-carcinoma"),
        ("BPDCN", "blastic-plasmacytoid-dendritic-cell-neoplasm"),
        ("hyponatraemia", "low-sodium"),
        ("nose bleeds", "nosebleeds"),
        ("dysgeusia", "taste-changes"),
        ("Bell's palsy", "facial-nerve-palsy"),
        ("toll-like receptor 7", "tlr7"),
    ],
)
def test_lookup_finds_entity_by_any_name(surface: str, entity_id: str) -> None:
    entry = load_lexicon().lookup(surface)
    assert entry is not None
    assert entry.id == entity_id


def test_lookup_of_unknown_name_is_none() -> None:
    assert load_lexicon().lookup("sunshine therapy") is None


def test_get_unknown_id_is_none() -> None:
    assert load_lexicon().get("no-such-entity") is None


def test_surface_forms_name_their_kind() -> None:
    forms = {(surface, entry.id, kind) for surface, entry, kind in load_lexicon().surface_forms()}
    assert ("pembrolizumab", "pembrolizumab", "label") in forms
    assert ("Keytruda", "pembrolizumab", "brand") in forms
    assert ("PD1", "pd-1", "synonym") in forms


def test_load_lexicon_is_cached() -> None:
    assert load_lexicon() is load_lexicon()


# ---------------------------------------------------------------- the gold standard's names


@pytest.mark.parametrize("name", _gold_names())
def test_gold_name_is_a_lexicon_label(name: str) -> None:
    entry = load_lexicon().lookup(name)
    assert entry is not None, f"{name!r} is not in the lexicon"
    assert entry.label == name


@pytest.mark.parametrize(
    ("drug", "brand"),
    [(r["subject"], r["object"]) for r in _gold_rows() if r["relation"] == "brand_name"],
)
def test_gold_brand_is_a_brand_of_its_drug(drug: str, brand: str) -> None:
    entry = load_lexicon().lookup(drug)
    assert entry is not None
    assert brand in entry.brands


# Aliases left out on purpose: "IL" and "ILs" (normalised "il") and "ACT" are too
# ambiguous as names in running text ("act" is an English word); "bispecific" alone
# also names bispecific proteins that are not antibodies ("a bispecific protein").
AMBIGUOUS_ALIASES = {"IL", "ILs", "ACT", "bispecific"}


@pytest.mark.parametrize(("canonical", "alias"), _gold_aliases())
def test_gold_alias_names_its_canonical_entity(canonical: str, alias: str) -> None:
    if alias in AMBIGUOUS_ALIASES:
        assert load_lexicon().lookup(alias) is None
        return
    entry = load_lexicon().lookup(alias)
    assert entry is not None, f"alias {alias!r} is not in the lexicon"
    assert entry.label == canonical


# ---------------------------------------------------------------- integrity of the bundled file


@pytest.mark.parametrize("number", range(1, len(LINES) + 1))
def test_bundled_record_is_in_canonical_form(number: int) -> None:
    line = LINES[number - 1]
    record = json.loads(line)
    assert tuple(record) == KEYS, f"line {number}"
    assert json.dumps(record, ensure_ascii=False) == line, f"line {number} not canonical JSON"
    assert record["type"] in ENTITY_TYPES
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", record["id"])
    assert all(xref.split(":", 1)[0] in XREF_PREFIXES for xref in record["xrefs"])
    assert record["xrefs"] == sorted(record["xrefs"])


def test_bundled_records_are_sorted_by_unique_id() -> None:
    ids = [json.loads(line)["id"] for line in LINES]
    assert ids == sorted(set(ids))


def test_bundled_lexicon_loads_and_counts_every_line() -> None:
    assert len(load_lexicon().entries) == len(LINES)


def test_no_two_entities_share_a_normalised_name() -> None:
    owners: dict[str, set[str]] = {}
    for line in LINES:
        record = json.loads(line)
        for surface in [record["label"], *record["synonyms"], *record["brands"]]:
            owners.setdefault(normalise_name(surface), set()).add(record["id"])
    shared = {key: sorted(ids) for key, ids in owners.items() if len(ids) > 1}
    assert shared == {}


def test_brands_only_on_drugs() -> None:
    assert all(not e.brands for e in load_lexicon().entries if e.type != "Drug")


# Common English words and ambiguous abbreviations that must never be a name.
FORBIDDEN_KEYS = {
    *("il", "act", "met", "neu", "fl", "all", "can", "may", "car", "it", "us", "cell"),
    *("net", "tam", "scaling", "pap", "apc", "tls", "npc", "ci", "io", "csf"),
}


def test_no_name_is_a_common_word_or_ambiguous_abbreviation() -> None:
    keys = {normalise_name(surface) for surface, _, _ in load_lexicon().surface_forms()}
    assert keys & FORBIDDEN_KEYS == set()


@pytest.mark.parametrize(
    "entity_type", ["Drug", "DrugClass", "Target", "CancerType", "SideEffect", "ImmuneCell"]
)
def test_every_entity_type_is_covered(entity_type: str) -> None:
    assert any(e.type == entity_type for e in load_lexicon().entries)


@pytest.mark.parametrize("prefix", XREF_PREFIXES)
def test_every_xref_prefix_is_registered(prefix):
    """Checked offline against the registry data that the bioregistry package ships."""
    bioregistry = pytest.importorskip("bioregistry")
    assert bioregistry.normalize_prefix(prefix) is not None


def _identifier_rows() -> list[list[str]]:
    path = Path(files("immunokg.extract") / "data" / "identifiers.tsv")
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:]]


# A derived source is "owner/repo@commit:path"; a hand-checked one is the URL of the page checked.
_SOURCE = re.compile(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}:\S+|https://\S+")


def test_every_derived_identifier_has_its_source_and_is_in_the_lexicon():
    lexicon = load_lexicon()
    for entity, curie, _name, source in _identifier_rows():
        assert curie in lexicon.get(entity).xrefs, (entity, curie)
        assert _SOURCE.fullmatch(source), source


@pytest.mark.parametrize(
    "prefix", ["MONDO", "HP", "DRUGBANK", "UNII", "CHEBI", "HGNC", "UniProtKB"]
)
def test_every_xref_of_a_derived_prefix_has_a_recorded_source(prefix):
    derived = {(entity, curie) for entity, curie, _, _ in _identifier_rows()}
    xrefs = {
        (e.id, x) for e in load_lexicon().entries for x in e.xrefs if x.startswith(prefix + ":")
    }
    assert xrefs and xrefs <= derived


def test_no_two_entities_share_an_identifier():
    """Each id names one thing: two entries with one id would merge into one KGX node."""
    owners: dict[str, list[str]] = {}
    for entry in load_lexicon().entries:
        for xref in entry.xrefs:
            owners.setdefault(xref, []).append(entry.id)
    assert {x: ids for x, ids in owners.items() if len(ids) > 1} == {}


def test_each_identifier_row_names_its_entry_by_one_of_its_names():
    lexicon = load_lexicon()
    for entity, curie, name, _ in _identifier_rows():
        entry = lexicon.get(entity)
        names = {normalise_name(n) for n in [entry.label, *entry.synonyms]}
        assert normalise_name(name) in names, (entity, curie, name)


# ---------------------------------------------------------------- derived synonyms and name lists

TOOLS = Path(__file__).resolve().parents[1] / "tools"


def _tsv(path: Path) -> list[dict[str, str]]:
    lines = [x for x in path.read_text(encoding="utf-8").splitlines() if not x.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _synonym_rows() -> list[dict[str, str]]:
    return _tsv(Path(files("immunokg.extract") / "data" / "synonyms.tsv"))


def test_every_derived_synonym_is_a_synonym_of_its_entry_with_its_source():
    lexicon = load_lexicon()
    rows = _synonym_rows()
    assert rows
    for row in rows:
        entry = lexicon.get(row["entity"])
        assert entry is not None and row["synonym"] in entry.synonyms, row
        assert _SOURCE.fullmatch(row["source"]) and "@" in row["source"], row
        prefix = {"SideEffect": "HP:", "CancerType": "MONDO:"}[entry.type]
        assert any(x.startswith(prefix) for x in entry.xrefs), row


def test_no_derived_synonym_is_on_the_stop_list():
    lines = (TOOLS / "synonym_stoplist.txt").read_text(encoding="utf-8").splitlines()
    stop = {normalise_name(x) for x in lines if x.strip() and not x.startswith("#")}
    assert "pain" in stop
    assert {normalise_name(r["synonym"]) for r in _synonym_rows()} & stop == set()


@pytest.mark.parametrize(
    ("name_list", "entity_type"),
    [("side_effects.tsv", "SideEffect"), ("cancers.tsv", "CancerType")],
)
def test_every_listed_name_is_a_lexicon_entry_of_its_type(name_list, entity_type):
    lexicon = load_lexicon()
    rows = _tsv(TOOLS / name_list)
    assert [r["id"] for r in rows] == sorted({r["id"] for r in rows})
    for row in rows:
        entry = lexicon.get(row["id"])
        assert entry is not None and (entry.type, entry.label) == (entity_type, row["label"])
        if row["source_name"]:  # a pinned source name is a name of the entry, and gave its id
            names = {normalise_name(n) for n in [entry.label, *entry.synonyms]}
            assert normalise_name(row["source_name"]) in names, row
            assert any(x.startswith(("HP:", "MONDO:")) for x in entry.xrefs), row


@pytest.mark.parametrize(
    ("british", "entity_id"),
    [
        ("oedema peripheral", "peripheral-edema"),
        ("hypokalaemia", "low-potassium"),
        ("hyperkalaemia", "high-potassium"),
        ("dyspnoea", "trouble-breathing"),
        ("haemolytic anaemia", "hemolytic-anemia"),
        ("smouldering myeloma", "smoldering-myeloma"),
        ("hair colour changes", "hair-color-changes"),
    ],
)
def test_british_spellings_name_the_same_entry(british, entity_id):
    entry = load_lexicon().lookup(british)
    assert entry is not None and entry.id == entity_id


def test_every_checked_brand_is_a_brand_of_its_drug_with_the_page_it_was_checked_on():
    lexicon = load_lexicon()
    rows = _tsv(TOOLS / "checked_brands.tsv")
    assert rows
    for row in rows:
        assert row["brand"] in lexicon.get(row["drug"]).brands, row
        assert row["source"].startswith(("https://", "http://")), row
