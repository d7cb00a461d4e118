"""Documents to facts: the spaCy pipeline, entities, relation rules and merged evidence."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from immunokg.extract.engine.layout.kinds import kind_sentences
from immunokg.extract.engine.layout.lists import list_items
from immunokg.extract.engine.layout.subheadings import effect_subheadings
from immunokg.extract.engine.layout.tables import mark_value, row_drugs, table_sentences
from immunokg.extract.engine.names.abbreviations import DefinedNames, defined_names
from immunokg.extract.engine.referents import heading_context, page_topic
from immunokg.extract.engine.relations import Context, RelationEngine, Statement
from immunokg.extract.model import TABLE_KINDS, Document, Entity, Evidence, Fact, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from immunokg.extract.engine.entities import EntityRecognizer


@lru_cache(maxsize=1)
def _engine() -> tuple[object, EntityRecognizer, RelationEngine]:
    """The pipeline, lexicon matcher and rule matcher, compiled once per process."""
    from immunokg.extract.engine.entities import EntityRecognizer
    from immunokg.extract.engine.nlp import build_nlp, flag_matcher, lexical_pattern
    from immunokg.extract.engine.reference import ANAPHORA
    from immunokg.extract.rules.entity_patterns import load_entity_patterns
    from immunokg.extract.rules.grammar import load_relation_rules
    from immunokg.extract.rules.lexicon import load_lexicon
    from immunokg.extract.rules.status import StatusCues, load_status_cues
    from immunokg.extract.rules.triggers import load_triggers

    nlp = build_nlp()
    organ_verbs = {
        word: trigger.names
        for trigger in load_triggers()
        if trigger.names
        for word in trigger.words("verb")
    }
    recognizer = EntityRecognizer(nlp, load_lexicon(), load_entity_patterns(), organ_verbs)
    # Flag bits are few: patterns run over every token (entities, pointing words) take them
    # first, then cues and relation rules (run only over sentences that may relate).
    for pattern in ANAPHORA.values():
        lexical_pattern(nlp.vocab, pattern)
    cues = StatusCues(flag_matcher(nlp.vocab), load_status_cues())
    return nlp, recognizer, RelationEngine(nlp, load_relation_rules(), cues)


def extract_facts(documents: Iterable[Document], *, jobs: int = 1) -> list[Fact]:
    """Every fact the documents state, each with all its evidence; same result for any ``jobs``."""
    documents = list(documents)
    if jobs > 1 and len(documents) > 1:
        per_document = _in_processes(documents, jobs)
    else:
        per_document = [document_statements(document) for document in documents]
    return merge_facts(pair for pairs in per_document for pair in pairs)


def _in_processes(documents: list[Document], jobs: int) -> list[list[tuple[Statement, Evidence]]]:
    """Documents in chunks over ``jobs`` worker processes, forked once after the engine is
    compiled: the workers inherit it (no start-up each, no pickled pipeline); only documents
    and statements cross. Results come back in document order."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _engine()
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    chunksize = max(1, -(-len(documents) // (jobs * 4)))
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method)) as pool:
        return list(pool.map(document_statements, documents, chunksize=chunksize))


def document_statements(document: Document) -> list[tuple[Statement, Evidence]]:
    """Statements of one document, each with its evidence located in the original file."""
    nlp, recognizer, relations = _engine()
    texts = [document.block_text(block) for block in document.blocks]
    defined = DefinedNames(nlp, defined_names(texts, recognizer.lexicon))
    docs = [relations.prepare(recognizer(doc, defined)) for doc in nlp.pipe(texts)]  # type: ignore[attr-defined]
    headers = _item_headers(document, docs)
    virtual = _list_sentences(document, docs, headers)
    for index, (kinds, glued) in kind_sentences(document, docs).items():
        virtual[index], headers[index] = glued, kinds  # "Types of immunotherapy" / a class
    virtual_docs = {}
    for index, doc in zip(virtual, nlp.pipe(v[0] for v in virtual.values()), strict=True):  # type: ignore[attr-defined]
        doc = recognizer(doc, defined)
        recognizer.mark_item(doc, virtual[index][1])
        virtual_docs[index] = relations.prepare(doc)
    rows = [(index, glued) for index, g in table_sentences(document, docs).items() for glued in g]
    row_docs: dict[int, list] = {}
    for (index, glued), doc in zip(rows, nlp.pipe(g[0] for _, g in rows), strict=True):  # type: ignore[attr-defined]
        doc = recognizer(doc, defined)
        mark_value(doc, glued[1])
        row_docs.setdefault(index, []).append((glued, relations.prepare(doc)))
    found: list[tuple[Statement, Evidence]] = []
    title = document.metadata.get("title")
    opening = [recognizer(nlp(title))] if title else []  # type: ignore[operator]
    context = Context(page=page_topic(opening + docs))
    topic_after: dict[int, tuple[Entity, ...]] = {}
    for index, (block, doc) in enumerate(zip(document.blocks, docs, strict=True)):
        if block.kind == "heading":
            heading_context(doc, context)  # names the class "this type of therapy" means
            context.topic = ()
        context.statements = []
        context.offset = block.start
        header = block.header if block.kind == "item" else None
        list_items(context, header)
        if block.kind not in TABLE_KINDS:  # a row is read with its column names, below
            relations.statements(doc, context, text=texts[index])
        context.spoken |= {e.id: e for e in row_drugs(block, doc)}  # "all of these therapies"
        list_items(context, header, context.named if header is not None else ())
        topic_after[index] = context.topic
        for statement in context.statements:
            clean = (block.start + statement.start, block.start + statement.end)
            start, end = document.original_span(*clean)
            spans = document.spans(*clean)
            found.append(
                (statement, _evidence(document, statement, start, end, texts[index], spans))
            )
        if index in virtual_docs:
            found += _item_statements(
                document,
                headers[index],
                virtual[index],
                virtual_docs[index],
                context,
                topic_after,
                relations,
            )
        for glued, row_doc in row_docs.get(index, ()):
            found += _item_statements(
                document,
                document.blocks[index].header,
                glued,
                row_doc,
                context,
                {},
                relations,
                cell=True,
            )
    return _by_part(found)


def _by_part(found: list[tuple[Statement, Evidence]]) -> list[tuple[Statement, Evidence]]:
    """A side effect said of a fixed combination of drugs ("Opdualag": nivolumab and
    relatlimab) is said of each drug in it, as "the combination can cause" is; a product of
    one drug and an enzyme keeps its own."""
    parts = _combination_parts()
    out = []
    for statement, evidence in found:
        drugs = parts.get(statement.subject.id, ())
        if statement.relation != "has_side_effect" or len(drugs) < 2:
            out.append((statement, evidence))
            continue
        out += [(replace(statement, subject=drug), evidence) for drug in drugs]
    return out


@lru_cache(maxsize=1)
def _combination_parts() -> dict[str, tuple[Entity, ...]]:
    from immunokg.extract.rules.combinations import load_combinations
    from immunokg.extract.rules.lexicon import load_lexicon

    entries = [(product, map(load_lexicon().get, parts))
               for product, parts in load_combinations().items()]  # fmt: skip
    return {p: tuple(Entity(e.id, e.label, e.type) for e in es if e) for p, es in entries}


def _item_headers(document: Document, docs: list[Doc]) -> dict[int, int]:
    """Each list item's introducing line, and each effect subheading's (layout/subheadings)."""
    headers = {
        index: block.header
        for index, block in enumerate(document.blocks)
        if block.header is not None and block.kind == "item"
    }
    return headers | effect_subheadings(document, docs)


def _list_sentences(
    document: Document, docs: list[Doc], headers: dict[int, int]
) -> dict[int, tuple[str, int, int, int, tuple[Span, ...]]]:
    """For each list item: its header's last sentence glued to the item's first sentence.

    Value: (text, junction character, original start, original end, spans): the
    spans are the header's and the item's pieces of the original file.
    """
    glued = {}
    for index, header in sorted(headers.items()):
        block = document.blocks[index]
        header_sent = list(docs[header].sents)[-1]
        item_sent = next(iter(docs[index].sents), None)
        if item_sent is None:
            continue
        head = header_sent.text.rstrip(" :?")  # also "What ... cause?"
        if not item_sent.text.rstrip().endswith((".", "!", "?")):
            head = head.rstrip(".")  # "We offer these therapies." before name-only items
        head_start = document.blocks[header].start + header_sent.start_char
        item_range = (block.start + item_sent.start_char, block.start + item_sent.end_char)
        start = document.original_span(head_start, head_start + len(header_sent.text))[0]
        end = document.original_span(*item_range)[1]
        spans = document.spans(head_start, head_start + len(head)) + document.spans(*item_range)
        glued[index] = (f"{head}: {item_sent.text}", len(head) + 2, start, end, spans)
    return glued


def _item_statements(document, header, glued, doc, context, topic_after, relations, cell=False):
    text, junction, start, end, spans = glued
    item_context = Context(
        heading=context.heading,
        section=context.section,
        topic=topic_after.get(header, ()),
        page=context.page,
        mentions=context.mentions,
    )
    item_context.junction = next((t.i for t in doc if t.idx >= junction), len(doc))
    item_context.cell = cell
    relations.statements(doc, item_context, virtual=True, text=text)
    return [
        (s, _evidence(document, s, start, end, text, spans, whole=True))
        for s in item_context.statements
    ]


def _evidence(
    document: Document,
    statement: Statement,
    start: int,
    end: int,
    text: str,
    spans: tuple[Span, ...],
    whole: bool = False,
) -> Evidence:
    sentence = text if whole else text[statement.start : statement.end]
    antecedent = tuple(
        (entity, *document.original_span(a_start, a_end)) if a_start >= 0 else (entity, -1, -1)
        for entity, a_start, a_end in statement.antecedent
    )
    return Evidence(
        document.id,
        start,
        end,
        sentence.strip(),
        statement.rule,
        statement.status,
        spans,
        antecedent,
    )


def merge_facts(pairs: Iterable[tuple[Statement, Evidence]]) -> list[Fact]:
    """One fact per (subject, relation, object), keeping every evidence; treats is approved if any evidence is."""
    grouped: dict[tuple[str, str, str], list[tuple[Statement, Evidence]]] = {}
    for statement, evidence in pairs:
        obj = statement.object if isinstance(statement.object, str) else statement.object.id
        grouped.setdefault((statement.subject.id, statement.relation, obj), []).append(
            (statement, evidence)
        )
    labels = _canonical_entities(s for pairs in grouped.values() for s, _ in pairs)
    facts = []
    for (subject_id, relation, _), items in sorted(grouped.items()):
        evidence = _one_per_sentence(ev for _, ev in items)
        first = items[0][0]
        obj = first.object if isinstance(first.object, str) else labels[first.object.id]
        if relation == "treats":
            status = (
                "approved" if any(ev.status == "approved" for ev in evidence) else "investigational"
            )
        else:
            status = "stated"
        facts.append(Fact(labels[subject_id], relation, obj, status, evidence))
    return facts


def _one_per_sentence(evidence: Iterable[Evidence]) -> tuple[Evidence, ...]:
    """A sentence states a fact once, though two constructions may read it ("is used to
    treat": passive and purpose): one record per place, approved first, then by rule id."""
    chosen: dict[tuple[str, int, int], Evidence] = {}
    for ev in sorted(set(evidence), key=lambda e: (e.status != "approved", e)):
        chosen.setdefault((ev.document, ev.start, ev.end), ev)
    return tuple(sorted(chosen.values()))


def _canonical_entities(statements: Iterable[Statement]) -> dict[str, Entity]:
    """One Entity per id (the same pattern entity may be written several ways): the smallest."""
    chosen: dict[str, Entity] = {}
    for statement in statements:
        for entity in (statement.subject, statement.object):
            if isinstance(entity, Entity):
                current = chosen.get(entity.id)
                if current is None or (entity.source, entity.label) < (
                    current.source,
                    current.label,
                ):
                    chosen[entity.id] = entity
    return chosen
