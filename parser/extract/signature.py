"""The signature block, read with ``grammars/signature.lark``.

"TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn A" gives the chain
[TM of ỦY BAN NHÂN DÂN, KT of CHỦ TỊCH], authority KT, on_behalf_of CHỦ TỊCH,
title PHÓ CHỦ TỊCH and the name.
"""

from __future__ import annotations

from lark import Token, Transformer
from lark.exceptions import LarkError

from .. import patterns
from ..grammars import load
from ..layout import Line
from ..models import Signature, SigningLink
from ..patterns import squash
from ..titles import split_titles


class _SignatureReader(Transformer):
    def certification(self, items: list[Token]) -> None:
        return None  # the authenticating body of a consolidated text is not the signer's title

    def link(self, items: list[Token]) -> SigningLink:
        auth, words = items
        return SigningLink(str(auth).replace("/", "").rstrip(".").upper(), _squash(words))

    def start(self, items: list) -> Signature:
        chain = tuple(i for i in items if isinstance(i, SigningLink))
        caps = next((str(i) for i in items if isinstance(i, Token) and i.type == "CAPS"), None)
        name = next((str(i).rstrip(".") for i in items if isinstance(i, Token) and i.type == "NAME"), None)
        if chain:
            # The last link's words hold whom it signs for and, after it, the signer's title.
            titles = split_titles(chain[-1].of + (" " + caps if caps else ""))
            last = SigningLink(chain[-1].authority, titles[0])
            chain = chain[:-1] + (last,)
            title = " ".join(titles[1:]) or None
            return Signature(last.authority, last.of, title, name, chain)
        title = _squash(caps) if caps else None
        return Signature(None, None, title, name, ())


def _squash(text: str) -> str:
    return squash(str(text)).strip(" ,")


_READER = _SignatureReader()


def extract_signature(lines: tuple[Line, ...]) -> Signature | None:
    """Read the signature block's lines; ``None`` when they do not parse."""
    if not lines:
        return None
    text = patterns.SEAL_NOTE.sub(" ", " ".join(line.text for line in lines))
    text = squash(text)
    try:
        return _READER.transform(load("signature").parse(text))
    except LarkError:
        return None
