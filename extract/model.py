"""Plain data passed between the pipeline's stages: documents, entities, facts, evidence."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "item"]
EntityType = Literal["Drug", "DrugClass", "Target", "CancerType", "SideEffect", "ImmuneCell"]
Status = Literal["stated", "approved", "investigational"]

RELATIONS: tuple[str, ...] = (
    "brand_name",
    "in_class",
    "subclass_of",
    "targets",
    "treats",
    "has_side_effect",
)
STATUSES: tuple[str, ...] = ("stated", "approved", "investigational")


@dataclass(frozen=True)
class OffsetMap:
    """Maps offsets in a document's clean text back to offsets in the original file.

    Clean text is made of runs copied verbatim from the original; each run is
    ``(clean_start, original_start, length)``. Storing runs, not one integer per
    character, keeps a million-word corpus cheap.
    """

    runs: tuple[tuple[int, int, int], ...]

    def to_original(self, clean_offset: int) -> int:
        """Original offset of the character at ``clean_offset`` (or of the end)."""
        if not self.runs:
            return clean_offset
        starts = [run[0] for run in self.runs]
        index = max(bisect_right(starts, clean_offset) - 1, 0)
        clean_start, original_start, length = self.runs[index]
        return original_start + min(clean_offset - clean_start, length)

    def span(self, clean_start: int, clean_end: int) -> tuple[int, int]:
        """Original ``(start, end)`` covering the clean span ``[clean_start, clean_end)``."""
        if clean_end <= clean_start:
            start = self.to_original(clean_start)
            return start, start
        return self.to_original(clean_start), self.to_original(clean_end - 1) + 1


@dataclass(frozen=True)
class Block:
    """One line of visible text: a heading, a paragraph or a list item.

    ``start``/``end`` are offsets into ``Document.text``; ``header`` is the index
    (in ``Document.blocks``) of the line that introduces a list item, e.g.
    "Side effects include:", or None.
    """

    kind: BlockKind
    start: int
    end: int
    header: int | None = None


@dataclass(frozen=True)
class Document:
    """A source text, cleaned for extraction, that remembers where every character came from."""

    id: str
    path: str
    text: str
    blocks: tuple[Block, ...]
    offsets: OffsetMap
    sha256: str
    metadata: dict[str, str] = field(default_factory=dict)
    original_length: int = 0

    def block_text(self, block: Block) -> str:
        return self.text[block.start : block.end]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets.span(start, end)


@dataclass(frozen=True, order=True)
class Entity:
    """A named thing of the graph. ``source`` says whether the lexicon or a pattern found it.

    ``broader``: for a cancer whose name narrows another known cancer ("uveal melanoma"),
    the ids of the cancers it narrows, nearest first; the graph writes them as skos:broader.
    """

    id: str
    label: str
    type: str
    source: Literal["lexicon", "pattern"] = "lexicon"
    broader: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True, order=True)
class Evidence:
    """One sentence that states a fact, located in the original file."""

    document: str
    start: int
    end: int
    sentence: str
    rule: str
    status: str
    # Where the subject came from a pronoun, a plural reference or the page's subject: that
    # antecedent's entity id and where it stands, (id, start, end) in the original file.
    antecedent: tuple[tuple[str, int, int], ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Fact:
    """A relation the texts state, with every sentence that states it.

    ``object`` is an Entity, except for ``brand_name`` where it is the brand string.
    ``status`` is "approved" or "investigational" for ``treats`` and "stated" otherwise.
    """

    subject: Entity
    relation: str
    object: Entity | str
    status: str
    evidence: tuple[Evidence, ...]

    @property
    def object_label(self) -> str:
        return self.object if isinstance(self.object, str) else self.object.label

    @property
    def key(self) -> tuple[str, str, str]:
        obj = self.object if isinstance(self.object, str) else self.object.id
        return (self.subject.id, self.relation, obj)

    @property
    def documents(self) -> tuple[str, ...]:
        return tuple(sorted({ev.document for ev in self.evidence}))


@dataclass(frozen=True)
class Statement:
    """One relation a sentence states, before facts are merged."""

    rule: str
    subject: Entity
    relation: str
    object: Entity | str
    status: str
    start: int  # character offsets of the sentence in the Doc's text
    end: int
    # The subject's antecedent when a pointing phrase stood for it: (id, start, end) of its
    # latest mention, as offsets into the document's clean text.
    antecedent: tuple[tuple[str, int, int], ...] = ()
