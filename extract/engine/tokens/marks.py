"""What the engine marks on a token: the entities it names, its brand, the targets a class
name states and its kind of pointing phrase.

Marks live per Doc in plain dicts keyed by the token's character offset, as spaCy keeps its
own ``token._`` values: a merge keeps its first token's offset, so a mark written after
merging stays with its token. Reading one is a dict lookup, where ``token._`` builds an
object per access, and the engine reads marks at every step. The pointing kind is the
token's ``ent_id_``, so that relation rules test it natively (``ENT_ID`` in a pattern).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from immunokg.extract.model import Entity

_KEY = "immunokg.marks"


def table(doc: Doc, name: str) -> dict[int, Any]:
    """The marks ``name`` of ``doc``'s tokens, by character offset (made when first asked)."""
    tables = doc.user_data.get(_KEY)
    if tables is None:
        tables = doc.user_data[_KEY] = {"entities": {}, "brand": {}, "targets": {}, "heads": {}}
    return tables[name]


def mark(token: Token, name: str, value: object) -> None:
    """Set one mark of ``token``: entities, brand, targets, heads or anaphor."""
    if name == "anaphor":
        token.ent_id_ = str(value)
    else:
        table(token.doc, name)[token.idx] = value


def entities(token: Token) -> tuple[Entity, ...]:
    """The entities the token names (several for "low or high X"); () for none."""
    tables = token.doc.user_data.get(_KEY)
    return tables["entities"].get(token.idx, ()) if tables else ()


def brand(token: Token) -> str:
    """The brand as written, when the token is a brand mention; else ""."""
    tables = token.doc.user_data.get(_KEY)
    return tables["brand"].get(token.idx, "") if tables else ""


def targets(token: Token) -> tuple[tuple[str, Entity], ...]:
    """(class id, Target) pairs a class name states ("PD-1 inhibitor")."""
    tables = token.doc.user_data.get(_KEY)
    return tables["targets"].get(token.idx, ()) if tables else ()


def heads(token: Token) -> tuple[Entity, ...]:
    """The broader classes a class name ends in ("anti-CD38 monoclonal antibody")."""
    tables = token.doc.user_data.get(_KEY)
    return tables["heads"].get(token.idx, ()) if tables else ()


def anaphor(token: Token) -> str:
    """The kind of a merged pointing phrase ("these drugs", "this type of therapy"); else ""."""
    return token.ent_id_
