"""Relation extraction: rules matched over entity tokens, slots expanded over lists, status from cues."""

from __future__ import annotations

from typing import TYPE_CHECKING

from immunokg.extract.engine.coordination import AGENTS, expand
from immunokg.extract.engine.match_checks import (
    class_targets,
    compared,
    copula_subject,
    example_class,
    kinds_of,
    modified_class,
    named_examples,
    own_aside,
    pairs,
    partitive,
    partners,
    predicate_noun,
    renamed,
    renamed_cancer,
    specificational,
)
from immunokg.extract.engine.nlp import flag_matcher
from immunokg.extract.engine.prior_reference import (
    PriorSentence,
    described,
    effects_named,
    point_back_to_effect,
    remember_names,
)
from immunokg.extract.engine.reference import (
    ANAPHORA,
    aside_flags,
    in_examples,
    merge_pointing_phrases,
)
from immunokg.extract.engine.referents import (
    Context,
    plural_antecedent,
    remember_mentions,
    resolve,
    sentence_topic,
)
from immunokg.extract.engine.rule_filter import RuleFilter, sentence_mask
from immunokg.extract.engine.tokens import marks
from immunokg.extract.engine.tokens.words import Words, gap_flags, write_flags
from immunokg.extract.model import Entity, Statement
from immunokg.extract.rules.flags import native_types
from immunokg.extract.rules.relation_rules import RelationRule
from immunokg.extract.rules.status import StatusCues, assertion_status

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span


class RelationEngine:
    """All rules compiled into one Matcher, run once per sentence."""

    def __init__(self, nlp: Language, rules: tuple[RelationRule, ...], cues: StatusCues):
        self.rules = {rule.id: rule for rule in rules}
        self.slots: dict[str, dict[int, str]] = {}
        self.longest: dict[str, int] = {}
        checker = flag_matcher(nlp.vocab, validate=True)  # patterns checked as written, once
        patterns = []
        for rule in rules:
            pattern, slots, longest = rule.spacy_pattern()
            checker.add(rule.id, [pattern])
            patterns.append((rule.id, [native_types(token) for token in pattern]))
            self.slots[rule.id] = slots
            self.longest[rule.id] = longest
        self.filter = RuleFilter(nlp.vocab, patterns)
        self._anaphor = nlp.vocab.strings.add("Anaphor")
        self._drug = nlp.vocab.strings.add("Drug")
        self._agents = frozenset(nlp.vocab.strings.add(kind) for kind in AGENTS)
        self._topic_kinds = self._agents | {self._anaphor}
        # Rules for list items only: never run over a block's own sentences.
        self._list_only = frozenset(i for i, rule in enumerate(rules) if rule.list_only)
        self.pointing = RuleFilter(nlp.vocab, list(ANAPHORA.items()))
        self.cues = cues

    def prepare(self, doc: Doc) -> Doc:
        """Merge pointing phrases ("these drugs") into one token and mark asides."""
        pointing = self.pointing
        kinds = pointing.possible(pointing.doc_met(doc))
        merge_pointing_phrases(doc, pointing.matcher(kinds)(doc) if kinds else [])
        words = Words(doc)
        flags = gap_flags(words)
        aside_flags(words, flags)
        write_flags(doc, flags, words.ent)
        return doc

    def statements(
        self, doc: Doc, context: Context, virtual: bool = False, text: str | None = None
    ) -> None:
        """Run every rule over each sentence, in order, updating the topic as it goes.

        Only the rules a sentence's words and entity types allow are run over it (see
        rule_filter); status cues are looked for once a rule has matched. ``text``: the
        Doc's text, if the caller has it (rebuilt from the tokens otherwise, which is slow)."""
        from spacy.attrs import ENT_TYPE, IS_TITLE, ORTH

        rule_filter = self.filter
        table = doc.to_array([ORTH, ENT_TYPE, IS_TITLE]).tolist()
        known, word_mask = rule_filter.known_words, rule_filter.word_mask
        words = [known[row[0]] if row[0] in known else word_mask(row[0]) for row in table]
        ents = [row[1] for row in table]
        titles = [row[2] for row in table]
        context.prior = PriorSentence()  # "This", "These" point back only within the block
        text = doc.text if text is None else text  # the Doc's text, passed when known
        naming = " known as " in text or " called " in text
        effects_before: tuple[Entity, ...] = ()
        for sent in doc.sents:
            start, end = sent.start, sent.end
            anaphors = [i for i in range(start, end) if ents[i] == self._anaphor]
            if anaphors:
                resolve(sent, context, anaphors)
                for i in anaphors:  # resolved to its referent's type
                    ents[i] = doc[i].ent_type
            named = tuple(dict.fromkeys(
                e for i in range(start, end) if ents[i] == self._drug
                for e in marks.entities(doc[i]) if e.type == "Drug"
            ))  # fmt: skip
            for i in point_back_to_effect(sent, effects_before):  # "can cause it"
                ents[i] = doc[i].ent_type
            effects_before = effects_named(sent)
            here = self._topic(sent, ents)
            context.spoken |= {e.id: e for e in (*named, *here) if e.type == "Drug"}  # "all of"
            remember_mentions(doc, ents, self._agents, start, end, context)
            plural = plural_antecedent(sent, named, here)
            if plural is not None:
                context.groups.append(plural)  # what a later "these drugs" may stand for
            if naming:
                remember_names(context.described, described(doc, start, end))
            if not self._may_relate(ents, titles, start, end):
                context.topic = here or context.topic
                context.named = named
                context.prior.advance(here, named)
                continue
            met = sentence_mask(rule_filter, words[sent.start : sent.end],
                                ents[sent.start : sent.end])  # fmt: skip
            rules = rule_filter.possible(met, () if virtual else self._list_only)
            topic: tuple[Entity, ...] = ()
            matches = rule_filter.matcher(rules)(sent, with_alignments=True) if rules else ()
            cues = None
            for match_id, start, end, align in matches:
                rule = self.rules[doc.vocab.strings[match_id]]
                if (rule.list_only and not virtual) or end - start > self.longest[rule.id]:
                    continue
                slots = self.slots[rule.id]
                where = {
                    slots[a]: sent.start + start + k for k, a in enumerate(align) if a in slots
                }
                fired = rule.rule_id(*_trigger_words(rule, doc, sent.start + start, align))
                if fired is None:
                    continue
                rule_id, stated = fired
                if cues is None:
                    cues = self.cues.find(sent)
                last = sent.end if context.cell else sent.start + end
                status = assertion_status(cues, sent, sent.start + start, last, stated)
                if status is None:
                    continue
                found = self._emit(sent, rule, where, status, context, rule_id)
                if rule.topic and found:
                    topic = found
            context.topic = topic or here or context.topic
            context.named = named
            context.prior.advance(here, named)

    def _emit(self, sent, rule, where, status, context, rule_id) -> tuple[Entity, ...]:
        if rule.relation == "in_class" and specificational(sent, where["subject"], where["object"]):
            where["subject"], where["object"] = where["object"], where["subject"]
        stop = set(where.values())
        if "c" in sent.doc[where["subject"]].tag_ and "c" not in sent.doc[where["object"]].tag_:
            return ()  # "X, a version of Y, treats Z" says nothing of Y
        if rule.relation == "in_class" and (
            renamed(sent, where["object"], where["subject"])
            or (where["subject"] < where["object"] and kinds_of(sent, where["subject"]))
        ):
            return ()  # "a type of drug called C", "types of immunotherapy are A and B"
        if rule.relation == "treats" and (named := renamed_cancer(sent, where["object"])):
            where["object"] = named  # "a type of skin cancer called cutaneous SCC"
        if where["object"] > where["subject"] and in_examples(sent.doc, where["subject"]):
            return ()  # "LAG-3 inhibitors, such as relatlimab, are ...": said of the class
        if rule.relation != "brand_name" and (
            compared(sent, where["subject"]) or partitive(sent, where["subject"])
        ):
            return ()  # "X is more likely than the PD-1 drugs ...", "the first of these drugs"
        if rule.relation not in ("in_class", "subclass_of", "brand_name"):
            subject = copula_subject(sent, where["subject"])
            if subject == where["subject"] and predicate_noun(sent, subject):
                return ()  # "[unknown name] is a CAR T-cell therapy that recognises CD19"
            where["subject"] = subject
        if rule.relation == "brand_name":
            subjects, objects = self._brand_slots(sent, where, stop)
        else:
            subjects = expand(sent, where["subject"], stop - {where["subject"]})
            subjects += example_class(sent, min(pos for pos, _ in subjects))
            if marks.anaphor(sent.doc[where["subject"]]) == "topic-pronoun":  # ", and it treats"
                subjects = [
                    (where["subject"], e) for e in marks.entities(sent.doc[where["subject"]])
                ]
            if rule.relation == "targets" and (k := named_examples(sent, where["object"])):
                where["object"] = k  # "checkpoint proteins such as PD-1 and CTLA-4"
            objects = expand(sent, where["object"], stop - {where["object"]})
            subjects = own_aside(sent, subjects, where["subject"], where["object"])
        if marks.anaphor(sent.doc[where["subject"]]) in ("list-bare-plural", "topic-some-of"):
            return ()  # "Therapies that target CD19:", "Two of them": said of some members
        inside = "c" in sent.doc[where["object"]].tag_  # "with A, a C,": said of the partner
        if where["subject"] < where["object"] and partners(sent, subjects) and not inside:
            return ()  # "It is used with A and B to treat myeloma": A and B are partners
        for s_pos, subject, o_pos, obj in pairs(sent, subjects, objects):
            if context.junction is not None and max(s_pos, o_pos) < context.junction:
                continue
            self._pair(sent, rule, subject, obj, status, where, context, rule_id)
        chosen = subjects if rule.topic == "subject" else objects
        return tuple(e for _, e in chosen if isinstance(e, Entity))

    def _brand_slots(self, sent, where, stop):
        """A brand belongs to the drug beside it only; brands list only inside one parenthesis."""
        doc = sent.doc
        s_pos, o_pos = where["subject"], where["object"]
        subjects = [(s_pos, e) for e in marks.entities(doc[s_pos])]
        if o_pos > sent.start and doc[o_pos - 1].text == "(":
            objects = expand(sent, o_pos, stop - {o_pos}, brands=True)
        else:
            objects = [(o_pos, marks.brand(doc[o_pos]) or doc[o_pos].text)]
        return subjects, objects

    def _pair(self, sent, rule, subject, obj, status, where, context, rule_id) -> None:
        if not isinstance(subject, Entity) or subject.type not in rule.subject:
            return
        relation = rule.relation
        if relation == "brand_name":
            owner = marks.entities(sent.doc[where["object"]])
            if owner and subject not in owner:  # "X (aldesleukin, Proleukin)": the brand's
                subject = _named_between(sent, where, owner)  # own drug, named beside it
            if not isinstance(obj, str) or subject is None:
                return
            if obj.lower() == subject.label.lower():
                return
        elif not isinstance(obj, Entity) or obj.type not in rule.object or obj.id == subject.id:
            return
        if relation in ("in_class", "subclass_of"):
            relation = "in_class" if subject.type == "Drug" else "subclass_of"
        add = context.statements.append
        antecedent = ()
        if marks.anaphor(sent.doc[where["subject"]]):  # "it", "these drugs", the page's subject
            mention = context.mentions.get(subject.id)
            antecedent = ((subject.id, *mention),) if mention else ((subject.id, -1, -1),)
        objects = [obj]
        if relation in ("in_class", "subclass_of"):  # "an anti-TIGIT monoclonal antibody"
            objects = modified_class(sent, where["object"], obj) or objects
            objects += marks.heads(sent.doc[where["object"]])
        for klass in objects:
            add(Statement(rule_id, subject, relation, klass, status,
                          sent.start_char, sent.end_char, antecedent))  # fmt: skip
        if rule.class_target and isinstance(obj, Entity):
            for target in class_targets(sent, where["object"], obj):
                add(Statement(rule_id, subject, "targets", target, "stated",
                              sent.start_char, sent.end_char))  # fmt: skip

    def _topic(self, sent: Span, ents: list[int]) -> tuple[Entity, ...]:
        """The sentence's topic (see _sentence_topic), which reads at most its first 12
        tokens: none of them an agent or a pointing phrase, it has none."""
        head = ents[sent.start : min(sent.end, sent.start + 12)]
        if not any(kind in self._topic_kinds for kind in head):
            return ()
        return sentence_topic(sent)

    def _may_relate(self, ents: list[int], titles: list[int], start: int, end: int) -> bool:
        """A rule needs a drug or class and one more named thing (or a brand word) in the
        sentence; ``ents`` and ``titles``: each token's entity type id and IS_TITLE."""
        agents = others = 0
        for i in range(start, end):
            if ents[i] in self._agents:  # resolved pointing phrases carry their referent's type
                agents += 1
            elif ents[i] or titles[i]:
                others += 1
        return agents > 0 and agents + others > 1


def _named_between(sent, where, owner) -> Entity | None:
    """The brand's own drug when the text names it between the subject and the brand."""
    between = sent.doc[min(where.values()) + 1 : max(where.values())]
    named = {e for t in between for e in marks.entities(t) if t.ent_type_ == "Drug"}
    return next((e for e in owner if e in named), None)


def _trigger_words(rule, doc, start: int, align: list[int]) -> tuple[str | None, str | None]:
    """The words a match holds at its rule's trigger and particle positions."""
    at_doc = {a: start + k for k, a in enumerate(align)}
    trigger, particle = (
        doc[at_doc[at]].lower_ if at in at_doc else None
        for at in (rule.trigger_at, rule.particle_at)
    )
    return trigger, particle
