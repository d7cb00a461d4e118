"""The curated boilerplate patterns: strict loading, what they drop and what they keep."""

from __future__ import annotations

from importlib.resources import files

import pytest

from immunokg.extract.errors import DataFileError
from immunokg.extract.read.boilerplate import (
    boilerplate_patterns,
    boilerplate_rule,
    is_boilerplate,
    parse_patterns,
)
from immunokg.extract.read.bundled import seed_paths
from immunokg.extract.read.corpus import read_corpus

HEADER = "id\tpattern\texample\n"


def test_bundled_patterns_load_and_are_sorted_by_id() -> None:
    ids = [rule_id for rule_id, _ in boilerplate_patterns()]
    assert len(ids) >= 20
    assert ids == sorted(ids)


def test_the_file_is_canonical_one_record_a_line() -> None:
    text = (files("immunokg.extract") / "data" / "boilerplate.tsv").read_text(encoding="utf-8")
    records = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert all(line.count("\t") == 2 for line in records)
    assert all(line == line.strip() for line in records)


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Share on Facebook", "share-on"),
        ("Tweet", "print-email-share"),
        ("Share | Email | Print", "print-email-share"),
        ("Advertisement", "advertisement"),
        ("Was this page helpful?", "feedback-prompt"),
        ("Rate this page:", "feedback-prompt"),
        ("Call 1-800-4-CANCER", "phone-vanity"),
        ("Appointments 216.444.8500", "appointment-prompt"),
        ("Cancer Answer Line 866.223.8100", "phone-line"),
        ("© 2024 Cleveland Clinic. All rights reserved.", "copyright"),
        ("Home > Cancer > Treatment", "breadcrumb-home"),
        ("Home / About cancer", "breadcrumb-home"),
        ("Skip to main content", "skip-link"),
        ("Print this page", "print-this-page"),
        ("Last reviewed on 11/15/2022.", "review-date"),
        ("Last Reviewed: June 24, 2018", "review-date"),
        ("Updated: 24 July 2013", "review-date"),
        ("We use cookies to give you the best experience on our website.", "cookie-banner"),
        ("Accept all cookies", "cookie-banner"),
        ("Locations:", "contact-prompt"),
        ("Question about cancer? Contact our information nurse team", "contact-team"),
        ("Sign up for our newsletter", "newsletter"),
        ("For more information on cancer immunotherapy, see:", "more-information"),
    ],
)
def test_web_chrome_is_recognised(line: str, rule: str) -> None:
    assert boilerplate_rule(line) == rule


@pytest.mark.parametrize(
    "line",
    [
        "Nivolumab is approved to treat melanoma.",
        "Side effects include:",
        "Call your doctor right away if you have chest pain or trouble breathing.",
        "Call 911 if you have trouble breathing.",
        "Contact your doctor if you have a fever.",
        "Appointments are needed every two weeks for infusions.",
        "Updated guidance on CAR T-cell therapy",
        "Home care after treatment",
        "Ad hoc analyses showed benefit.",
        "Interleukin 2 (IL-2), which activates T cells, is approved to treat melanoma.",
        "Email your care team about side effects.",
        "Learn more about how immunotherapy works and which side effects it may cause in people "
        "treated for melanoma, lung cancer and bladder cancer.",
        "The FDA approved the first checkpoint inhibitor in 2011.",
    ],
)
def test_content_lines_are_kept(line: str) -> None:
    assert boilerplate_rule(line) is None


def test_seed_chrome_is_gone_and_seed_content_stays() -> None:
    corpus = read_corpus(seed_paths())
    text = "\n".join(document.text for document in corpus.documents)
    for chrome in (
        "Advertisement",
        "Advertising on our site helps support our mission",
        "Locations:",
        "Rate this page",
        "Cancer Research UK on Facebook",
        "All Rights Reserved",
        "Home News & Events",
        "Call us on 0800",
        "Last reviewed on",
    ):
        assert chrome not in text
    for content in (
        "Rituximab (Mabthera) recognises CD20 protein",
        "Thalidomide (Thalomid®).",
        "Kymriah (tisagenlecleucel)",
        "Imiquimod can cause skin reactions.",
    ):
        assert content in text


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("id\tpattern\n", "header must be id/pattern/example"),
        (HEADER + "a\tx\n", "expected 3 tab-separated fields"),
        (HEADER + "a\tx\tx\na\ty\ty\n", "duplicate id 'a'"),
        (HEADER + "a\t(x\t(x\n", "does not compile"),
        (HEADER + "a\tshare\tShare on Facebook\n", "does not match its example"),
    ],
)
def test_a_bad_patterns_file_names_the_file_and_line(body: str, problem: str) -> None:
    with pytest.raises(DataFileError) as caught:
        parse_patterns(body, "custom.tsv")
    assert str(caught.value).startswith("custom.tsv:")
    assert problem in str(caught.value)
    assert caught.value.line is not None


def test_the_fast_check_agrees_with_the_rule_lookup() -> None:
    corpus = read_corpus(seed_paths())
    lines = [line for path in seed_paths() for line in path.read_text().splitlines()]
    lines += [d.block_text(b) for d in corpus.documents for b in d.blocks]
    lines += [example for _, _, example in _examples()]
    assert any(is_boilerplate(line) for line in lines)
    for line in lines:
        assert is_boilerplate(line) == (boilerplate_rule(line) is not None), line


def _examples() -> list[tuple[str, str, str]]:
    text = (files("immunokg.extract") / "data" / "boilerplate.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return [tuple(row) for row in rows[1:]]
