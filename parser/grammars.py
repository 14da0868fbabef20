"""Load and cache the Lark grammars shipped in ``grammars/`` (package ``vanban.grammar_files``).

Grammars share their shapes with ``%import shapes (...)``: imports resolve inside the package.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

import regex
from lark import Lark, Token, Transformer
from lark.load_grammar import FromPackageLoader

_PACKAGE = f"{__package__}.grammar_files"
_IMPORTS = FromPackageLoader(_PACKAGE, ("",))


@lru_cache(maxsize=32)
def grammar_text(name: str) -> str:
    """The source of ``grammars/<name>.lark``."""
    return files(_PACKAGE).joinpath(f"{name}.lark").read_text(encoding="utf-8")


_PLAIN_SAMPLE = "qzxw "  # a word no keyword of any grammar starts with
_UNESCAPED_SLASH = regex.compile(r"(?<!\\)((?:\\\\)*)/")


def _literal(pattern: str) -> str:
    """A regular expression written as a Lark ``/.../`` literal."""
    pattern = _UNESCAPED_SLASH.sub(r"\1\\/", pattern)
    return pattern.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


@lru_cache(maxsize=8)
def _sentence_source(name: str) -> tuple[str, tuple[str, ...]]:
    """A sentence grammar's source made cheaper to lex, and the terminals whose tokens carry
    blanks to trim.

    A sentence grammar has a ``WORD`` terminal (one plain word and the blanks after it).  It is
    widened to a run of plain words that stops before any other terminal that can start there
    (catch-all terminals, which match any word, such as a law's name words, do not stop it);
    and every other terminal takes the blanks after it too.  The lexer then makes one step per
    token instead of two, and one per run of plain words instead of one per word; each token's
    end is moved back before its blanks as it is made (``_trim``).
    """
    text = grammar_text(name)
    plain = Lark(text, parser="lalr", lexer="contextual", regex=True, import_paths=[_IMPORTS])
    word = next(t.pattern.to_regexp() for t in plain.terminals if t.name == "WORD")
    stops, overrides, trimmed = [], [], []
    for term in plain.terminals:
        if term.name == "WORD" or term.name in plain.ignore_tokens:
            continue
        pattern = term.pattern.to_regexp()
        if not regex.match(pattern, _PLAIN_SAMPLE):
            stops.append(pattern)
        overrides.append(f"%override {term.name}.{term.priority}: /{_literal(pattern)}\\s*/")
        trimmed.append(term.name)
    run = f"(?:{word})(?:(?!{'|'.join(stops)})(?:{word}))*"
    overrides.append(f"%override WORD.-1: /{_literal(run)}/")
    return text + "\n" + "\n".join(overrides) + "\n", tuple(trimmed)


def _trim(token: Token) -> Token:
    """A token's end without the blanks its terminal took after it (its value keeps them:
    readers strip what they read)."""
    token.end_pos = token.start_pos + len(token.rstrip())
    return token


@lru_cache(maxsize=32)
def load(name: str, start: str | tuple[str, ...] = "start", transformer: Transformer | None = None) -> Lark:
    """Compile a grammar once: LALR with the contextual lexer, ``regex`` for ``\\p{L}`` classes.
    With ``transformer``, it runs while the parser reduces (no tree is built): ``parse`` returns
    what it makes of ``start``."""
    return Lark(
        grammar_text(name),
        parser="lalr",
        lexer="contextual",
        regex=True,
        start=list(start) if isinstance(start, tuple) else start,
        maybe_placeholders=False,
        import_paths=[_IMPORTS],
        transformer=transformer,
    )


@lru_cache(maxsize=8)
def load_reading(name: str, reader: Transformer) -> Lark:
    """A grammar whose Transformer runs while it parses: LALR then builds no tree, the fast
    path for phrase grammars that read whole sentences.  ``parse`` returns what ``start`` returns."""
    source, trimmed = _sentence_source(name)
    return Lark(
        source,
        parser="lalr",
        lexer="contextual",
        regex=True,
        maybe_placeholders=False,
        import_paths=[_IMPORTS],
        transformer=reader,
        lexer_callbacks=dict.fromkeys(trimmed, _trim),
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
