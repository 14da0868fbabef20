"""Load and cache the Lark grammars shipped in ``grammars/`` (package ``vanban.grammar_files``).

Grammars share their shapes with ``%import shapes (...)``: imports resolve inside the package.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from lark import Lark
from lark.load_grammar import FromPackageLoader

_PACKAGE = f"{__package__}.grammar_files"
_IMPORTS = FromPackageLoader(_PACKAGE, ("",))


@lru_cache(maxsize=32)
def grammar_text(name: str) -> str:
    """The source of ``grammars/<name>.lark``."""
    return files(_PACKAGE).joinpath(f"{name}.lark").read_text(encoding="utf-8")


@lru_cache(maxsize=32)
def load(name: str, start: str | tuple[str, ...] = "start") -> Lark:
    """Compile a grammar once: LALR with the contextual lexer, ``regex`` for ``\\p{L}`` classes."""
    return Lark(
        grammar_text(name),
        parser="lalr",
        lexer="contextual",
        regex=True,
        start=list(start) if isinstance(start, tuple) else start,
        maybe_placeholders=False,
        import_paths=[_IMPORTS],
    )


@lru_cache(maxsize=64)
def terminal_pattern(name: str, terminal: str) -> str:
    """The regular expression Lark compiled for one terminal of a grammar.

    Fast locators and short, hot checks (a single syllable, a number span) use the
    terminal's pattern directly; the grammar file stays the single source of truth.
    """
    parser = load(name)
    for term in parser.terminals:
        if term.name == terminal:
            return term.pattern.to_regexp()
    raise KeyError(f"{name}.lark has no terminal {terminal}")
