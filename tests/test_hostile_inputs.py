"""Hostile values never reach SPARQL as text: each gives an empty result or a clear message."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from deadline import deadline
from querygraph import fixture_store

from immunokg.extract.errors import ImmunokgError
from immunokg.graph.ask.lookup import ask, drugs, entity_card
from immunokg.graph.ask.query import run_query

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = [
    '"; DROP ALL; #',
    "} ; DROP ALL",
    'PD-1" } UNION { ?s ?p ?o } #',
    "PD-1' . ?s ?p ?o . FILTER('1'='1",
    "<https://w3id.org/immunokg/entity/pd-1> . ?x ?y ?z",
    "<not an iri>",
    "<>",
    "?_target",
    "$_target",
    "{{{{",
    "}}}}",
    "SELECT * WHERE { ?s ?p ?o }",
    "DELETE WHERE { ?s ?p ?o }",
    "PD-1\nDROP ALL",
    "\\",
    '"""',
    "'''",
    "\x00",
    "",
    "   ",
    "IMMUNOKG:",
    "IMMUNOKG:pd-1> } DROP ALL {",
    "ПД-1 😀 程序性死亡",
    "A" * 10_000,
    "{" * 10_000,
]
IDS = [f"h{i}" for i in range(len(HOSTILE))]


@pytest.fixture(scope="module")
def store():
    return fixture_store()


def _safely(store, call):
    """Run a call: it returns, or fails with a user message that is no SPARQL error."""
    before = len(store)
    try:
        answer = call()
    except ImmunokgError as error:
        message = str(error)
        assert "error at" not in message
        assert "not a valid SPARQL" not in message
        assert "projection" not in message
        assert len(message.splitlines()[0]) < 300
        answer = None
    assert len(store) == before
    return answer


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_drugs_lookup(store, value):
    for key in ("target", "drug_class", "treats", "side_effect"):
        answer = _safely(store, lambda key=key: drugs(store, **{key: value}))
        assert answer is None or answer.rows == ()


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_entity_card(store, value):
    _safely(store, lambda: entity_card(store, value))


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_ask(store, value):
    _safely(store, lambda: ask(store, value))
    _safely(store, lambda: ask(store, f"drugs targeting {value}"))
    _safely(store, lambda: ask(store, f"what is {value}"))


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_named_query_parameters(store, value):
    for name, param in [
        ("drugs-targeting", "target"),
        ("evidence-for-fact", "relation"),
        ("evidence-for-fact", "object"),
        ("entity", "entity"),
    ]:
        result = _safely(
            store, lambda name=name, param=param: run_query(store, name, {param: value})
        )
        assert result is None or result.rows == ()


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_ad_hoc_query_parameter(store, value):
    text = "SELECT ?s ?_v WHERE { ?s ?p ?_v }"
    result = _safely(store, lambda: run_query(store, text, {"v": value}))
    assert result is None or result.rows == ()


@pytest.mark.parametrize("value", ["PD-1\r\n\t", " pd\u20101 ", "PD\u00a01"])
def test_whitespace_and_unicode_dashes_still_name_the_entity(store, value):
    assert [r["drug"] for r in drugs(store, target=value).records] == [
        "cemiplimab",
        "nivolumab",
        "pembrolizumab",
    ]


def test_a_hostile_value_is_matched_as_a_whole_literal():
    """A brand name that looks like SPARQL is found as the literal it is, and nothing else."""
    from pyoxigraph import Literal, NamedNode, Quad, Store

    store = Store()
    ikg = "https://w3id.org/immunokg/vocab#"
    fact = NamedNode("https://w3id.org/immunokg/fact/f")
    brand = '"} ; DROP ALL #'
    store.add(
        Quad(
            fact,
            NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            NamedNode(ikg + "Fact"),
        )
    )
    store.add(
        Quad(fact, NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#object"), Literal(brand))
    )
    text = "SELECT ?f ?_v WHERE { ?f <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?_v }"
    rows = run_query(store, text, {"v": brand}).records()
    assert [(row["f"], row["_v"]) for row in rows] == [(fact.value, brand)]
    assert len(store) == 2


# -- 100 KB inputs (issue 14, failure 3): linear work finishes in well under a second, the
# quadratic work these once met took minutes; `deadline` fails instead of hanging. --------
SIZE = 100_000
LONG_VALUES = {
    "upper-word": "A" * SIZE,
    "upper-plural": "A" * (SIZE - 1) + "s",
    "lower-word": "a" * SIZE,
    "names": "PD-1 " * (SIZE // 5),
    "braces": "{" * SIZE,
    "dashes": "-" * SIZE,
    "possessives": "a's " * (SIZE // 4),
    "plus": "a+" * (SIZE // 2),
    "british": "aeoe" * (SIZE // 4),
}


@pytest.mark.parametrize("value", LONG_VALUES.values(), ids=LONG_VALUES)
def test_a_lookup_refuses_an_overlong_name_at_once(store, value):
    calls = [
        lambda: drugs(store, target=value),
        lambda: entity_card(store, value),
        lambda: run_query(store, "drugs-targeting", {"target": value}),
        lambda: ask(store, f"drugs targeting {value}"),
    ]
    with deadline(5, "lookups of a 100 KB name"):
        for call in calls:
            with pytest.raises(ImmunokgError, match="too long"):
                call()


@pytest.mark.parametrize("value", LONG_VALUES.values(), ids=LONG_VALUES)
def test_normalising_a_100_kb_name_takes_linear_time(value):
    """`_ACRONYM_PLURAL` took 20 s on a 50,000-character upper-case word."""
    from immunokg.extract.normalise import normalise_name

    with deadline(5, "normalise_name on 100 KB"):
        normalise_name(value + " x")  # a fresh key: lru_cache must not answer


def _from_examples(patterns) -> list[tuple[str, str]]:
    """100 KB texts each pattern's own example leads into: repeated, cut, and spoiled at the end."""
    texts = []
    for name, example in patterns:
        for piece in (example, example + " ", example[: len(example) // 2], example[:-1] + "!"):
            repeated = piece * (SIZE // max(len(piece), 1))
            texts += [(name, repeated), (name, repeated + "\x00")]
    return texts


def test_every_boilerplate_pattern_takes_linear_time_on_100_kb_lines():
    """The social-links pattern once took minutes on 250 characters of "on facebook "."""
    from immunokg.extract.read.boilerplate import boilerplate_patterns, is_boilerplate

    table = (ROOT / "extract" / "data" / "boilerplate.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in table.splitlines()[1:] if not line.startswith("#")]
    examples = [(row[0], row[2]) for row in rows if len(row) == 3 and row[0] != "id"]
    assert len(examples) == len(boilerplate_patterns())
    compiled = dict(boilerplate_patterns())
    with deadline(30, "the boilerplate patterns on 100 KB lines"):
        for rule_id, text in _from_examples(examples):
            is_boilerplate(text)
            compiled[rule_id].fullmatch(text)


def test_every_ask_pattern_takes_linear_time_on_100_kb_phrases():
    from immunokg.graph.ask.lookup import ASK_LOOKUPS
    from immunokg.graph.ask.phrases import load_phrases, read_phrase

    phrases = load_phrases(ASK_LOOKUPS)
    with deadline(20, "the ask patterns on 100 KB phrases"):
        for _, text in _from_examples((p.id, p.example) for p in phrases):
            read_phrase(phrases, text)


# Texts that were quadratic (or worse) somewhere in the reader: the markdown inline pattern,
# HTMLParser on tags left open, merging hard-wrapped lines, spaCy's tokenizer on brackets.
LONG_TEXTS = {
    ".md": {
        "brackets": "[" * SIZE,
        "images": "![" * (SIZE // 2),
        "autolinks": "<http:" * (SIZE // 6),
        "tags": "<a" * (SIZE // 2),
        "end-tags": "</p" * (SIZE // 3),
        "cdata": "<![CDATA[" * (SIZE // 9),
        "quotes": '<a href="' * (SIZE // 9),
        "wrapped-lines": "a\n" * (SIZE // 2),
        "social": "on facebook " * (SIZE // 12),
    },
    ".html": {
        "tags": "<a" * (SIZE // 2),
        "autolinks": "<http:" * (SIZE // 6),
        "comments": "<!--" * (SIZE // 4),
        "end-tags": "</p" * (SIZE // 3),
        "quotes": '<a href="' * (SIZE // 9),
        "bullets": "<li>- " * (SIZE // 6),
    },
    ".txt": {
        "one-paragraph": "Nivolumab is a PD-1 inhibitor that " * (SIZE // 35),
        "upper-word": "A" * SIZE,
    },
}
CASES = [(suffix, name) for suffix, shapes in LONG_TEXTS.items() for name in shapes]


@pytest.mark.parametrize(("suffix", "name"), CASES, ids=[f"{n}{s}" for s, n in CASES])
def test_reading_a_100_kb_hostile_text_takes_linear_time(tmp_path, suffix, name):
    from immunokg.extract.read.corpus import read_document

    path = tmp_path / f"hostile{suffix}"
    path.write_text(LONG_TEXTS[suffix][name] + " end.", encoding="utf-8")
    # "no readable text" is a fine answer; the time is what is tested
    with deadline(20, f"reading {name}{suffix}"), contextlib.suppress(ImmunokgError):
        read_document(path)


@pytest.mark.parametrize(
    "text",
    [
        "A" * SIZE,  # the upper-case word (20.9 s at 50,000 characters)
        " ".join(f"{i:05d}{'A' * 290}s" for i in range(SIZE // 300)),  # acronym plurals
        " ".join("(" * 293 + f"{i:05d}" for i in range(SIZE // 300)),  # brackets for spaCy
        "ICIs TILs " * (SIZE // 10),
    ],
    ids=["upper-word", "upper-plurals", "brackets", "acronyms"],
)
def test_extracting_a_100_kb_hostile_text_takes_linear_time(tmp_path, text):
    from immunokg.extract.engine.pipeline import extract_facts
    from immunokg.extract.read.corpus import read_document

    path = tmp_path / "hostile.txt"
    path.write_text(text + " Pembrolizumab targets PD-1.", encoding="utf-8")
    document, _ = read_document(path)
    extract_facts([document])  # the pipeline compiled outside the limit
    with deadline(30, "extracting 100 KB"):
        facts = extract_facts([document])
    assert any(fact.relation == "targets" for fact in facts)


@pytest.mark.parametrize(
    "unit", ['"""a', "'''a", '"a\\', "<a", "a:", "?", "#\n", "\\"], ids=range(8)
)
def test_the_service_check_takes_linear_time_on_100_kb_queries(unit):
    """Strings left open run to the end, so no quote makes the scanner rescan the rest."""
    from immunokg.graph.ask.limits import calls_service

    text = unit * (100_000 // len(unit))
    with deadline(5, "the SERVICE check on 100 KB"):
        calls_service(text)
        calls_service(text + " SERVICE")
