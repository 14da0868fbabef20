"""Load and cache the Lark grammars shipped in ``grammars/`` (package ``vanban.grammar_files``).

Grammars share their shapes with ``%import shapes (...)``: imports resolve inside the package.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from functools import lru_cache, partial
from importlib.resources import files
from itertools import chain

import regex
from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedInput
from lark.lexer import ContextualLexer, LexerThread
from lark.load_grammar import FromPackageLoader
from lark.parse_tree_builder import ChildFilter
from lark.parsers.lalr_analysis import Shift
from lark.parsers.lalr_interactive_parser import InteractiveParser
from lark.parsers.lalr_parser import LALR_Parser, _Parser
from lark.parsers.lalr_parser_state import ParseConf, ParserState

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


@dataclass(frozen=True)
class _SentenceGrammar:
    """A sentence grammar made cheaper to lex (see :func:`_sentence_source`)."""

    source: str  # the grammar with ``WORD`` widened and blanks taken after each terminal
    trimmed: tuple[str, ...]  # terminals whose tokens carry blanks to trim
    word: str  # one plain word and the blanks after it (``WORD`` as the grammar writes it)
    stops: tuple[str, ...]  # terminals a run of plain words stops before


@lru_cache(maxsize=8)
def _sentence_source(name: str) -> _SentenceGrammar:
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
    stops, stop_names, overrides, trimmed = [], [], [], []
    for term in plain.terminals:
        if term.name == "WORD" or term.name in plain.ignore_tokens:
            continue
        pattern = term.pattern.to_regexp()
        if not regex.match(pattern, _PLAIN_SAMPLE):
            stops.append(pattern)
            stop_names.append(term.name)
        overrides.append(f"%override {term.name}.{term.priority}: /{_literal(pattern)}\\s*/")
        trimmed.append(term.name)
    run = f"(?:{word})(?:(?!{'|'.join(stops)})(?:{word}))*"
    overrides.append(f"%override WORD.-1: /{_literal(run)}/")
    source = text + "\n" + "\n".join(overrides) + "\n"
    return _SentenceGrammar(source, tuple(trimmed), word, tuple(stop_names))


def _trim(token: Token) -> Token:
    """A token's end without the blanks its terminal took after it (its value keeps them:
    readers strip what they read)."""
    token.end_pos = token.start_pos + len(token.rstrip())
    return token


class _OffsetLexer(ContextualLexer):
    """Lark's contextual lexer in one loop, without line and column counting: readers use only
    a token's offsets (``start_pos``, ``end_pos``; ``line`` and ``column`` are ``None``).  The
    lexer state's position and last token are set when the text is lexed to its end.

    The scanners, token types and callbacks are Lark's own; where no terminal matches, Lark's
    lexer takes over from that position to raise its usual error.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._steps: dict[int, tuple] = {}

    def lex(self, lexer_state, parser_state):
        """Tokens of ``lexer_state``'s text, each lexed in the parser's current state."""
        source = lexer_state.text  # a TextSlice since Lark 1.2, a str before
        text = getattr(source, "text", source)
        end = getattr(source, "end", len(text))
        pos = lexer_state.line_ctr.char_pos
        steps, parser_states = self._steps, parser_state.state_stack  # changed in place as it parses
        new = str.__new__
        token = lexer_state.last_token
        while pos < end:
            state = parser_states[-1]
            match, ignored, callbacks = steps.get(state) or self._step(state)
            found = match(text, pos, end)
            if found is None:  # Lark raises the error (the grammar's lexer states are its own)
                lexer_state.line_ctr.feed(text[lexer_state.line_ctr.char_pos : pos])
                lexer_state.last_token = token
                yield from super().lex(lexer_state, parser_state)
                return
            kind = found.lastgroup
            start, pos = pos, found.end()
            if kind in ignored and kind not in callbacks:
                continue
            value = found.group()
            made = new(Token, value)
            made.type, made.value, made.start_pos, made.end_pos = kind, value, start, pos
            made.line = made.column = made.end_line = made.end_column = None
            callback = callbacks.get(kind)
            if callback is _trim:
                made.end_pos = start + len(value.rstrip())
            elif callback is not None:
                made = callback(made)
            if kind not in ignored:
                token = made
                yield token
        lexer_state.line_ctr.char_pos = pos
        lexer_state.last_token = token

    def _step(self, state: int) -> tuple:
        """What lexing in parser state ``state`` takes: the scanner's match, the ignored
        terminals and the callbacks (Lark builds a state's scanner when it is first used)."""
        lexer = self.lexers[state]
        matches = tuple(m.match for m in lexer.scanner._mres)
        match = matches[0] if len(matches) == 1 else partial(_first_match, matches)
        step = (match, lexer.ignore_types, lexer.callback)
        self._steps[state] = step
        return step


def _first_match(matches: tuple, text: str, pos: int, end: int):
    """The match of the first of a scanner's patterns that matches at ``pos`` (Lark splits a
    scanner with too many terminals for one pattern)."""
    for match in matches:
        found = match(text, pos, end)
        if found:
            return found
    return None


# How many characters at a position decide which terminals are tried there, and how many such
# keys the lexer remembers before it starts its memo again.
_LEAD_WIDTH = 3
_LEADS_KEPT = 1 << 15


class _SentenceLexer(_OffsetLexer):
    """The lexer of a sentence grammar (:func:`load_reading`): a state's scanner is tried only
    through the terminals that can start with the next few characters, and the widened ``WORD``
    (a run of plain words) is read word by word, each word tested only against the stops that
    can start with it.

    Which terminals can start with a key (the next ``_LEAD_WIDTH`` characters) is asked of the
    terminals themselves by partial matching, once per key met (a bounded memo).  The token is
    the one Lark's scanner gives: the first terminal in its order that matches, and the same
    run of words; a terminal that opens with a look-behind other than a negative one is always
    tried (the key shows nothing before it).
    """

    def read_runs(self, word: str, stops: tuple[str, ...]) -> None:
        """Read ``WORD`` as runs of ``word`` that end before any of ``stops``."""
        flags = self.root_lexer.g_regex_flags
        self._word = regex.compile(word, flags)
        self._stops = frozenset(stops)
        patterns = {t.name: t.pattern.to_regexp() for t in self.root_lexer.terminals}
        self._terminals = tuple((name, regex.compile(p, flags)) for name, p in patterns.items())
        # a key shows nothing before it: such a terminal may match where its partial match fails
        self._always = frozenset(name for name, p in patterns.items() if "(?<=" in p or "\\B" in p)
        # each terminal alone, named as in a scanner (a key's terminals are tried in turn: no
        # alternation is compiled for each set of them)
        self.named = {name: regex.compile(f"(?P<{name}>{p})", flags) for name, p in patterns.items()}
        self._leads: dict[str, frozenset[str]] = {}
        self._word_stops: dict[str, tuple[regex.Pattern[str], ...]] = {}

    def lead(self, key: str) -> frozenset[str]:
        """The terminals that can start with ``key`` (the text's next characters)."""
        lead = self._leads.get(key)
        if lead is None:
            if len(self._leads) >= _LEADS_KEPT:
                self._leads.clear()
            lead = self._leads[key] = self._always.union(
                name for name, pattern in self._terminals if pattern.match(key, partial=True)
            )
        return lead

    def run_end(self, text: str, pos: int, end: int) -> int | None:
        """Where the run of plain words that starts at ``pos`` ends (``None``: no word there)."""
        word = self._word.match
        found = word(text, pos, end)
        if found is None:
            return None
        pos = found.end()
        known = self._word_stops
        while pos < end:
            ahead = pos + _LEAD_WIDTH
            key = text[pos : ahead if ahead < end else end]
            stops = known.get(key)
            if stops is None:
                stops = self._stops_for(key)
            for stop in stops:
                if stop.match(text, pos, end) is not None:
                    return pos
            found = word(text, pos, end)
            if found is None:
                break
            pos = found.end()
        return pos

    def _stops_for(self, key: str) -> tuple[regex.Pattern[str], ...]:
        """The stops that can start with ``key``."""
        lead = self.lead(key)
        stops = tuple(pattern for name, pattern in self._terminals if name in lead and name in self._stops)
        if len(self._word_stops) >= _LEADS_KEPT:
            self._word_stops.clear()
        self._word_stops[key] = stops
        return stops

    def _step(self, state: int) -> tuple:
        lexer = self.lexers[state]
        step = (_Dispatch(self, lexer.scanner).match, lexer.ignore_types, lexer.callback)
        self._steps[state] = step
        return step


class _Dispatch:
    """One lexer state's scanner, tried through the terminals that can start at the position
    (in the scanner's order); ``WORD`` is read as a run by :meth:`_SentenceLexer.run_end`."""

    def __init__(self, lexer: _SentenceLexer, scanner) -> None:
        self._lexer = lexer
        self._order = tuple(t.name for t in scanner.terminals)
        self._plans: dict[frozenset[str], tuple] = {}

    def match(self, text: str, pos: int, end: int):
        """The scanner's match at ``pos`` (a regex match or a :class:`_Run`), or ``None``."""
        ahead = pos + _LEAD_WIDTH
        lead = self._lexer.lead(text[pos : ahead if ahead < end else end])
        plans = self._plans
        before, run, after = plans[lead] if lead in plans else self._plan(lead)
        for terminal in before:
            found = terminal.match(text, pos, end)
            if found is not None:
                return found
        if run:
            stop = self._lexer.run_end(text, pos, end)
            if stop is not None:
                return _Run(text, pos, stop)
        for terminal in after:
            found = terminal.match(text, pos, end)
            if found is not None:
                return found
        return None

    def _plan(self, lead: frozenset[str]) -> tuple:
        """The terminals in ``lead`` before and after ``WORD``, and whether ``WORD`` is tried
        between them."""
        before: list[regex.Pattern[str]] = []
        after: list[regex.Pattern[str]] = []
        run = False
        for name in self._order:
            if name not in lead:
                continue
            if name == "WORD":
                run = True
            else:
                (after if run else before).append(self._lexer.named[name])
        plan = (tuple(before), run, tuple(after))
        if len(self._plans) >= _LEADS_KEPT:
            self._plans.clear()
        self._plans[lead] = plan
        return plan


class _Run:
    """A run of plain words, as the lexer reads a match: ``lastgroup``, ``end()``, ``group()``."""

    __slots__ = ("_text", "_start", "_end")
    lastgroup = "WORD"

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text, self._start, self._end = text, start, end

    def end(self) -> int:
        return self._end

    def group(self) -> str:
        return self._text[self._start : self._end]


class _TokenLoop(_Parser):
    """Lark's LALR loop with its step for each token inlined: the shifts, reductions and
    callbacks are Lark's, read from a copy of its table made once in which a reduction carries
    its length, the name it reduces to and its callback.  A token the table has no action for
    goes to Lark's own step, which raises its usual error."""

    def __init__(self, parse_table, callbacks, debug: bool = False) -> None:
        super().__init__(parse_table, callbacks, debug)
        self._steps = {
            state: {str(kind): _step(action, arg, callbacks) for kind, (action, arg) in actions.items()}
            for state, actions in parse_table.states.items()
        }
        self._token_callbacks = {kind: f for kind, f in (callbacks or {}).items() if isinstance(kind, str)}
        self.confs: dict[str, ParseConf] = {}  # start rule -> Lark's parse configuration for it

    def hold_inlined(self) -> None:
        """Reduce each rule its parents inline (``_name``, ``__name_star_0``) to a bare holder
        of its children instead of a :class:`Tree`: the parent takes only the children.  Only
        for a parser whose transformer makes Lark's default Tree for these rules."""
        for actions in self._steps.values():
            for kind, (shift, arg) in actions.items():
                if not shift and arg[1].startswith("_"):
                    actions[kind] = (False, (arg[0], arg[1], _holding(arg[2], arg[1])))

    def parse_from_state(self, state, last_token=None):
        """Run the parser over the tokens of ``state``'s lexer (Lark's ``parse_from_state``)."""
        conf = state.parse_conf
        if conf.parse_table is not self.parse_table or conf.callbacks is not self.callbacks:
            return super().parse_from_state(state, last_token)
        steps, token_callbacks, end_state = self._steps, self._token_callbacks, conf.end_state
        state_stack, value_stack = state.state_stack, state.value_stack
        try:
            for token in chain(state.lexer.lex(state), _END_ONLY):
                kind = token.type
                while True:
                    step = steps[state_stack[-1]].get(kind)
                    if step is None or (step[0] and token is _END_TOKEN):
                        return _refuse(state, token, last_token)
                    shift, arg = step
                    if shift:
                        state_stack.append(arg)
                        callback = token_callbacks.get(kind)
                        value_stack.append(callback(token) if callback else token)
                        break
                    size, name, callback = arg
                    if size:
                        children = value_stack[-size:]
                        del state_stack[-size:]
                        del value_stack[-size:]
                    else:
                        children = []
                    state_stack.append(steps[state_stack[-1]][name][1])
                    value_stack.append(callback(children) if callback else children)
                    if token is _END_TOKEN and state_stack[-1] == end_state:
                        return value_stack[-1]
        except UnexpectedInput as error:
            error.interactive_parser = InteractiveParser(self, state, state.lexer)
            raise


def _step(action, arg, callbacks) -> tuple:
    """One action of Lark's table: ``(True, next state)`` for a shift, ``(False, (length, name
    reduced to, callback))`` for a reduction (names as plain ``str``: Lark's are partly tokens,
    whose ``==`` is Python code)."""
    if action is Shift:
        return True, arg
    return False, (len(arg.expansion), str(arg.origin.name), callbacks[arg] if callbacks else None)


def _holding(callback, name: str):
    """``callback`` (Lark's default node for rule ``name``, maybe behind its child filter) made
    to build a :class:`_Children` instead; any other callback as it is."""
    node = callback.node_builder if isinstance(callback, ChildFilter) else callback
    if not (isinstance(node, partial) and node.args == (name,) and not node.keywords):
        return callback
    if node is callback:
        return _Children
    holding = copy(callback)
    holding.node_builder = _Children
    return holding


class _Children:
    """The children of a rule its parent inlines (the parent reads only ``children``)."""

    __slots__ = ("children",)

    def __init__(self, children: list) -> None:
        self.children = children


def _quick(parser: Lark, transformer: Transformer | None) -> Lark:
    """``parser`` with inlined rules reduced to :class:`_Children` where the transformer would
    make Lark's default Tree for them."""
    if transformer is None:
        return parser
    default = type(transformer).__default__ is Transformer.__default__
    inlined = {rule.origin.name for rule in parser.rules if rule.origin.name.startswith("_")}
    if default and not any(hasattr(transformer, name) for name in inlined):
        parser.parser.parser.parser.hold_inlined()
    return parser


# The end of the tokens, shared by every parse; it takes its place after the last token only
# for Lark's error (``_refuse``).
_END_TOKEN = Token("$END", "")
_END_ONLY = (_END_TOKEN,)


def _refuse(state, token: Token, last_token: Token | None):
    """Lark's own step for a token the table has no action for: it raises UnexpectedToken."""
    if token is _END_TOKEN:
        last = state.lexer.state.last_token or last_token
        token = Token.new_borrow_pos("$END", "", last) if last else Token("$END", "", 0, 1, 1)
        return state.feed_token(token, True)
    return state.feed_token(token)


class _QuickLALR(LALR_Parser):
    """Lark's LALR parser driven by :class:`_TokenLoop`."""

    def __init__(self, parser_conf, debug: bool = False, strict: bool = False) -> None:
        super().__init__(parser_conf, debug=debug, strict=strict)
        self.parser = _TokenLoop(self._parse_table, self.parser.callbacks, debug)


_QUICK = {"ContextualLexer": _OffsetLexer, "LALR_Parser": _QuickLALR}
_SENTENCE = {**_QUICK, "ContextualLexer": _SentenceLexer}


class _QuickLark(Lark):
    """A Lark whose ``parse`` of a ``str`` goes straight to :class:`_TokenLoop` with a parse
    configuration made once per start rule: the path Lark takes, without its front end's checks
    and objects made again for every short text."""

    def parse(self, text, start=None, on_error=None):
        """Lark's ``parse``."""
        frontend = self.parser
        starts = frontend.parser_conf.start
        if on_error is not None or not isinstance(text, str) or (start is None and len(starts) != 1):
            return super().parse(text, start=start, on_error=on_error)
        loop = frontend.parser.parser
        start = starts[0] if start is None else start
        conf = loop.confs.get(start)
        if conf is None:
            if start not in starts:
                return super().parse(text, start=start)  # Lark raises its error
            conf = loop.confs[start] = ParseConf(loop.parse_table, loop.callbacks, start)
        return loop.parse_from_state(ParserState(conf, LexerThread.from_text(frontend.lexer, text)))


@lru_cache(maxsize=32)
def load(name: str, start: str | tuple[str, ...] = "start", transformer: Transformer | None = None) -> Lark:
    """Compile a grammar once: LALR with the contextual lexer, ``regex`` for ``\\p{L}`` classes.
    With ``transformer``, it runs while the parser reduces (no tree is built): ``parse`` returns
    what it makes of ``start``."""
    return _quick(_QuickLark(
        grammar_text(name),
        parser="lalr",
        lexer="contextual",
        regex=True,
        start=list(start) if isinstance(start, tuple) else start,
        maybe_placeholders=False,
        import_paths=[_IMPORTS],
        transformer=transformer,
        _plugins=_QUICK,
    ), transformer)


@lru_cache(maxsize=8)
def load_reading(name: str, reader: Transformer) -> Lark:
    """A grammar whose Transformer runs while it parses: LALR then builds no tree, the fast
    path for phrase grammars that read whole sentences.  ``parse`` returns what ``start`` returns."""
    grammar = _sentence_source(name)
    parser = _quick(_QuickLark(
        grammar.source,
        parser="lalr",
        lexer="contextual",
        regex=True,
        maybe_placeholders=False,
        import_paths=[_IMPORTS],
        transformer=reader,
        lexer_callbacks=dict.fromkeys(grammar.trimmed, _trim),
        _plugins=_SENTENCE,
    ), reader)
    parser.parser.lexer.read_runs(grammar.word, grammar.stops)
    return parser


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
