"""Table rows read as sentences: each cell with its column name, said of the row's drug.

A data row "pembrolizumab | Keytruda | PD-1" under the column names "Medicine | Brand |
Target" gives one sentence per cell, "pembrolizumab | Target: PD-1", which the table
constructions read with the column name's trigger word (target → targets, brand →
brand_name, approved uses → treats), so a column name works wherever its word is a trigger.
A group row above it ("PD-1 inhibitors") gives "PD-1 inhibitors: pembrolizumab", read as a
class with its member. Evidence spans are the cells themselves (and the column name, and
the group row), never the " | " between them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from immunokg.extract.engine.coordination import AGENTS
from immunokg.extract.engine.tokens import marks
from immunokg.extract.model import Block, Document, Entity, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

# A glued sentence: (text, junction, original start, original end, spans); the junction is
# where its second part starts, and a statement must reach past it.
Glued = tuple[str, int, int, int, tuple[Span, ...]]
Range = tuple[int, int]  # clean offsets into Document.text

_SUBJECT_KINDS = AGENTS | {"Anaphor"}
_VALUE_SEPARATOR = "; "  # between values of one cell: "melanoma; lung cancer"


def table_sentences(document: Document, docs: list[Doc]) -> dict[int, list[Glued]]:
    """For each data row (block index): its cells glued to their column names and its
    drug, and its drug glued to its group row. ``docs``: each block's tokens."""
    found: dict[int, list[Glued]] = {}
    for index, block in enumerate(document.blocks):
        if block.kind != "row" or (block.header is None and block.group is None):
            continue
        subject = _subject_cell(block, docs[index])
        if subject is None:
            continue
        glued = found.setdefault(index, [])
        if block.group is not None:
            name = _without_aside(document, document.blocks[block.group].cells[0])
            glued.append(_glue(document, [name], block.cells[subject], ": "))
        if block.header is not None:
            glued += _cell_sentences(document, block, docs[index], subject)
    return found


def _cell_sentences(document: Document, block: Block, doc: Doc, subject: int) -> list[Glued]:
    columns = document.blocks[block.header].cells if block.header is not None else ()
    sentences = []
    for k, cell in enumerate(block.cells):
        if (
            k == subject
            or k >= len(columns)
            or cell[0] == cell[1]
            or columns[k][0] == columns[k][1]
        ):
            continue
        for pair_subject, value in _pairs(block, doc, block.cells[subject], cell):
            named = _glue(document, [pair_subject, columns[k]], value, " | ", ": ")
            sentences.append(named)
    return sentences


def _subject_cell(block: Block, doc: Doc) -> int | None:
    """The cell the row is about: the first naming a drug, else a brand, else a class, else
    a pointing phrase ("Very common" in a table of a drug's side effects)."""
    kinds = [_kinds(block, doc, cell) for cell in block.cells]
    for wanted in ("Drug", "Brand", "DrugClass", "Anaphor"):
        for k, cell_kinds in enumerate(kinds):
            if wanted in cell_kinds:
                return k
    return None


def _tokens(block: Block, doc: Doc, cell: Range) -> list:
    start, end = cell[0] - block.start, cell[1] - block.start
    return [t for t in doc if start <= t.idx < end]


def _kinds(block: Block, doc: Doc, cell: Range) -> set[str]:
    return {t.ent_type_ for t in _tokens(block, doc, cell) if t.ent_type_ in _SUBJECT_KINDS}


def _pairs(block: Block, doc: Doc, subject: Range, cell: Range) -> list[tuple[Range, Range]]:
    """(subject, value) pairs of one cell: each value of a "; " list with the row's drug;
    where the subject cell names n drugs ("relatlimab with nivolumab") and the cell n names
    of one kind ("LAG-3 and PD-1"), the n-th with the n-th, as a row states them."""
    agents, seen = [], set()
    for token in _tokens(block, doc, subject):
        ids = {e.id for e in marks.entities(token)} if token.ent_type_ in AGENTS else set()
        if ids and not ids & seen:
            agents.append(token)
        seen |= ids
    named = [t for t in _tokens(block, doc, cell) if t.ent_type_]
    if len(agents) > 1 and len(named) == len(agents) and len({t.ent_type_ for t in named}) == 1:
        return [(_range(block, a), _range(block, n)) for a, n in zip(agents, named, strict=True)]
    if len(agents) > 1:  # "relatlimab with nivolumab": the row is the first drug's
        subject = (subject[0], _unit_end(block, doc, agents[0]))
    return [(subject, value) for value in _values(block, doc, cell)]


def _unit_end(block: Block, doc: Doc, token) -> int:
    """Where a drug's name ends, with a parenthesis right after it: "Keytruda (pembrolizumab)"."""
    end = token.i
    if end + 1 < len(doc) and doc[end + 1].text == "(":
        end = next((t.i for t in doc[end + 1 : end + 12] if t.text == ")"), end)
    return block.start + doc[end].idx + len(doc[end].text)


def _values(block: Block, doc: Doc, cell: Range) -> list[Range]:
    """The "; "-separated values of a cell, as clean ranges."""
    text = doc.text[cell[0] - block.start : cell[1] - block.start]
    values, start = [], 0
    while (found := text.find(_VALUE_SEPARATOR, start)) >= 0:
        values.append((cell[0] + start, cell[0] + found))
        start = found + len(_VALUE_SEPARATOR)
    values.append((cell[0] + start, cell[1]))
    return [(a, b) for a, b in values if b > a]


def _without_aside(document: Document, cell: Range) -> Range:
    """A group row's name without its parenthesis: "LAG-3 inhibitor (fixed combination)"."""
    bracket = document.text.find(" (", cell[0], cell[1])
    return (cell[0], bracket) if bracket > cell[0] else cell


def _range(block: Block, token) -> Range:
    start = block.start + token.idx
    return start, start + len(token.text)


def _glue(document: Document, heads: list[Range], value: Range, *joins: str) -> Glued:
    """Parts of the document's clean text joined into one sentence, with its spans; the
    last part (the value) starts at the junction."""
    pieces = [*heads, value]
    texts = [document.text[a:b] for a, b in pieces]
    text = texts[0]
    for join, piece in zip(joins, texts[1:], strict=True):
        text += join + piece
    junction = len(text) - len(texts[-1])
    if len(heads) > 1:  # "drug | column: value": the statement reaches past the drug
        junction = len(texts[0]) + len(joins[0])
    spans = tuple(sorted(span for a, b in pieces for span in document.spans(a, b)))
    starts = [document.original_span(a, b) for a, b in pieces]
    return text, junction, min(s for s, _ in starts), max(e for _, e in starts), spans


def mark_value(doc: Doc, junction: int) -> None:
    """A cell value the lexicon does not know, written as a name ("Zorbex", "Quorvia XR"):
    one Brand token, which only a brand column's rule takes."""
    colon = next((t.i for t in doc if t.idx >= junction and t.text in (":", "):")), None)
    if colon is None or colon + 1 >= len(doc):
        return
    words = doc[colon + 1 :]
    if len(words) > _LONGEST_NAME or any(t.ent_type_ or not _name_word(t.text) for t in words):
        return
    with doc.retokenize() as retokenizer:
        retokenizer.merge(words)
    token = doc[colon + 1]
    token.ent_type_ = "Brand"
    marks.mark(token, "brand", token.text)


_LONGEST_NAME = 3


def _name_word(word: str) -> bool:
    """A word of a name: a capital first, or a word that mixes in capitals or digits."""
    return word[:1].isupper() and word.replace("-", "").isalnum()


def row_drugs(block: Block, doc: Doc) -> tuple[Entity, ...]:
    """The drugs a data row is about (its subject cell's), which a later "all of these
    therapies" counts among the drugs the section has spoken of."""
    k = _subject_cell(block, doc) if block.kind == "row" else None
    if k is None:
        return ()
    tokens = _tokens(block, doc, block.cells[k])
    return tuple(e for t in tokens if t.ent_type_ == "Drug" for e in marks.entities(t))
