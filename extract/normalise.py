"""The one normalisation of entity names, shared by extraction matching and CLI lookups."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Marks that decorate brand names but never change what they name.
_MARKS = re.compile(r"[®™©℠]|\((?:r|tm|c)\)", re.IGNORECASE)
# Every dash, hyphen and slash becomes a space, so "T-cell", "T cell" and "T/cell" agree.
# "ICIs", "TILs", "IMiDs", "irAEs": an acronym's plural s, seen before case folding. Words are
# found by one linear scan and tested by `_acronym_singular`; one pattern for the whole test
# (\w*[A-Z]\w*[A-Z0-9]s) backtracks quadratically on a long upper-case word.
_WORD = re.compile(r"\w+")
_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_UPPER_OR_DIGIT = _UPPER | frozenset("0123456789")
_SEPARATORS = re.compile(r"[-‐‑‒–—―−﹣－/\\_]")
_POSSESSIVE = re.compile(r"(\w)['’]s\b")
_PLUS_POSITIVE = re.compile(r"(\w)\+(?=\s|$)")
_PUNCTUATION = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")
_GREEK = {"α": "alfa", "β": "beta", "γ": "gamma", "δ": "delta", "κ": "kappa"}

# British spellings, as (pattern, replacement) applied to whole lower-case words.
_BRITISH = [
    (re.compile(r"\b(tum|behavi|col|hum|fav|od|lab|neighb)our"), r"\1or"),
    (re.compile(r"aemi"), "emi"),  # leukaemia, anaemia, septicaemia, bacteraemia
    (re.compile(r"\bhaem"), "hem"),  # haematology, haemorrhage, haematopoietic
    (re.compile(r"(?<=\w)haem"), "hem"),  # myelohaem..., nonhaem...
    (re.compile(r"paeni"), "peni"),  # neutropaenia, leukopaenia
    (re.compile(r"\boesophag"), "esophag"),
    (re.compile(r"\boedem"), "edem"),
    (re.compile(r"\boestr"), "estr"),
    (re.compile(r"\bfoet"), "fet"),
    (re.compile(r"\bcoeliac"), "celiac"),
    (re.compile(r"\bcaec"), "cec"),
    (re.compile(r"\bfaec"), "fec"),
    (re.compile(r"rrhoea"), "rrhea"),  # diarrhoea, gonorrhoea
    (re.compile(r"pnoea"), "pnea"),  # dyspnoea, apnoea
    (re.compile(r"\bpaediatric"), "pediatric"),
    (re.compile(r"\borthopaedic"), "orthopedic"),
    (re.compile(r"\bgynaecolog"), "gynecolog"),
    (re.compile(r"\bischaemi"), "ischemi"),
    (re.compile(r"\b(cent|fib|lit)re(s?)\b"), r"\1er\2"),
    (re.compile(r"\bprogramme(s?)\b"), r"program\1"),
]
# Every British pattern above contains one of these; most words skip the loop.
_BRITISH_HINT = re.compile(r"our|ae|oe|tre|bre|programme")
# -ise → -ize, except in words where -ise is not the verb suffix (compromise, exercise ...).
_ISE = re.compile(r"\b(\w{4,})is(e|es|ed|ing|ation|ations|er|ers)\b")
_ISE_KEEP = (
    "advertis",
    "advis",
    "apprais",
    "bruis",
    "chastis",
    "circumcis",
    "compris",
    "compromis",
    "concis",
    "cris",
    "cruis",
    "demis",
    "despis",
    "devis",
    "disguis",
    "enterpris",
    "excis",
    "exercis",
    "expertis",
    "franchis",
    "improvis",
    "incis",
    "merchandis",
    "mortis",
    "nois",
    "otherwis",
    "pois",
    "prais",
    "precis",
    "premis",
    "promis",
    "rais",
    "revis",
    "supervis",
    "surpris",
    "televis",
    "treatis",
    "wis",
    "sunris",
    "repris",
    "surmis",
    "chemis",
    "paradis",
)
# Plural → singular of the last word. Words that only look plural are kept.
_KEEP_PLURAL = frozenset(
    [
        "diabetes",
        "herpes",
        "series",
        "species",
        "measles",
        "mumps",
        "rabies",
        "scabies",
        "news",
        "ascites",
        "feces",
        "faeces",
        "lupus",
        "virus",
        "status",
        "sinus",
        "stimulus",
        "fetus",
        "mucus",
        "pancreas",
        "bias",
        "gas",
        "atlas",
        "alias",
        "canvas",
        "lens",
        "chorus",
        "corpus",
        "thymus",
        "uterus",
        "anus",
        "bronchus",
        "humerus",
        "radius",
        "plus",
        "minus",
        "bus",
        "iris",
        "pelvis",
        "testis",
        "bonus",
        "focus",
        "tetanus",
        "nucleus",
    ]
)
_IRREGULAR = {
    "metastases": "metastasis",
    "diagnoses": "diagnosis",
    "prognoses": "prognosis",
    "analyses": "analysis",
    "crises": "crisis",
    "necroses": "necrosis",
    "neuroses": "neurosis",
    "thromboses": "thrombosis",
    "fibroses": "fibrosis",
    "children": "child",
    "women": "woman",
    "men": "man",
    "feet": "foot",
    "teeth": "tooth",
    "mice": "mouse",
    "lymphomata": "lymphoma",
    "carcinomata": "carcinoma",
    "data": "data",
}
_STOP = frozenset(
    ["a", "an", "and", "the", "of", "or", "to", "in", "on", "at", "by", "for", "with", "is", "as"]
)
_DIGITS = re.compile(r"^\d+$")
_SHORT_CODE = re.compile(r"^[a-z]{1,2}\d+[a-z]?$")


@lru_cache(maxsize=65536)
def normalise_name(text: str) -> str:
    """Return the matching key of a name: "PD-1", "PD1", "pd 1" and "PD-1®" give one key.

    Case, marks, dashes/slashes, possessives, accents, British spellings and the plural
    of the last word are folded, so a text's wording and a user's lookup meet.
    """
    if not text.isascii():
        text = _fold_unicode(text)
    elif "(" in text:
        text = _MARKS.sub(" ", text)
    if "s" in text:
        text = _WORD.sub(_acronym_singular, text)
    text = text.casefold()
    if "'" in text:
        text = _POSSESSIVE.sub(r"\1", text)
    if "+" in text:
        text = _PLUS_POSITIVE.sub(r"\1 positive", text)
    text = _PUNCTUATION.sub(" ", _SEPARATORS.sub(" ", text.replace("&", " and ")))
    words = _SPACES.sub(" ", text).strip().split(" ")
    if words == [""]:
        return ""
    words = [_american(w) for w in words]
    words[-1] = _singular(words[-1])
    return " ".join(_join_codes(words))


def _acronym_singular(word: re.Match[str]) -> str:
    """A word ending in s after an upper-case letter or digit, with an upper-case letter
    before that ("ICIs", "CD19s"), loses the s."""
    text = word.group()
    if len(text) < 3 or text[-1] != "s" or text[-2] not in _UPPER_OR_DIGIT:
        return text
    return text[:-1] if not _UPPER.isdisjoint(text[:-2]) else text


def _fold_unicode(text: str) -> str:
    """Compatibility forms, Greek letters spelled out, accents dropped ("Guérin" → "Guerin")."""
    text = unicodedata.normalize("NFKC", _MARKS.sub(" ", text)).replace("’", "'")
    for greek, latin in _GREEK.items():
        text = text.replace(greek, f" {latin} ")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def _american(word: str) -> str:
    """British → American spelling of one lower-case word."""
    if not word.isascii() or word.isdigit():
        return word
    if _BRITISH_HINT.search(word):
        word = _british_to_american(word)
    if word == "alpha":
        return "alfa"
    match = _ISE.match(word) if "is" in word else None
    if match and not (match.group(1) + "is").endswith(_ISE_KEEP):
        return f"{match.group(1)}iz{match.group(2)}"
    return word


def _british_to_american(word: str) -> str:
    for pattern, replacement in _BRITISH:
        word = pattern.sub(replacement, word)
    return word


def _singular(word: str) -> str:
    """Singular of a lower-case word; conservative, so a wrong guess is rare."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or word in _KEEP_PLURAL or not word.isalpha():
        return word
    if word.endswith(("ss", "us", "is", "ous", "ics")) or not word.endswith("s"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "xes", "uses")):
        return word[:-2]
    if word.endswith("ches") and not word.endswith("aches"):
        return word[:-2]
    return word[:-1]


def _join_codes(words: list[str]) -> list[str]:
    """Join a letter run and a digit run ("pd 1" → "pd1", "cd 19", "pd l1", "il 2")."""
    out: list[str] = []
    for word in words:
        if out and _joins(out[-1], word):
            out[-1] += word
        else:
            out.append(word)
    return out


def _joins(left: str, right: str) -> bool:
    if left in _STOP or right in _STOP:
        return False
    if _DIGITS.match(right) and left[-1].isalpha():
        return True
    return len(left) <= 3 and left.isalnum() and bool(_SHORT_CODE.match(right))


def name_id(text: str) -> str:
    """A stable id from a name ("PD-1 inhibitor" → "pd-1-inhibitor"): lower-case ASCII words."""
    text = unicodedata.normalize("NFKD", _MARKS.sub(" ", text))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return "-".join(re.findall(r"[a-z0-9]+", text))
