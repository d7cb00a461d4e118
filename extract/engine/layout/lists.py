"""Lists as discourse: the drugs a list's items name are named together."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from immunokg.extract.engine.referents import Context
    from immunokg.extract.model import Entity


def list_items(context: Context, header: int | None, item: tuple[Entity, ...] = ()) -> None:
    """A list's items name drugs together ("Both products" after a list of two): call with
    the block's list header (None: no item) before reading it, and with its drug after."""
    current, drugs = context.listed
    if header != current:
        if len(drugs) > 1:
            context.groups.append(drugs)
            context.lists.add(drugs)
        context.listed = (header, ())
    elif item:
        context.listed = (header, tuple(dict.fromkeys((*drugs, item[0]))))
