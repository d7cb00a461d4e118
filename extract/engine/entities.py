"""Entity recognition: lexicon names and curated patterns become one merged token per entity."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from immunokg.extract.engine.entity_spans import (
    ACRONYM,
    TARGET_WORDS,
    Candidate,
    brand_label,
    class_target_text,
    distribute,
    drug_pair,
    longest_first,
    organ_lists,
    paired_targets,
    pattern_label,
    payload_words,
    widen,
    with_negation,
)
from immunokg.extract.engine.names.prenominal import cancer_name, lexicon_parents
from immunokg.extract.engine.rule_filter import RuleFilter
from immunokg.extract.engine.tokens import marks
from immunokg.extract.model import Entity
from immunokg.extract.normalise import normalise_name
from immunokg.extract.rules.entity_patterns import EntityPattern, pattern_entries
from immunokg.extract.rules.lexicon import Lexicon, LexiconEntry
from immunokg.extract.rules.word_lists import word_list

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from immunokg.extract.engine.names.abbreviations import DefinedNames

_ELLIPSIS_JOINS = word_list("ellipsis-joins")
_ITEM_DETERMINERS = word_list("item-determiners")
_ITEM_UNSURE = word_list("item-unsure")
_ITEM_STOPS = word_list("item-stops") | _ITEM_UNSURE


def slug(label: str) -> str:
    """The id of an entity found by pattern: its normalised label, hyphen-joined."""
    return re.sub(r"[^a-z0-9]+", "-", normalise_name(label)).strip("-")


class EntityRecognizer:
    """Finds entities in a Doc: the lexicon's names first, curated patterns for the rest."""

    def __init__(
        self,
        nlp: Language,
        lexicon: Lexicon,
        patterns: tuple[EntityPattern, ...],
        organ_verbs: dict[str, tuple[str, ...]] | None = None,
    ):
        from spacy.matcher import PhraseMatcher

        self.lexicon = lexicon
        self.phrases = PhraseMatcher(nlp.vocab, attr="NORM")
        self._surfaces: dict[str, tuple[LexiconEntry, str, bool]] = {}
        for number, (surface, entry, kind) in enumerate(lexicon.surface_forms()):
            key = f"lex{number}"
            acronym = bool(ACRONYM.match(surface)) and len(surface) <= 6
            self._surfaces[key] = (entry, kind, acronym)
            variants = {surface, surface.replace("-", " ")}
            self.phrases.add(key, [nlp.make_doc(v) for v in sorted(variants)])
        # Only the patterns whose required words and flags a Doc holds are run over it.
        self.patterns = RuleFilter(
            nlp.vocab, [(pattern.id, pattern.pattern) for pattern in patterns], by_flags=True
        )
        self._payloads = payload_words(lexicon)
        self._parents = lexicon_parents(lexicon)
        self._kinds = pattern_entries(patterns, lexicon)
        self._organ_verbs = organ_verbs or {}
        self._named = lru_cache(maxsize=None)(self._entity_of)
        self._class_targets = lru_cache(maxsize=None)(self._class_targets)  # type: ignore[method-assign]

    def __call__(self, doc: Doc, defined: DefinedNames | None = None) -> Doc:
        """Merge every entity into one token carrying its type and Entity objects; ``defined``
        adds the short forms the document defines."""
        plans: list[tuple[int, int, dict[str, object]]] = []
        for cand in longest_first(self._candidates(doc, defined)):
            if plans and cand.start < plans[-1][1]:
                continue  # inside a name built after the noun: "carcinoma of the bladder"
            start, end, attrs = self._plan(doc, cand)
            while plans and plans[-1][1] > start:
                plans.pop()  # absorbed by an ellipsis: "PD-1 and PD-L1 drugs"
            plans.append((start, end, attrs))
        with doc.retokenize() as retokenizer:
            for start, end, _ in plans:
                if end - start > 1:
                    retokenizer.merge(doc[start:end])
        offset = 0
        cancers = []
        for start, end, attrs in plans:
            token = doc[start - offset]
            for name, value in attrs.items():
                if name == "etype":
                    token.ent_type_ = str(value)
                else:
                    marks.mark(token, name, value)
            if attrs["etype"] == "CancerType":
                cancers.append(start - offset)
            offset += end - start - 1
        self._cancer_compounds(doc, cancers)
        organ_lists(doc, self.lexicon, self._organ_verbs)
        return doc

    def _cancer_compounds(self, doc: Doc, cancers: list[int]) -> None:
        """ "a prostate cancer vaccine": the head after a cancer name names its class."""
        for i in cancers:
            token = doc[i + 1] if i + 1 < len(doc) else None
            if token is None or token.ent_type_ or not token.is_alpha:
                continue
            entry = self.lexicon.lookup(f"cancer {token.text}")
            if entry is not None and entry.type == "DrugClass":
                token.ent_type_ = "DrugClass"
                marks.mark(token, "entities", (_entity(entry),))

    def mark_item(self, doc: Doc, junction: int) -> None:
        """A list item that opens with a name the lexicon lacks ("- hormone problems") becomes
        one "Item" token; a rule about side effects may take it, with the header's subject."""
        start = next((t.i for t in doc if t.idx >= junction), len(doc))
        while start < len(doc) and doc[start].lower_ in _ITEM_DETERMINERS:
            start += 1
        end = start
        while end < len(doc) and end - start < 6 and doc[end].lower_ not in _ITEM_STOPS:
            if doc[end].ent_type_ or not (doc[end].is_alpha or doc[end].text == "-"):
                break
            end += 1
        if end == start or doc[start].is_stop or doc[start].text == "-":
            return
        if end < len(doc) and (doc[end].ent_type_ or doc[end].lower_ in _ITEM_UNSURE):
            return  # names something known further on, or a longer phrase ("changes in ...")
        label = doc[start:end].text
        label = label[0].lower() + label[1:] if not ACRONYM.match(label.split()[0]) else label
        with doc.retokenize() as retokenizer:
            retokenizer.merge(doc[start:end])
        doc[start].ent_type_ = "Item"
        marks.mark(doc[start], "entities", (Entity(slug(label), label, "SideEffect", "pattern"),))

    def _candidates(self, doc: Doc, defined: DefinedNames | None) -> list[Candidate]:
        found = self._matches(doc)
        if defined is not None:
            found += [Candidate(s, e, entry.type, entry, "defined") for s, e, entry in defined(doc)]
        return [with_negation(doc, cand) for cand in found]

    def _matches(self, doc: Doc) -> list[Candidate]:
        found = []
        for match_id, start, end in self.phrases(doc):
            entry, kind, acronym = self._surfaces[doc.vocab.strings[match_id]]
            if acronym and doc[start:end].text.islower():
                continue
            if end - start > 2 and drug_pair(self.lexicon, doc[start:end].text):
                continue  # "nivolumab and relatlimab" names two drugs, not their product
            etype = "Brand" if kind == "brand" else entry.type
            found.append(Candidate(start, end, etype, entry, kind))
        kinds = self.patterns.possible(self.patterns.doc_met(doc))
        for match_id, start, end in self.patterns.matcher(kinds)(doc) if kinds else ():
            pattern_id = doc.vocab.strings[match_id]
            label, entry = self._kinds[pattern_id]
            while start < end and (
                doc[start].text in ("-", "and") or (start and doc[start - 1].text == "-")
            ):
                start += 1  # nor the end of a word glued on: "HLA-A*02:01-positive uveal ..."
            while end > start and doc[end - 1].text in ("-", "and"):
                end -= 1
            start, end = widen(doc, start, end, label, self._payloads)
            if start < end:
                found.append(Candidate(start, end, label, entry, pattern_id))
        return found

    def _plan(self, doc: Doc, cand: Candidate) -> tuple[int, int, dict[str, object]]:
        """Where to merge, and the token attributes that the relation rules read."""
        text = doc[cand.start : cand.end].text
        start = cand.start
        attrs: dict[str, object] = {"etype": cand.etype}
        if cand.etype == "Brand":
            entry = cand.entry or self.lexicon.lookup(text)
            entry = entry if entry is not None and entry.type == "Drug" else None
            attrs["brand"] = brand_label(text, entry)
            attrs["entities"] = () if entry is None else (_entity(entry),)
            return start, cand.end, attrs
        entity = self._entity_for(text, cand)
        if cand.etype == "Symbol":
            # A gene-like symbol names a target only where a targets rule says so.
            paired = paired_targets(self.lexicon, text)  # "CD20xCD3": two targets
            attrs["entities"] = paired or (entity,)
            attrs["etype"] = entity.type if entity.source == "lexicon" or paired else "Symbol"
            return start, cand.end, attrs
        entities = [entity]
        entities += self._split_alternatives(doc, cand, entity)
        if entity.type == "SideEffect":
            entities += distribute(doc, cand.end, doc[cand.end - 1].text, entity, self.lexicon)
        lefts, start = self._ellipsis(doc, cand, entity)
        entities[:0] = lefts
        left, end = (lefts[0] if lefts else None), cand.end
        if entity.type == "CancerType":  # "uveal melanoma", "cancer with dMMR"
            entities, start, end = cancer_name(
                doc, (start, end), entities, left is None, self.lexicon, self._parents, slug
            )
        attrs["entities"] = tuple(entities)
        classes = [member for member in entities if member.type == "DrugClass"]
        named = ((m.id, self._class_targets(m.label, text)) for m in classes)
        attrs["targets"] = tuple((class_id, t) for class_id, ts in named for t in ts)
        attrs["heads"] = tuple(h for member in classes for h in self._heads(member.id, text))
        return start, end, attrs

    def _entity_for(self, text: str, cand: Candidate) -> Entity:
        return _entity(cand.entry) if cand.entry is not None else self._named(text, cand.etype)

    def _entity_of(self, text: str, etype: str) -> Entity:
        """What a pattern's name names, from the lexicon or as it is written (kept per text)."""
        entry = self.lexicon.lookup(text)
        if entry is None and etype == "Target":
            text = TARGET_WORDS.sub("", text).strip()
            entry = self.lexicon.lookup(text)
        if entry is None and etype == "DrugClass":
            target = class_target_text(text)
            if target:
                text = f"{target} inhibitor"
                entry = self.lexicon.lookup(text) or self.lexicon.lookup(f"anti-{target}")
        if entry is not None:
            return _entity(entry)
        etype = "Target" if etype == "Symbol" else etype
        return Entity(slug(text), pattern_label(text, etype), etype, "pattern")

    def _class_targets(self, label: str, text: str) -> tuple[Entity, ...]:
        """The target a class names ("PD-1 blocker" → PD-1, "BCMA bispecific" → BCMA, as
        written), from the lexicon (per label and wording)."""
        target_text = class_target_text(label) or class_target_text(text)
        if not target_text:
            return ()
        entry = self.lexicon.lookup(target_text)
        if entry is not None:
            return (_entity(entry),) if entry.type == "Target" else ()
        return (Entity(slug(target_text), target_text, "Target", "pattern"),)

    def _heads(self, class_id: str, text: str) -> tuple[Entity, ...]:
        """The class of two words or more a class name ends in ("anti-CD38 monoclonal antibody")."""
        words = text.split()
        tails = (self.lexicon.lookup(" ".join(words[k:])) for k in range(1, len(words) - 1))
        found = [e for e in tails if e is not None and e.type == "DrugClass" and e.id != class_id]
        return tuple(_entity(entry) for entry in found[:1])

    def _ellipsis(self, doc: Doc, cand: Candidate, entity: Entity) -> tuple[list[Entity], int]:
        """The left members of "low or high blood pressure", "PD-1, PD-L1 and CTLA-4
        inhibitors", and where the whole name starts."""
        start, found = cand.start, []
        if start < 2 or cand.end - start < 2 or doc[start - 1].lower_ not in _ELLIPSIS_JOINS:
            return found, start
        rest = doc[cand.start + 1 : cand.end].text
        while start >= 2 and (
            doc[start - 1].lower_ in _ELLIPSIS_JOINS or doc[start - 1].text == ","
        ):
            k = start - 2  # the member: tokens glued together ("PD-L1" is "PD", "-", "L1")
            while k > 0 and not doc[k - 1].whitespace_ and doc[k - 1].text != ",":
                k -= 1
            word = doc[k : start - 1].text
            if not word.isalpha() and not ACRONYM.match(word):
                break
            if entity.type == "DrugClass" and entity.label.endswith("inhibitor"):
                variant = f"{word} inhibitor"
            else:
                variant = f"{word} {rest}"
            entry = self.lexicon.lookup(variant)
            if entry is None or entry.type != entity.type or entry.id == entity.id:
                break
            found.insert(0, _entity(entry))
            joiner, start = doc[start - 1].lower_, k
            if joiner in _ELLIPSIS_JOINS and found[1:]:
                break  # "A and B, C and D inhibitors": one list at a time
        return found, start

    def _split_alternatives(self, doc: Doc, cand: Candidate, entity: Entity) -> list[Entity]:
        """The members of a name that lists alternatives: "muscle or joint aches"."""
        if cand.end - cand.start < 3:
            return []
        words = doc[cand.start : cand.end]
        if words[1].lower_ not in _ELLIPSIS_JOINS:
            return []
        right = words[2:].text
        left = f"{words[0].text} {words[3:].text}".strip()
        found = []
        for text in (left, right):
            entry = self.lexicon.lookup(text)
            if entry is not None and entry.type == entity.type and entry.id != entity.id:
                found.append(_entity(entry))
        return found


def _entity(entry: LexiconEntry) -> Entity:
    return Entity(entry.id, entry.label, entry.type, "lexicon")
