"""`ask`: short phrases read by the pattern grammar in graph/data/ask_patterns.tsv."""

from __future__ import annotations

import pytest
from querygraph import fixture_store

from immunokg.extract.errors import DataFileError, ImmunokgError
from immunokg.graph.ask.card import EntityCard
from immunokg.graph.ask.lookup import ASK_LOOKUPS, Lookup, ask
from immunokg.graph.ask.names import UnknownNameError
from immunokg.graph.ask.phrases import load_phrases, read_phrase

PHRASES = load_phrases(ASK_LOOKUPS)


@pytest.fixture(scope="module")
def store():
    return fixture_store()


@pytest.mark.parametrize(
    ("phrase", "title"),
    [
        ("drugs targeting PD-1", "drugs targeting PD-1"),
        ("Which drugs target PD1?", "drugs targeting PD-1"),
        ("what targets CTLA-4", "drugs targeting CTLA-4"),
        ("drugs for melanoma", "drugs treating melanoma"),
        ("what treats kidney cancer?", "drugs treating kidney cancer"),
        ("drugs in the checkpoint inhibitor class", "drugs in class immune checkpoint inhibitor"),
        ("side effects of ipilimumab", "side effects of ipilimumab"),
        ("What are the side effects of Yervoy?", "side effects of ipilimumab"),
        ("targets of pembrolizumab", "targets of pembrolizumab"),
        ("what does nivolumab target", "targets of nivolumab"),
        ("PD-1 inhibitors", "drugs in class PD-1 inhibitor or drugs targeting PD-1"),
        ("CTLA-4 inhibitors", "drugs in class CTLA-4 inhibitor or drugs targeting CTLA-4"),
        ("checkpoint inhibitors", "drugs in class immune checkpoint inhibitor"),
    ],
)
def test_phrases_map_to_lookups(store, phrase, title):
    answer = ask(store, phrase)
    assert isinstance(answer, Lookup)
    assert answer.title == title


def test_drugs_targeting_pd1_by_phrase(store):
    answer = ask(store, "drugs targeting PD-1")
    assert [r["drug"] for r in answer.records] == ["cemiplimab", "nivolumab", "pembrolizumab"]


@pytest.mark.parametrize(
    "phrase", ["what is pembrolizumab", "tell me about Keytruda", "what is a checkpoint inhibitor"]
)
def test_what_is_gives_an_entity_card(store, phrase):
    answer = ask(store, phrase)
    assert isinstance(answer, EntityCard)


def test_a_later_pattern_answers_when_the_first_name_is_unknown(store):
    # "inhibitors" reads "what is a checkpoint"; "what is" reads "checkpoint inhibitor".
    assert [p.id for p, _ in read_phrase(PHRASES, "what is a checkpoint inhibitor")] == [
        "inhibitors",
        "what-is",
    ]
    assert ask(store, "what is a checkpoint inhibitor").label == "immune checkpoint inhibitor"


def test_unreadable_phrase_lists_the_phrases_it_can_read(store):
    with pytest.raises(ImmunokgError) as error:
        ask(store, "how tall is the moon")
    message = str(error.value)
    assert message.startswith("cannot read the phrase 'how tall is the moon'")
    assert all(phrase.example in message for phrase in PHRASES)


def test_unknown_name_in_a_phrase_suggests(store):
    with pytest.raises(UnknownNameError, match="did you mean ipilimumab"):
        ask(store, "side effects of ipilimumib")


def test_every_example_is_read_by_its_own_pattern_first():
    for phrase in PHRASES:
        assert read_phrase(PHRASES, phrase.example)[0][0] is phrase


def test_grammar_covers_the_phrases_users_say():
    assert {phrase.lookup for phrase in PHRASES} == set(ASK_LOOKUPS)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("id\tpattern\n", "the header must be the columns id, pattern, lookup, example"),
        (
            "id\tpattern\tlookup\texample\nx\t^(?P<name>.+)$\tentity\n",
            "4 non-empty tab-separated fields",
        ),
        (
            "id\tpattern\tlookup\texample\nX Y\t^(?P<name>.+)$\tentity\tfoo\n",
            "is not lower-case words",
        ),
        ("id\tpattern\tlookup\texample\nx\t^(?P<name>.+)$\tguess\tfoo\n", "unknown lookup 'guess'"),
        (
            "id\tpattern\tlookup\texample\nx\t^(?P<name>.+$\tentity\tfoo\n",
            "pattern does not compile",
        ),
        ("id\tpattern\tlookup\texample\nx\t^(.+)$\tentity\tfoo\n", "exactly one named group"),
        (
            "id\tpattern\tlookup\texample\nx\t^show (?P<name>.+)$\tentity\tfoo\n",
            "does not match its own pattern",
        ),
        (
            "id\tpattern\tlookup\texample\nx\t^(?P<name>.+)$\tentity\tfoo\nx\t^(?P<name>.+)$\tentity\tfoo\n",
            "duplicate id 'x'",
        ),
    ],
)
def test_bad_grammar_files_are_rejected_naming_file_and_line(tmp_path, content, problem):
    path = tmp_path / "ask_patterns.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        load_phrases(ASK_LOOKUPS, path)
    assert str(error.value).startswith(f"{path}:")
    assert problem in str(error.value)
