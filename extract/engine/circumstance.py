"""Circumstances stepped over as asides: where, when, at what stage, and with which partner.

"X is licensed in Europe for Y", "was approved by the FDA in 2015 to treat Y" and "used with
chemotherapy for Y" all state X treats Y; the words between the verb and its object are
flagged so the rules can pass over them. Kept apart from reference.py, which finds the
pointing phrases and clause asides. The word lists are data: extract/data/word_lists.jsonl.
"""

from __future__ import annotations

from immunokg.extract.engine.tokens.words import Words
from immunokg.extract.rules.flags import ASIDE, CLAUSE
from immunokg.extract.rules.word_lists import word_list

# Where and when a statement holds, stepped over between its verb and object:
# "is licensed in Europe for", "was approved in 2025 for", "is used after surgery for".
_PLACES = word_list("circumstance-places")
_POPULATIONS = word_list("circumstance-populations")
_AGENCIES = word_list("circumstance-agencies")
_TRIAL_WORDS = word_list("circumstance-trial-words")
_STAGES = word_list("circumstance-stages")
# A combination partner after the drug or its verb: "X with chemotherapy for ...",
# "used alongside the antibody Y for ...", "tested with Y in people with ...".
PARTNER_AFTER = word_list("partner-verbs")
_PARTNER_WORDS = word_list("partner-words")
AGENT_TYPES = frozenset({"Drug", "DrugClass", "Brand"})
# The first words of every circumstance _circumstance_end knows.
CIRCUMSTANCE_WORDS = word_list("circumstance-openers")


def mark_circumstance(words: Words, flags: list[int], i: int) -> int:
    """Mark a place, year, stage or combination partner starting at ``i`` as an aside.

    A partner is also flagged "c": "use X together with chemotherapy to treat Y" says
    nothing of chemotherapy. Returns the last index marked (``i`` when none).
    """
    end, clause = _circumstance_end(words, i), False
    if end is None:
        end, clause = _partner_end(words, i), True
    if end is None:
        return i
    for j in range(i, end + 1):
        flags[j] |= ASIDE | CLAUSE if clause else ASIDE
    return end


def _circumstance_end(words: Words, i: int) -> int | None:
    lower, n = words.lower, len(words.lower)
    word = lower[i]
    if i + 1 >= n or words.ent[i + 1]:
        return None
    nxt = lower[i + 1]
    if (
        word in ("in", "since", "during")
        and words.doc[i + 1].like_num
        and len(words.text[i + 1]) == 4
    ):
        return i + 1  # "in 2025"
    if word == "in" and nxt in _POPULATIONS:
        return i + 1  # "is used in adults to treat ..."
    if word == "in":
        j = i + 1 + (nxt == "the")
        k = j
        while k < n and k - j < 2 and lower[k] in _PLACES:
            k += 1
        return k - 1 if k > j else None
    if word == "as" and lower[i + 1 : i + 3] == ["part", "of"]:
        j = i + 3  # "given as part of a clinical trial for ..."
        while j < n and j - i < 7 and lower[j] in _TRIAL_WORDS:
            j += 1
        return j - 1 if lower[j - 1] in ("trial", "trials", "study", "studies") else None
    if word == "by":  # "was approved by the FDA in 2015 to treat ..."
        j = i + 1 + (nxt == "the")
        return j if j < n and lower[j] in _AGENCIES else None
    if word in ("first", "second", "third"):  # "is used first line for ...", "first-line"
        j = i + 1 + (nxt == "-")
        return j if j < n and lower[j] == "line" else None
    if word in ("after", "before"):
        for stage in _STAGES:
            parts = stage.split()
            if lower[i + 1 : i + 1 + len(parts)] == parts:
                return i + len(parts)
    return None


def _partner_end(words: Words, i: int) -> int | None:
    if i == 0:
        return None
    lower, ent, n = words.lower, words.ent, len(words.lower)
    if not (ent[i - 1] in AGENT_TYPES or lower[i - 1] in PARTNER_AFTER):
        return None
    start = i
    for lead in (["alone", "or"], ["on", "its", "own", "or"], ["either", "alone", "or"]):
        if lower[i : i + len(lead)] == lead:
            i += len(lead)  # "used alone or with nivolumab to treat ..."
            break
    ahead = lower[i : i + 3]
    if ahead[:1] in (["with"], ["alongside"], ["plus"]):
        j = i + 1
    elif ahead[:2] in (["together", "with"], ["combined", "with"], ["along", "with"]):
        j = i + 2
    elif ahead == ["in", "combination", "with"]:
        j = i + 3
    else:
        return None
    while j < n and j - start < 9 and lower[j] in _PARTNER_WORDS and not ent[j]:
        j += 1
    if j >= n or ent[j] not in AGENT_TYPES:
        return None
    end = j
    if lower[end + 1 : end + 3] == ["such", "as"] and end + 3 < n and ent[end + 3] in AGENT_TYPES:
        end += 3  # "with a targeted drug such as axitinib"
    if end + 1 < n and words.text[end + 1] == "(":
        close = next((k for k in range(end + 2, min(end + 12, n)) if words.text[k] == ")"), None)
        end = close if close is not None else end
    return end
