"""Kinds headings: the classes set out under "Types of immunotherapy" are its subclasses.

Each class stands as a sub-heading of its own or as a list item whose introducing line names
nothing ("The main ones are:"), and is read as "Types of immunotherapy: <class>". A run of
sub-headings ends at the first heading that is not a class name alone, so a later section
("Treatments for melanoma" / "Chemotherapy") is never taken for one more kind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from immunokg.extract.model import Document, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

_KINDS = frozenset({"types", "kinds", "forms", "classes", "categories", "groups", "sorts"})
_NAMED = ("Drug", "DrugClass", "Anaphor")


def kind_sentences(
    document: Document, docs: list[Doc]
) -> dict[int, tuple[int, tuple[str, int, int, int, tuple[Span, ...]]]]:
    """Block index → the kinds heading above it and the sentence its class makes with it, in
    the form of a list item glued to its header (text, junction, start, end, spans)."""
    glued = {}
    kinds: int | None = None  # the kinds heading in force
    run = False  # only class names have stood as headings since it
    for index, block in enumerate(document.blocks):
        doc = docs[index]
        if block.kind == "heading":
            if _names_kinds(doc):
                kinds, run = index, True
                continue
            run = run and _class_alone(doc)
            if run and kinds is not None:
                glued[index] = (kinds, _glue(document, kinds, index, doc))
            else:
                kinds = None
        elif (
            block.kind == "item"
            and kinds is not None
            and _opens_with_class(doc)
            and (block.header is None or not _names_any(docs[block.header]))
        ):
            glued[index] = (kinds, _glue(document, kinds, index, doc))
    return glued


def _names_kinds(doc: Doc) -> bool:
    """ "Types of immunotherapy", "The main kinds of cancer vaccine", "Immunotherapy types"."""
    words = [t.lower_ for t in doc]
    for i, token in enumerate(doc):
        if token.ent_type_ != "DrugClass":
            continue
        if i >= 2 and words[i - 1] == "of" and words[i - 2] in _KINDS:
            return True
        if i + 1 < len(doc) and words[i + 1] in _KINDS and i + 2 == len(doc):
            return True
    return False


def _class_alone(doc: Doc) -> bool:
    """A heading that is one class name, maybe with its abbreviation in brackets."""
    depth, named, rest = 0, 0, 0
    for token in doc:
        depth += (token.text == "(") - (token.text == ")")
        if token.ent_type_ == "DrugClass" and not depth:
            named += 1
        elif not depth and not token.is_punct:
            rest += 1
    return named == 1 and not rest


def _opens_with_class(doc: Doc) -> bool:
    first = next(iter(doc.sents), None)
    return first is not None and len(first) > 0 and first[0].ent_type_ == "DrugClass"


def _names_any(doc: Doc) -> bool:
    return any(t.ent_type_ in _NAMED for t in doc)


def _glue(document: Document, kinds: int, index: int, doc: Doc):
    """The kinds heading and the block's first sentence, as one list sentence."""
    head_block, block = document.blocks[kinds], document.blocks[index]
    head = document.block_text(head_block).rstrip(" :.")
    item = next(iter(doc.sents))
    item_range = (block.start + item.start_char, block.start + item.end_char)
    start = document.original_span(head_block.start, head_block.start + len(head))[0]
    end = document.original_span(*item_range)[1]
    spans = document.spans(head_block.start, head_block.start + len(head))
    spans += document.spans(*item_range)
    return (f"{head}: {item.text}", len(head) + 2, start, end, spans)
