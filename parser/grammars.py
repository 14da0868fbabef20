"""Load and cache the Lark grammars shipped in ``grammars/`` (package ``vanban.grammar_files``)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from lark import Lark


@cache
def grammar_text(name: str) -> str:
    """The source of ``grammars/<name>.lark``."""
    return files(f"{__package__}.grammar_files").joinpath(f"{name}.lark").read_text(encoding="utf-8")


@cache
def load(name: str, start: str | tuple[str, ...] = "start") -> Lark:
    """Compile a grammar once: LALR with the contextual lexer, ``regex`` for ``\\p{L}`` classes."""
    return Lark(
        grammar_text(name),
        parser="lalr",
        lexer="contextual",
        regex=True,
        start=list(start) if isinstance(start, tuple) else start,
        maybe_placeholders=False,
    )


@cache
def terminal_pattern(name: str, terminal: str) -> str:
    """The regular expression Lark compiled for one terminal of a grammar.

    Short, hot checks (a single syllable, a number span) use the terminal's
    pattern directly; the grammar file stays the single source of truth.
    """
    parser = load(name)
    for term in parser.terminals:
        if term.name == terminal:
            return term.pattern.to_regexp()
    raise KeyError(f"{name}.lark has no terminal {terminal}")
