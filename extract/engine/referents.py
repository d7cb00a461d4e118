"""What a pointing phrase stands for: the heading's class, the section's drug, the topic.

relations.py finds what sentences state; this module carries what earlier text lends to
later sentences (the Context) and resolves "they", "these drugs", "its side effects" and
"this type of therapy" against it, so the two can change apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from immunokg.extract.engine.coordination import AGENTS, expand, unit
from immunokg.extract.engine.prior_reference import PRIOR, PriorSentence
from immunokg.extract.engine.tokens import marks
from immunokg.extract.engine.tokens.words import family_lemma
from immunokg.extract.model import Entity, Statement
from immunokg.extract.rules.word_lists import word_list

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span


@dataclass
class Context:
    """What earlier text lends to later sentences: the section's class and the current topic."""

    heading: tuple[Entity, ...] = ()
    section: tuple[Entity, ...] = ()  # the one drug or class the latest naming heading is about
    topic: tuple[Entity, ...] = ()
    named: tuple[Entity, ...] = ()  # every drug the previous sentence names ("All three are")
    junction: int | None = None  # first token of a list item glued after its header
    cell: bool = False  # a table cell glued to its column name: cues anywhere in it count
    prior: PriorSentence = field(default_factory=PriorSentence)  # earlier sentences of the block
    described: dict[str, tuple[Entity, ...]] = field(default_factory=dict)  # "the vaccine": X
    page: tuple[Entity, ...] = ()  # the one drug (or class) the page is about, from its top
    groups: list[tuple[Entity, ...]] = field(default_factory=list)  # drugs named together
    offset: int = 0  # where the block being read starts in the document's clean text
    mentions: dict[str, tuple[int, int]] = field(default_factory=dict)  # id → latest mention
    spoken: dict[str, Entity] = field(default_factory=dict)  # the section's drugs, in order
    listed: tuple[int | None, tuple[Entity, ...]] = (None, ())  # a list's header, its drugs
    lists: set[tuple[Entity, ...]] = field(default_factory=set)  # groups that were lists
    statements: list[Statement] = field(default_factory=list)


def heading_context(doc: Doc, context: Context) -> None:
    """A heading that names one class makes it the referent of "this type of therapy"."""
    classes = {e for t in doc if t.ent_type_ == "DrugClass" for e in marks.entities(t)}
    context.heading = tuple(classes) if len(classes) == 1 else ()
    agents = {e for t in doc if t.ent_type_ in AGENTS for e in marks.entities(t)}
    about_effects = any(t.lower_ in ("side", "adverse") for t in doc)
    name_only = not any(t.is_alpha and not t.ent_type_ and "a" not in t.tag_ for t in doc)
    if agents:  # "Side effects of nivolumab"
        context.section = (
            tuple(agents)
            if len(agents) == 1 and (about_effects or name_only or _one_drug(agents))
            else ()
        )
    elif not any(w in _CONTINUERS for t in doc for w in t.lower_.split()):
        context.section = ()  # a new subject ("Cancer-killing viruses"), not the drug's care
        context.spoken = {}  # and "all of these drugs" no longer counts the drugs before it


_CONTINUERS = word_list("section-continuers")


# The opening lines a page names its subject in: the title, then title-like lines (at most
# this many tokens) up to the first full paragraph.
_OPENING_BLOCKS, _FULL_PARAGRAPH = 4, 12
# Pointing phrases that fall back on the page's subject when the section and topic name none.
_PAGE_KINDS = frozenset(
    {"section-effects", "section-frequency", "section-people", "section-warning", "section-dose",
     "section-common", "section-happens", "section-immune", "section-target", "topic-pronoun"}
)  # fmt: skip


# Of those, the ones a class never answers (warning signs and doses are said of one drug).
_PAGE_DRUG_ONLY = frozenset(
    {"section-warning", "section-dose", "section-common", "section-happens", "section-immune"}
)


def page_topic(docs: list[Doc]) -> tuple[Entity, ...]:
    """The one drug a page is about (else its one class), named in its title or opening
    lines: "Medication Guide / TECENTRIQ / (atezolizumab)", "Starting tebentafusp (Kimmtrak)".
    A page whose top names several gives none."""
    drugs: dict[str, Entity] = {}
    classes: dict[str, Entity] = {}
    for doc in docs[:_OPENING_BLOCKS]:
        if len(doc) > _FULL_PARAGRAPH:
            break  # a title line names a page's subject; a sentence may only mention it
        if doc.text.rstrip().endswith((".", "!")):
            continue
        for token in doc:
            for entity in marks.entities(token) if token.ent_type_ in (*AGENTS, "Brand") else ():
                if entity.type in ("Drug", "DrugClass"):
                    (drugs if entity.type == "Drug" else classes).setdefault(entity.id, entity)
    if len(drugs) == 1:
        return tuple(drugs.values())
    return tuple(classes.values()) if not drugs and len(classes) == 1 else ()


def resolve(sent: Span, context: Context, anaphors: list[int]) -> None:
    """Give each pointing phrase (token indices ``anaphors``) its referent; "X is ..., but
    it ..." points inside the sentence."""
    doc = sent.doc
    for i in anaphors:
        token = doc[i]
        kind = marks.anaphor(token)
        if kind == "section-effects" and token.lower_.startswith(("its ", "their ")):
            group = (
                (  # "Its most common side effects are"; "because of its side effects"
                    sentence_topic(sent[: token.i - sent.start]) if token.i > sent.start else ()
                )
                or (context.topic or context.section)
            )
        elif kind in ("section-effects", "section-frequency", "section-target"):
            # "With A and B, the most common side effects are ...": the opener names them
            group = _opener(sent, i) or context.section or context.topic
        elif kind == "section-dose":  # one drug: "The first dose can cause ..."
            group = next((g for g in (context.section, context.topic) if g), ())
            group = group if len(group) == 1 and group[0].type == "Drug" else ()
        elif kind in ("section-common", "section-happens", "section-immune"):  # "A rash is
            # common.", "Infections are common too": the drugs (or class) just spoken of
            group = next((g for g in (context.topic, context.section) if g), ())
        elif kind == "section-people":  # "Some people get:" under a drug; after
            # sentences of its block about drugs, the people on those ("These drugs ... Some
            # people get ..."); after sentences about one drug, that drug's
            block_topic = tuple(e for e in context.topic if e.type == "Drug" and sent.start)
            group = block_topic or context.section or _one_topic_drug(context)
        elif kind == "section-warning":  # "Tell your nurse if you notice:"
            group = tuple(e for e in context.section or context.topic if e.type == "Drug")
        elif kind.startswith("heading"):
            group = context.heading
        elif kind == "topic-all":  # "All three are ...": the drugs just named
            count = _NUMBERS.get(token.lower_.split()[-1], 0)
            group = context.named if len(context.named) == count else ()
        elif kind == "prior-described":  # "the vaccine" named earlier
            group = context.described.get(token.lower_.split()[-1], ())
        elif kind in PRIOR:  # "This can lead to ...": the sentence before
            group = context.prior.referent(kind)
        elif token.i > sent.start + 2 and kind in ("topic-pronoun", "topic-object"):
            group = sentence_topic(sent[: token.i - sent.start]) or context.topic
        elif kind in ("topic-the-drug", "topic-part"):  # "The drug ...", "One end ...": one
            group = context.topic if len(context.topic) == 1 else ()
            if token.i > sent.start:  # "Cs are ...; one arm grabs CD3": the clause before
                group = sentence_topic(sent[: token.i - sent.start]) or group
            kinds = ("Drug", "DrugClass") if kind == "topic-part" else ("Drug",)  # "one arm"
            group = tuple(e for e in group or context.page if e.type in kinds)
        elif kind in ("list-bare-plural", "topic-some-of"):  # "Therapies that target
            # CD19:", "Three of them are ...: A, B, C" after a class named in the plural
            group = _latest_class(context)
        elif kind == "topic-pair":  # "The same pair is also used ...": the latest two drugs
            # named together
            group = plural_referent("both", context)
        elif kind == "topic-these":  # "these drugs", "both drugs"; "all of these
            # medicines": every drug spoken of so far
            group = _all_spoken(token, context) or plural_referent(token.lower_, context)
        else:
            group = context.topic
        if kind == "topic-examples":  # "..., for example:" + a list of members
            group = tuple(e for e in group if e.type == "DrugClass")[:1]
            marks.mark(token, "entities", group)
            token.ent_type_ = "Examples" if group else "Anaphor"
            token.lemma_ = family_lemma(token.ent_type_)
            continue
        if not group and kind in _PAGE_KINDS:
            group = context.page  # a page about one drug: "Very common: ..." is that drug's
            if kind in _PAGE_DRUG_ONLY:
                group = tuple(e for e in group if e.type == "Drug")
        marks.mark(token, "entities", group)
        token.ent_type_ = group[0].type if group else "Anaphor"
        token.lemma_ = family_lemma(token.ent_type_)  # what rules' slots test


def _latest_class(context: Context) -> tuple[Entity, ...]:
    """The one class the page last named in the plural; in a list item glued to its
    header, the class the header was read as (the topic it left); a list between is skipped."""
    groups = (g for g in reversed(context.groups) if g and g not in context.lists)
    latest = context.topic if context.junction is not None else next(groups, ())
    return latest if len(latest) == 1 and latest[0].type == "DrugClass" else ()


def _all_spoken(token, context: Context) -> tuple[Entity, ...]:
    doc, i = token.doc, token.i
    after_all = (i >= 1 and doc[i - 1].lower_ == "all") or (
        i >= 2 and doc[i - 2].lower_ == "all" and doc[i - 1].lower_ == "of"
    )
    spoken = tuple(context.spoken.values())
    return spoken if after_all and len(spoken) > 1 and token.lower_.startswith("these") else ()


def _one_topic_drug(context: Context) -> tuple[Entity, ...]:
    return context.topic if len(context.topic) == 1 and context.topic[0].type == "Drug" else ()


def _opener(sent: Span, i: int) -> tuple[Entity, ...]:
    """The drugs of a sentence-opening "With A and B," or "For A," before token i."""
    doc = sent.doc
    if doc[sent.start].lower_ not in ("with", "for", "after") or sent.start + 1 >= i:
        return ()
    comma = next((t.i for t in doc[sent.start : i] if t.text == ","), None)
    if comma is None or doc[sent.start + 1].ent_type_ not in AGENTS:
        return ()
    found = [e for _, e in expand(sent, sent.start + 1, set()) if isinstance(e, Entity)]
    return tuple(dict.fromkeys(e for e in found if e.type in ("Drug", "DrugClass")))


def plural_referent(phrase: str, context: Context) -> tuple[Entity, ...]:
    """What "these drugs" or "both drugs" stands for: the latest plural the page offered
    (drugs named together, a class named in the plural with its members; an unnamed plural
    gives nothing), else the topic; "both" only ever two. Nothing fits: no fact."""
    both = phrase.split()[0] == "both"
    topic = context.topic
    for group in reversed(context.groups):
        if not both or len(group) == 2:
            return group
    return () if both else topic


def plural_antecedent(
    sent: Span, named: tuple[Entity, ...], here: tuple[Entity, ...]
) -> tuple[Entity, ...] | None:
    """What a sentence offers a later "these drugs": the drugs it names together, or its
    topic when that is a class named in the plural ("Checkpoint inhibitors ..."); an unnamed
    plural ("Some newer drugs are antibodies") offers nothing, and so stops an earlier
    group from being taken; None when the sentence holds no plural at all."""
    if len(named) > 1:
        return named
    if here and here[0].type == "DrugClass":
        head = next(
            (
                t
                for t in sent
                if t.ent_type_ == "DrugClass"
                and not marks.anaphor(t)
                and here[0] in marks.entities(t)
            ),
            None,
        )
        if len(here) > 1 or (head is not None and head.lower_.endswith("s")):
            return here
    if any(t.lower_ in _PLURAL_NOUNS and not t.ent_type_ for t in sent):
        return ()
    return None


_PLURAL_NOUNS = frozenset(
    {"drugs", "medicines", "medications", "therapies", "treatments", "agents"}
)


def _one_drug(agents: set[Entity]) -> bool:
    """ "About your treatment: mosunetuzumab" heads a section about that one drug."""
    return len(agents) == 1 and next(iter(agents)).type == "Drug"


def sentence_topic(sent: Span) -> tuple[Entity, ...]:
    """The agent a sentence opens with (within its first words), with its list and examples.

    A short opening phrase set off by a comma ("In a small trial, X ...") is passed over.
    """
    opener = next((t.i for t in sent[:7] if t.text == ","), None)
    if opener is not None and not any(t.ent_type_ for t in sent.doc[sent.start : opener]):
        sent = sent.doc[opener + 1 : sent.end]
    for token in sent[:5]:
        if token.ent_type_ in AGENTS or (token.ent_type_ == "Anaphor" and marks.entities(token)):
            group = [e for _, e in expand(sent, token.i, set()) if isinstance(e, Entity)]
            _, end = unit(sent.doc, token.i, sent.end, False)
            if token.ent_type_ == "DrugClass":
                group += _examples(sent, end + 1)
            return tuple(dict.fromkeys(group))
        if token.ent_type_:
            return ()
    return ()


def _examples(sent: Span, i: int) -> list[Entity]:
    """The drugs after "such as" / "including" that follow a class: its examples."""
    words = [t.lower_ for t in sent.doc[i : min(i + 3, sent.end)]]
    if words[:2] == ["such", "as"] or words[:1] in (["including"], ["like"]):
        k = i + (2 if words[0] == "such" else 1)
        if k < sent.end and sent.doc[k].ent_type_ in AGENTS:
            return [e for _, e in expand(sent, k, set()) if isinstance(e, Entity)]
    return []


_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def remember_mentions(doc, ents, agents, start: int, end: int, context: Context) -> None:
    """The latest place each drug or class is named, for evidence that points back to it."""
    for i in range(start, end):
        if ents[i] in agents and not marks.anaphor(doc[i]):
            token = doc[i]
            where = (context.offset + token.idx, context.offset + token.idx + len(token.text))
            for entity in marks.entities(token):
                context.mentions[entity.id] = where
