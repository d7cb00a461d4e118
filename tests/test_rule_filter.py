"""The rule prefilter: which rules may match a sentence, read from the rules' own patterns,
and proof on real corpora that running only those rules finds exactly the same matches."""

from __future__ import annotations

from pathlib import Path

import pytest
from extract_support import facts_of, triples
from spacy.attrs import ENT_TYPE, ORTH
from spacy.matcher import Matcher

from immunokg.extract.engine.pipeline import _engine
from immunokg.extract.engine.reference import ANAPHORA
from immunokg.extract.engine.rule_filter import RuleFilter, requirements, sentence_mask
from immunokg.extract.read.bundled import seed_paths
from immunokg.extract.read.corpus import read_corpus
from immunokg.extract.rules.grammar import load_relation_rules
from immunokg.extract.rules.relation_rules import RelationRule

DATA = Path(__file__).parent / "data"


def test_requirements_are_the_elements_a_match_cannot_skip():
    pattern = [
        {"ENT_TYPE": {"IN": ["Drug", "Brand"]}},
        {"LOWER": {"IN": ["is", "are"]}, "OP": "?"},
        {"LOWER": "approved", "OP": "+"},
        {"ORTH": {"NOT_IN": ["."]}, "OP": "*"},
        {"TEXT": "for", "IS_TITLE": False},
        {"ENT_TYPE": ""},
    ]
    assert requirements(pattern) == [
        ("ent", frozenset({"Drug", "Brand"})),
        ("lower", frozenset({"approved"})),
        ("orth", frozenset({"for"})),
    ]


def _filter_for(line: dict) -> tuple[RuleFilter, object]:
    nlp, _, _ = _engine()
    rule = RelationRule(**{k: tuple(v) if isinstance(v, list) else v for k, v in line.items()})
    pattern, _, _ = rule.spacy_pattern()
    return RuleFilter(nlp.vocab, [(rule.id, pattern)]), nlp


def test_requirement_sets_come_from_the_rules_file():
    line = {
        "id": "treats-zorbly",
        "relation": "treats",
        "subject": ["Drug"],
        "object": ["CancerType"],
        "pattern": [{"SLOT": "subject"}, {"LOWER": "zorbly"}, {"SLOT": "object"}],
        "example": "Nivolumab zorbly melanoma.",
    }
    rule_filter, nlp = _filter_for(line)
    met_without_types = rule_filter.words_met([nlp.vocab.strings.add("Zorbly")])
    assert met_without_types and met_without_types & rule_filter.needs[0] == met_without_types
    assert rule_filter.words_met([nlp.vocab.strings.add("treats")]) == 0
    assert rule_filter.possible(met_without_types) == ()  # the slots' entity types are missing
    drug, cancer = nlp.vocab.strings["Drug"], nlp.vocab.strings["CancerType"]
    met = sentence_mask(rule_filter, [met_without_types], [drug, cancer])
    assert rule_filter.possible(met) == (0,)
    assert rule_filter.possible(sentence_mask(rule_filter, [0], [drug, cancer])) == ()


def _sentence_rules(text: str) -> set[str]:
    nlp, recognizer, relations = _engine()
    doc = relations.prepare(recognizer(nlp(text)))
    rule_filter = relations.filter
    found = set()
    table = doc.to_array([ORTH, ENT_TYPE]).tolist()
    for sent in doc.sents:
        rows = table[sent.start : sent.end]
        words = [rule_filter.word_mask(orth) for orth, _ in rows]
        met = sentence_mask(rule_filter, words, [ent for _, ent in rows])
        found |= {rule_filter.rules[i][0] for i in rule_filter.possible(met)}
    return found


def test_a_sentence_without_a_rules_anchor_words_skips_the_rule(tmp_path):
    with_anchor = "Keytruda contains the active substance pembrolizumab."
    without = "Keytruda contains the substance pembrolizumab."
    rule = next(r for r in load_relation_rules() if "active substance" in r.example)
    assert rule.id in _sentence_rules(with_anchor)
    assert rule.id not in _sentence_rules(without)
    assert ("pembrolizumab", "brand_name", "Keytruda") in triples(facts_of(with_anchor, tmp_path))


def _variants() -> dict[str, list]:
    """The compiled rules of each construction variant (one per relation it serves)."""
    variants: dict[str, list] = {}
    for rule in load_relation_rules():
        variants.setdefault(rule.id.rsplit("/", 1)[0], []).append(rule)
    return variants


def _unjudged(rule) -> str | None:
    """Why a variant's example cannot be judged on its sentence alone, or None."""
    if rule.list_only:
        return "list-only rules run over list items glued to their header"
    if any(
        (token.get("SLOT") == "subject" and "LOWER" in token)
        or (token.get("SLOT") == "object" and "anaphor" in token.get("_", {}))
        for token in rule.pattern
    ):
        return "a slot is a pointing phrase, typed only once resolved in context"
    if "|" in rule.example:
        return "a table row is a sentence of its own; its drug is the heading's"
    return None


JUDGED = {name: rules for name, rules in _variants().items() if not _unjudged(rules[0])}


def test_most_variants_are_judged_on_their_own_sentence():
    assert len(JUDGED) >= 0.75 * len(_variants())


@pytest.mark.parametrize("rules", list(JUDGED.values()), ids=list(JUDGED))
def test_every_variant_passes_the_filter_on_its_own_example(rules):
    rule = rules[0]
    assert {r.id for r in rules} & _sentence_rules(rule.example)


def _corpus_docs():
    nlp, recognizer, relations = _engine()
    paths = [*seed_paths(), DATA / "unseen", DATA / "heldout", DATA / "extract"]
    for document in read_corpus(paths).documents:
        texts = [document.block_text(block) for block in document.blocks]
        for doc in nlp.pipe(texts):
            yield relations.prepare(recognizer(doc))


def _full_matcher(rule_filter: RuleFilter) -> Matcher:
    matcher = Matcher(rule_filter.vocab, validate=False)
    for rule_id, pattern in rule_filter.rules:
        matcher.add(rule_id, [pattern])
    return matcher


def test_filtered_rules_find_the_same_matches_in_the_same_order_on_real_texts():
    _, _, relations = _engine()
    rule_filter = relations.filter
    full = _full_matcher(rule_filter)
    sentences = matched = 0
    for doc in _corpus_docs():
        table = doc.to_array([ORTH, ENT_TYPE]).tolist()
        words = [rule_filter.word_mask(orth) for orth, _ in table]
        for sent in doc.sents:
            met = sentence_mask(
                rule_filter,
                words[sent.start : sent.end],
                [row[1] for row in table[sent.start : sent.end]],
            )
            allowed = rule_filter.possible(met)
            expected = full(sent, with_alignments=True)
            got = rule_filter.matcher(allowed)(sent, with_alignments=True) if allowed else []
            assert got == expected, sent.text
            sentences += 1
            matched += bool(expected)
    assert sentences > 1000 and matched > 200  # the corpora exercised the filter


def test_pointing_phrases_filtered_find_the_same_matches():
    nlp, recognizer, relations = _engine()
    pointing = relations.pointing
    full = _full_matcher(pointing)
    paths = [*seed_paths(), DATA / "unseen"]
    for document in read_corpus(paths).documents:
        for block in document.blocks:
            doc = recognizer(nlp(document.block_text(block)))
            kinds = pointing.possible(pointing.doc_met(doc))
            got = pointing.matcher(kinds)(doc) if kinds else []
            assert got == full(doc), doc.text
    assert set(ANAPHORA) == {rule_id for rule_id, _ in pointing.rules}


def test_entity_patterns_filtered_by_words_and_flags_find_the_same_matches():
    nlp, recognizer, _ = _engine()
    patterns = recognizer.patterns
    assert patterns.masks["flag"]  # regex and set tests are required as lexeme flags
    full = _full_matcher(patterns)
    paths = [*seed_paths(), DATA / "unseen", DATA / "heldout", DATA / "extract"]
    matched = 0
    for document in read_corpus(paths).documents:
        for block in document.blocks:
            doc = nlp(document.block_text(block))
            kinds = patterns.possible(patterns.doc_met(doc))
            got = patterns.matcher(kinds)(doc) if kinds else []
            expected = full(doc)
            assert got == expected, doc.text
            matched += bool(expected)
    assert matched > 100
