"""Where an HTML page ends for a browser: at the first tag or comment that nothing closes."""

from __future__ import annotations

import re

_TAG_START = re.compile(r"<[A-Za-z/!?]")


def first_unclosed(raw: str) -> int:
    """Where the first tag or comment starts that nothing closes before the end of the page.

    A browser shows nothing from there on (HTML5: a tag cut by the end is dropped, a comment
    runs to the end). Python's HTMLParser (3.11's, at least) rescans the rest of the page from
    every such "<", in quadratic time; ending the page there spares it, and no offset moves.
    """
    last_close, last_comment_close = raw.rfind(">"), raw.rfind("-->")
    cut = len(raw)
    tag = _TAG_START.search(raw, last_close + 1)
    if tag:
        cut = tag.start()
    comment = raw.find("<!--", max(last_comment_close - 3, 0), cut)
    while comment >= 0 and raw.startswith("<!-->", comment):
        comment = raw.find("<!--", comment + 1, cut)
    if comment < 0 or _in_raw_text(raw, comment):
        return cut
    return comment


def _in_raw_text(raw: str, position: int) -> bool:
    """Whether ``position`` lies in a script or style, whose "<!--" starts no comment."""
    before = raw[:position].lower()
    opened = max(before.rfind("<script"), before.rfind("<style"))
    return opened > max(before.rfind("</script"), before.rfind("</style"))
