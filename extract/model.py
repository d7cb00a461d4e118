"""Plain data passed between the pipeline's stages: documents, entities, facts, evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from immunokg.extract.offsets import OffsetMap, Span

# A table gives "columns" (its row of column names), "group" (a row spanning the table that
# names the rows under it, e.g. "PD-1 inhibitors") and "row" (a data row, one cell a column).
BlockKind = Literal["heading", "paragraph", "item", "columns", "group", "row"]
TABLE_KINDS: tuple[str, ...] = ("columns", "group", "row")
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
class Block:
    """One line of visible text: a heading, a paragraph, a list item or a table row.

    ``start``/``end`` are offsets into ``Document.text``; ``header`` is the index
    (in ``Document.blocks``) of the line that introduces a list item, e.g.
    "Side effects include:", or of a table row's row of column names, or None.
    A table row's ``cells`` are its cells' ``(start, end)`` in ``Document.text``, in
    column order, and ``group`` the index of the group row it stands under, or None.
    """

    kind: BlockKind
    start: int
    end: int
    header: int | None = None
    cells: tuple[tuple[int, int], ...] = ()
    group: int | None = None


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

    def spans(self, start: int, end: int) -> tuple[Span, ...]:
        """The verbatim pieces of the original file that show ``text[start:end]``."""
        return self.offsets.spans(self.text, start, end)


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
    """One sentence that states a fact, located in the original file.

    ``sentence`` is the text shown to people; ``start``/``end`` cover it in the
    original file, and ``spans`` are the verbatim pieces of the original that it
    is made of: one for a plain sentence, two for a list item and the line that
    introduces it, more where markup splits a sentence.
    """

    document: str
    start: int
    end: int
    sentence: str
    rule: str
    status: str
    spans: tuple[Span, ...] = ()
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
