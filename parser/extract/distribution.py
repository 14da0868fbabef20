"""The distribution list ("Nơi nhận"): each recipient with its purpose ("để b/c")."""

from __future__ import annotations

import regex

from .. import patterns
from ..layout import Line
from ..models import Distribution
from ..patterns import squash

# Entries end at a line break, at ";" (the list's own separator), or where a dash opens the next
# one after "," or ")" ("Nơi nhận: - Ban Thường vụ (để báo cáo), - Các đồng chí ..." in one cell).
_ITEM_SPLIT = regex.compile(r"\n|(?<=;)\s+|(?<=[;.,)])\s*(?=[-–—+•*▪]\s)")
_PURPOSE = regex.compile(r"\s*\((?P<p>(?:để|đ/)[^()]*)\)\s*$", regex.IGNORECASE)


def extract_distribution(lines: tuple[Line, ...]) -> tuple[Distribution, ...]:
    """Entries of the "Nơi nhận" block, in order."""
    if not lines:
        return ()
    text = "\n".join(line.text for line in lines)
    text = patterns.NOI_NHAN.sub("", text, count=1)
    out = []
    for item in _ITEM_SPLIT.split(text):
        item = patterns.LIST_ITEM.sub("", squash(item)).strip(" ;.,")
        if not item:
            continue
        m = _PURPOSE.search(item)
        purpose = m.group("p").strip() if m else None
        recipient = item[: m.start()].strip(" ;.,") if m else item
        out.append(Distribution(recipient, purpose))
    return tuple(out)
