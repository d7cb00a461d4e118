"""Assertion status: negation drops a statement, hedged or trial language makes it investigational."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING

from immunokg.extract.errors import DataFileError
from immunokg.extract.rules.datafile import jsonl_records, token_pattern
from immunokg.extract.rules.word_lists import word_list

if TYPE_CHECKING:
    from spacy.tokens import Span

CUE_KEYS = ("id", "kind", "pattern", "example")
CUE_KINDS = ("negation", "hedge", "choice")
# A "choice" cue names an option offered to the reader ("you might have X for Y"): it is no
# hedge of the fact, and hides any hedge cue it overlaps.
# Words that close a clause: a hedge before them does not reach a statement after them.
CLAUSE_BREAKS = word_list("clause-breaks")


@dataclass(frozen=True)
class Cue:
    """A word or phrase that negates or hedges the statement it sits in."""

    id: str
    kind: str
    pattern: tuple[dict[str, object], ...]
    example: str


@lru_cache(maxsize=1)
def load_status_cues() -> tuple[Cue, ...]:
    resource = files("immunokg.extract") / "data" / "status_cues.jsonl"
    return parse_status_cues(resource.read_text(encoding="utf-8"), str(resource))


def parse_status_cues(text: str, path: str) -> tuple[Cue, ...]:
    """Each line one cue; unknown keys, kinds or duplicate ids raise DataFileError."""
    cues: list[Cue] = []
    for number, record in jsonl_records(text, path, "cue"):
        if sorted(record) != sorted(CUE_KEYS):
            raise DataFileError(path, number, f"a cue has exactly the keys {list(CUE_KEYS)}")
        if record["kind"] not in CUE_KINDS:
            raise DataFileError(path, number, f"kind {record['kind']!r} not in {list(CUE_KINDS)}")
        pattern = token_pattern(record["pattern"], path, number)
        cues.append(Cue(record["id"], record["kind"], tuple(pattern), record["example"]))
    return tuple(cues)


class StatusCues:
    """Finds cues in a sentence once; then answers for any statement inside it."""

    def __init__(self, matcher, cues: tuple[Cue, ...]) -> None:
        """``matcher``: an empty spaCy Matcher from the engine (only the engine imports spaCy)."""
        self.matcher = matcher
        self.kinds: dict[str, str] = {}
        for cue in cues:
            self.matcher.add(cue.id, [list(cue.pattern)])
            self.kinds[cue.id] = cue.kind

    def find(self, sent: Span) -> list[tuple[str, int, int]]:
        """(kind, start, end) of every cue, token offsets in the Doc; hedges hide negations."""
        found = []
        for match_id, start, end in self.matcher(sent):
            kind = self.kinds[sent.doc.vocab.strings[match_id]]
            found.append((kind, sent.start + start, sent.start + end))
        choices = [(s, e) for kind, s, e in found if kind == "choice"]
        found = [
            cue
            for cue in found
            if cue[0] == "negation" or (cue[0] == "hedge" and not _within(cue, choices))
        ]
        hedges = [(s, e) for kind, s, e in found if kind == "hedge"]
        return [cue for cue in found if cue[0] == "hedge" or not _within(cue, hedges)]


def _within(cue: tuple[str, int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s <= cue[1] < e for s, e in spans)


def assertion_status(
    cues: list[tuple[str, int, int]], sent: Span, start: int, end: int, default: str
) -> str | None:
    """The status of a statement spanning tokens [start, end): None when negated.

    Negation counts only inside the statement; a hedge counts from the start of
    its clause, so "researchers are studying X as a way to treat Y" is hedged
    while "X treats Y, but Z is still being studied" is not.
    """
    clause_start = sent.start
    for token in sent.doc[sent.start : start]:
        if token.lower_ in CLAUSE_BREAKS:
            clause_start = token.i + 1
    status = default
    for kind, cue_start, _cue_end in cues:
        if kind == "negation" and start <= cue_start < end:
            return None
        if kind == "hedge" and clause_start <= cue_start < end and default == "approved":
            status = "investigational"
    return status
