"""Slot expansion: from one matched entity token to every member of its coordinated list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from immunokg.extract.engine.tokens import marks
from immunokg.extract.model import Entity
from immunokg.extract.rules.word_lists import word_list

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

AGENTS = frozenset({"Drug", "DrugClass", "Brand"})
# Words that join members of one list: "A, B and C", "A or B", "A as well as B".
JOINERS = word_list("list-joiners")
# Further words that introduce members of a list of cancers or side effects:
# "blood cancers, including some types of leukemia", "skin problems, such as rash".
INCLUSIVE = word_list("list-introducers")
# Qualifiers that may stand before a later member: "melanoma and metastatic kidney cancer".
QUALIFIERS = word_list("list-qualifiers")
# How often, set off between members of a list of side effects: "A and, rarely, B".
FREQUENCY = word_list("list-frequency")
# Where on the body a side effect is felt, passed over before the next member:
# "numbness or tingling in the hands and feet, and high blood sugar".
BODY_PARTS = word_list("list-body-parts")
# Who a cancer is treated in, passed over before the next member:
# "an option for some people with NSCLC and for people with mesothelioma".
PEOPLE = word_list("list-people")
# An aside between members of a list of side effects: "CRS, usually within a day, and ICANS".
ASIDE_OPENERS = word_list("list-aside-openers")
_MAX_JOIN = 6
_MAX_PAREN = 12


def family(etype: str) -> str:
    """Types that can share one list: drugs, brands and classes; otherwise the type itself."""
    if etype == "Symbol":
        return "Target"
    if etype == "Item":
        return "SideEffect"
    return "agent" if etype in AGENTS or etype == "Anaphor" else etype


def paren_close(doc: Doc, i: int, limit: int) -> int | None:
    """Index of the ")" that closes the "(" at ``i``, if it is near and in the sentence."""
    for j in range(i + 1, min(i + _MAX_PAREN, limit)):
        if doc[j].text == "(":
            return None
        if doc[j].text == ")":
            return j
    return None


def unit(doc: Doc, i: int, limit: int, brands: bool) -> tuple[list[Entity | str], int]:
    """What token ``i`` names, with its parenthesis: "Keytruda (pembrolizumab)" names the drug.

    With ``brands`` the unit names brand strings instead. Returns members and last index.
    """
    token = doc[i]
    end = i
    inner: list = []
    if i + 1 < limit and doc[i + 1].text == "(":
        close = paren_close(doc, i + 1, limit)
        if close is not None:
            end = close
            inner = [t for t in doc[i + 2 : close] if t.ent_type_]
    if brands:
        return ([marks.brand(token) or token.text] if token.ent_type_ in ("Brand", "") else []), end
    members: list[Entity | str] = list(marks.entities(token))
    if token.ent_type_ == "Brand" or (token.ent_type_ == "Drug" and not members):
        drugs = [e for t in inner for e in marks.entities(t) if e.type == "Drug"]
        members = drugs[:1] or members
    elif token.ent_type_ in ("SideEffect", "Item"):  # "nerve problems (ICANS)": both are named
        members += [e for t in inner if t.ent_type_ == "SideEffect" for e in marks.entities(t)]
        members = list(dict.fromkeys(members))
    return members, end


def expand(
    sent: Span, i: int, stop: set[int], brands: bool = False
) -> list[tuple[int, Entity | str]]:
    """Every member of the list that token ``i`` belongs to, with its token index."""
    doc = sent.doc
    kind = family(doc[i].ent_type_) if doc[i].ent_type_ else "Word"
    inclusive = kind in ("CancerType", "SideEffect")
    members, end = unit(doc, i, sent.end, brands)
    found = [(i, m) for m in members]
    left_from = i
    if i - 2 >= sent.start and doc[i - 1].text == "(" and not doc[i - 2].ent_type_:
        close = paren_close(doc, i - 1, sent.end)
        if close is not None:  # "Zorbex (foximab), ...": the list runs on both sides of the unit
            left_from, end = i - 2, max(end, close)
    found += _walk_right(sent, end, kind, inclusive, stop, brands)
    found += _walk_left(sent, left_from, kind, stop, brands)
    return found


def _same_family(token, kind: str, brands: bool) -> bool:
    if brands:
        return token.ent_type_ == "Brand"
    return bool(token.ent_type_) and family(token.ent_type_) == kind


def _walk_right(sent, end, kind, inclusive, stop, brands):
    doc, found, j = sent.doc, [], end + 1
    while j < sent.end:
        k, joined = j, 0
        while k < sent.end and joined < _MAX_JOIN and not doc[k].ent_type_:
            word = doc[k].lower_
            if kind == "CancerType" and joined and _people_phrase(doc, k, sent.end):
                k = _people_phrase(doc, k, sent.end)  # "A and for people with B"
            elif kind == "agent" and not joined and (skip := _setting(doc, k, sent.end, stop)):
                k = skip  # "A in myeloma, B in lymphoma", "A with B, or C with D"
            elif kind == "SideEffect" and (skip := _aside(doc, k, sent.end)):
                k = skip  # "A, usually mild, and B"
            elif (
                word in JOINERS
                or (inclusive and word in INCLUSIVE | QUALIFIERS)
                or (kind == "Target" and word == "to")
            ):
                k, joined = k + 1, joined + 1
            elif kind == "Target" and word in ("on", "in") and _cells_phrase(doc, k, sent.end):
                k = _cells_phrase(doc, k, sent.end)
            elif kind == "SideEffect" and word in FREQUENCY and joined:
                k, joined = k + 1, joined + 1  # "A and, rarely, B"
            elif kind == "SideEffect" and word in ("in", "on") and _body_phrase(doc, k, sent.end):
                k = _body_phrase(doc, k, sent.end)
            else:
                break
        if not joined or k >= sent.end or k in stop:
            break
        head, k = k, _member_at(doc, k, kind, brands, sent.end)
        if k is None:
            break
        members, end = unit(doc, k, sent.end, brands)
        if k != head:  # "liver (hepatitis) and lungs": the list goes on after the bracket
            end = max(end, paren_close(doc, head + 1, sent.end) or end)
        found += [(k, m) for m in members]
        j = end + 1
    return found


def _walk_left(sent, start, kind, stop, brands):
    doc, found, j = sent.doc, [], start - 1
    while j >= sent.start:
        k, joined = j, 0
        while k >= sent.start and joined < 3 and doc[k].lower_ in JOINERS - {"as", "well"}:
            k, joined = k - 1, joined + 1
        if not joined or k < sent.start:
            break
        if doc[k].text == ")":
            opening = next(
                (
                    o
                    for o in range(k - 1, max(k - _MAX_PAREN, sent.start - 1), -1)
                    if doc[o].text == "("
                ),
                None,
            )
            if opening is None or opening - 1 < sent.start:
                break
            k = opening - 1
        head = k
        member = _member_at(doc, k, kind, brands, sent.end)
        if member is None or member in stop:
            break
        members, _ = unit(doc, member, sent.end, brands)
        found += [(member, m) for m in members]
        j = head - 1
    return found


def _member_at(doc, k: int, kind: str, brands: bool, limit: int) -> int | None:
    """The list member at ``k``: the token itself, or the entity in its parenthesis
    when the head word is unknown ("Zorbex (foximab)")."""
    if _same_family(doc[k], kind, brands):
        return k
    if doc[k].ent_type_ or brands or k + 1 >= limit or doc[k + 1].text != "(":
        return None
    close = paren_close(doc, k + 1, limit)
    inner = [t.i for t in doc[k + 2 : close or k + 2] if _same_family(t, kind, brands)]
    return inner[0] if inner else None


def _cells_phrase(doc, k, limit) -> int:
    """End of "on T cells" / "in tumour cells" after a target, else 0."""
    for j in range(k + 1, min(k + 5, limit)):
        if doc[j].ent_type_ == "ImmuneCell" or doc[j].lower_ in ("cell", "cells"):
            return j + 1
        if doc[j].ent_type_ in ("Drug", "DrugClass", "Brand", "Target", "Symbol"):
            return 0
    return 0


def _body_phrase(doc, k, limit) -> int:
    """End of "in the hands and feet" after a side effect (followed by a list comma), else 0."""
    j = k + 1 + (k + 1 < limit and doc[k + 1].lower_ in ("the", "your"))
    parts = 0
    while j < limit and not doc[j].ent_type_ and doc[j].lower_ in BODY_PARTS | {"and", "or"}:
        parts += doc[j].lower_ in BODY_PARTS
        j += 1
    return j if parts and j < limit and doc[j].text == "," else 0


def _aside(doc, k, limit) -> int:
    """Where ", usually within two days of a dose," closes (its last comma), with ``k`` at its
    first word, when a joiner and the next member follow; else 0. The aside names nothing."""
    if k >= 1 and doc[k].lower_ in ("that", "which") and doc[k - 1].ent_type_:
        return _relative(doc, k, limit)  # "low blood counts that can last for weeks, ..."
    if k < 1 or doc[k - 1].text != ",":
        return 0
    marked = "a" in doc[k].tag_  # ", which usually starts with a fever,": its names are asides
    if not marked and doc[k].lower_ not in ASIDE_OPENERS:
        return 0
    for j in range(k + 1, min(k + 14, limit - 1)):
        if doc[j].ent_type_ and not marked:
            return 0
        if doc[j].text == ",":
            return j if doc[j + 1].lower_ in ("and", "or") else 0
    return 0


def _relative(doc, k, limit) -> int:
    """Where a relative clause right after a member ends: at the comma that the next member
    follows ("A that can last for weeks, B, and C"); 0 if it names anything or runs on."""
    for j in range(k + 1, min(k + 10, limit - 1)):
        if doc[j].ent_type_ or doc[j].text in (".", ";", ":"):
            return 0
        if doc[j].text == ",":
            ahead = doc[j + 1 : min(j + 4, limit)]  # ", and serious infections"
            named = next((t for t in ahead if t.ent_type_ or not t.is_alpha), None)
            return j if named is not None and named.ent_type_ else 0
    return 0


def _people_phrase(doc, k, limit) -> int:
    """End of "for (some) people with" between two cancers of one list, else 0."""
    words = [t.lower_ for t in doc[k : min(k + 4, limit)]]
    if words[:1] not in (["for"], ["in"]):
        return 0
    j = 1 + (len(words) > 1 and words[1] in ("some", "certain", "many", "most"))
    if len(words) > j + 1 and words[j] in PEOPLE and words[j + 1] == "with":
        end = k + j + 2
        return end if end < limit and not any(t.ent_type_ for t in doc[k:end]) else 0
    return 0


_SETTINGS = {"in": ("CancerType",), "for": ("CancerType",), "with": AGENTS, "plus": AGENTS}


def _setting(doc, k, limit, stop) -> int:
    """End of a setting or partner phrase between two members of a list of drugs ("in
    myeloma (MM),", "with bevacizumab,"), when a list joiner follows it; else 0. A phrase
    that holds a slot of the match is no aside of the list."""
    kinds = _SETTINGS.get(doc[k].lower_)
    j = k + 1
    if kinds is None or j >= limit:
        return 0
    if doc[j].lower_ in ("a", "an", "the") and j + 1 < limit:
        j += 1
    if doc[j].ent_type_ not in kinds or j in stop:
        return 0
    _, end = unit(doc, j, limit, False)
    after = doc[end + 1].lower_ if end + 1 < limit else ""
    joiners = (",",) if kinds is AGENTS else (",", "and", "or")
    return end + 1 if after in joiners else 0
