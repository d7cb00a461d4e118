"""Fuzzing the file reader (issue 14): random bytes, encodings, sizes, markup and front matter.

Three properties hold for every file drawn:
1. no exception escapes but the documented skip (InputError, which names the file);
2. every offset stays inside the file's text;
3. the other files' facts are unchanged by it being in the corpus.

Examples are derandomised in CI (tests/conftest.py); IMMUNOKG_FUZZ_SCALE=N runs N times as
many, and HYPOTHESIS_PROFILE=explore draws new ones each run.
"""

from __future__ import annotations

import codecs
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from immunokg.extract.errors import InputError
from immunokg.extract.read.corpus import read_corpus, read_document
from immunokg.graph.build.batches import extract_isolated

SCALE = int(os.environ.get("IMMUNOKG_FUZZ_SCALE", "1"))
GOOD = {
    "good-a.txt": "Pembrolizumab (Keytruda) is a PD-1 inhibitor. It treats melanoma.\n",
    "good-b.html": "<ul><li>Ipilimumab targets CTLA-4.</li></ul><p>Side effects include rash.</p>",
}

MARKUP = st.sampled_from(
    [
        "<p>", "</p>", "<li>", "<ul>", "</ul>", "<h2>", "<br>", "<div hidden>", "</div>",
        '<span style="display:none">', "<script>", "</script>", "<!--", "-->", "<![CDATA[",
        "&amp;", "&#x41;", "&#1234567;", "&nbsp;", "&", "<", ">", "# ", "- ", "* ", "1. ",
        "[", "](", ")", "![", "**", "`", "\n", "\r\n", "\r", "\t", "\x00", "\x01", "\x0c",
        "\ufeff", "\ufffe", "\u2028", "é", "😀", "---\n", "...\n", "Nivolumab targets PD-1. ",
        "(" * 25, "A" * 310, "word " * 50,
    ]
)  # fmt: skip
FRONT_MATTER = st.sampled_from(
    [""] * 6 + ["---\ntitle: x\n", "---\n- a\n- b\n---\n", "---\n: :\n---\n", "---\n"]
) | st.builds(lambda body: f"---\ntitle: {body}\n---\n", st.text(max_size=60))
ENCODINGS = st.sampled_from(
    ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1"]
)


@st.composite
def files(draw) -> tuple[str, bytes]:
    """A file name and its bytes: text of markup, random characters and sentences in some
    encoding (now and then much repeated), or raw random bytes."""
    suffix = draw(st.sampled_from([".txt", ".md", ".html", ".htm", ".markdown"]))
    if draw(st.integers(0, 9)) == 0:
        return f"drawn{suffix}", draw(st.binary(max_size=2000))
    pieces = draw(st.lists(st.one_of(MARKUP, st.text(max_size=30)), max_size=40))
    text = draw(FRONT_MATTER) + "".join(pieces) * draw(st.sampled_from([1, 1, 1, 3, 200]))
    encoding = draw(ENCODINGS)
    data = text.encode(encoding, errors="replace")
    return f"drawn{suffix}", data


def _baseline() -> dict[str, set]:
    """The good files' facts read alone, by document: what must not change."""
    with tempfile.TemporaryDirectory() as folder:
        for name, text in GOOD.items():
            (Path(folder) / name).write_text(text, encoding="utf-8")
        facts, failed = extract_isolated(read_corpus([folder]).documents)
    assert not failed
    return _by_document(facts)


def _by_document(facts) -> dict[str, set]:
    found: dict[str, set] = {}
    for fact in facts:
        for evidence in fact.evidence:
            found.setdefault(evidence.document, set()).add((fact.key, evidence))
    return found


BASELINE = _baseline()


@settings(
    max_examples=60 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(files())
def test_any_file_reads_or_is_skipped_in_one_line_and_offsets_stay_inside(drawn) -> None:
    name, data = drawn
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            document, warnings = read_document(path)
        except InputError as error:  # property 1: the documented skip, naming the file
            assert str(error).startswith(f"{path}: ")
            assert "\n" not in str(error)
            return
    assert all(w.startswith(f"{path}: ") and "\n" not in w for w in warnings)
    for run in document.offsets.runs:  # property 2
        assert run.clean_start >= 0 and run.clean_end <= len(document.text)
        assert 0 <= run.original_start <= run.original_end <= document.original_length
    for block in document.blocks:
        start, end = document.original_span(block.start, block.end)
        assert 0 <= start <= end <= document.original_length
        assert document.block_text(block).strip()


@settings(
    max_examples=25 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(files())
def test_a_drawn_file_beside_good_ones_leaves_their_facts_unchanged(drawn) -> None:
    name, data = drawn
    with tempfile.TemporaryDirectory() as folder:
        for good, text in GOOD.items():
            (Path(folder) / good).write_text(text, encoding="utf-8")
        (Path(folder) / name).write_bytes(data)
        corpus = read_corpus([folder])  # property 1: the corpus never raises
        facts, failed = extract_isolated(corpus.documents)
    assert all(document.id != "drawn" for document in corpus.documents) or not failed
    found = _by_document(facts)  # property 3
    assert {doc: found.get(doc, set()) for doc in BASELINE} == BASELINE


def test_the_reader_reads_each_mark_it_promises() -> None:
    """A sanity check of the strategy: the encodings it draws do reach the reader as text."""
    with tempfile.TemporaryDirectory() as folder:
        for encoding in ("utf-16", "utf-32", "utf-8-sig"):
            path = Path(folder) / f"{encoding}.txt"
            path.write_bytes("Nivolumab targets PD-1.".encode(encoding))
            assert read_document(path)[0].text == "Nivolumab targets PD-1."
        assert codecs.BOM_UTF16_LE in "x".encode("utf-16")
