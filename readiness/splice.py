"""Changing part of a large assessment without parsing all of it with tomlkit.

tomlkit keeps comments and layout, but it reads about half a megabyte a second: a
workshop's file of 150 items by 30 assessors (1.2 MB) takes it over two seconds, for a
change to one grade. A change to one item touches only that item's tables (and
`updated` at the top). So the file's text is cut at its table headers into a `Layout`:
the head (the top-level keys and any tables before the responses), one chunk per item
(`[responses.ITEM]` and its sub-tables, lying together) and the tail (the tables after
the responses). A change parses with tomlkit only the chunk of the item it touches, or
the head and tail together (`Pieces.root`: the register, the actions, the roster...),
and the changed text is put back where it was: every other byte stays as it was, so
what is written is byte for byte what a whole-document edit writes (tested).

A file of another shape (responses among other tables, an item's tables apart, a
`[responses]` table of its own, anything the scan does not know) is edited as one
whole document, as before. Every piece is checked as it is made and as it is put back
(it reads back as the typed model says); the store checks the whole text again before
it writes (`readiness.store.prepare`).
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable
from typing import Any, NamedTuple

import tomlkit
from tomlkit.items import AoT, Table

from readiness.plaintext import PlainTable, assignment, plain
from readiness.plaintext import text as plain_text

# --- the scan --------------------------------------------------------------------------
# TOML 1.0's statements as regular expressions, for finding where each one ends (so which
# lines are table headers). Strings are read exactly (a `#` or `[` inside one is text);
# anything it does not know (TOML 1.1's newlines in inline tables, nesting deeper than
# two) makes the text one edited whole. It checks no more than it must: each piece
# is read again by tomllib before it is used.

_WS = r"[ \t]*+"
_BARE = r"[A-Za-z0-9_-]++"
_ESC = r'\\(?:[btnfr"\\]|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})'
_BASIC = rf'"(?:[^"\\\x00-\x08\x0a-\x1f\x7f]++|{_ESC})*+"'
_LITERAL = r"'[^'\x00-\x08\x0a-\x1f\x7f]*+'"
_KEY = rf"(?:{_BARE}|{_BASIC}|{_LITERAL})"
_KEYPATH = rf"{_KEY}(?:{_WS}\.{_WS}{_KEY})*+"
_NL = r"(?:\r?\n)"
_ML_BASIC = (rf'"""(?:[^"\\\x00-\x08\x0b-\x1f\x7f]++|{_NL}|{_ESC}|\\[ \t]*+{_NL}'
             r'|"(?!""))*+"""(?:""?(?!"))?')
_ML_LITERAL = rf"'''(?:[^'\x00-\x08\x0b-\x1f\x7f]++|{_NL}|'(?!''))*+'''(?:''?(?!'))?"
_BARE_VALUE = r"[0-9A-Za-z_:.+-]++(?: [0-9][0-9:.+Zz-]*+)?"
"""A number, a boolean, a date or time (`2026-11-14 10:30:00Z` has a space): which of
them, and whether it is a good one, is for the parsers; the scan only needs its end."""
_SCALAR = rf"(?>{_ML_BASIC}|{_BASIC}|{_ML_LITERAL}|{_LITERAL}|{_BARE_VALUE})"
_COMMENT = r"#[^\x00-\x08\x0a-\x1f\x7f]*+"
_END = rf"{_WS}(?:{_COMMENT})?(?:{_NL}|\Z)"
_DEPTH = 2
"""Arrays and inline tables nested two deep (`[{a = 1}]`); deeper is edited whole (each
level doubles the pattern, and compiling it is paid by every command that edits)."""


def _value(depth: int) -> str:
    if depth == 0:
        return _SCALAR
    inner = _value(depth - 1)
    array = rf"\[(?:[ \t,]++|{_NL}|{_COMMENT}{_NL}|{inner})*+\]"
    pair = rf"{_KEYPATH}{_WS}={_WS}{inner}{_WS}"
    inline = rf"\{{{_WS}(?:{pair}(?:,(?={_WS}[A-Za-z0-9_\"'-]){_WS})?)*+\}}"
    return rf"(?>{_SCALAR}|{array}|{inline})"


@functools.cache
def _block() -> re.Pattern[str]:
    """An optional table header, then the statements up to the next (compiled on first use:
    it takes a few hundredths of a second, which commands that only read never pay)."""
    statement = rf"{_WS}(?:{_KEYPATH}{_WS}={_WS}{_value(_DEPTH)})?{_END}"
    return re.compile(rf"(?:{_WS}(\[\[?){_WS}({_KEYPATH}){_WS}\]\]?{_END})?"
                      rf"(?:(?!\Z){statement})*+")


_PART = re.compile(r"""[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*'""")


class Header(NamedTuple):
    """A table header: where its line starts, its key path, and `[[...]]` or not."""

    start: int
    path: tuple[str, ...]
    array: bool


def _path(dotted: str) -> tuple[str, ...] | None:
    parts = []
    for part in _PART.findall(dotted):
        if part[0] == '"':
            if "\\" in part:
                return None  # an escape in a key: rare enough to edit such a file whole
            part = part[1:-1]
        elif part[0] == "'":
            part = part[1:-1]
        parts.append(part)
    return tuple(parts)


def scan(text: str) -> list[Header] | None:
    """Every table header of a TOML text, or None when the text holds anything the scan
    does not know or a key it does not read (then it is edited as a whole)."""
    block = _block()
    headers: list[Header] = []
    pos, size = 0, len(text)
    while pos < size:
        found = block.match(text, pos)
        assert found is not None  # the pattern can match nothing at all
        if found.group(1) is not None:
            path = _path(found.group(2))
            if path is None:
                return None
            headers.append(Header(pos, path, found.group(1) == "[["))
        elif pos:
            return None  # neither a header nor a statement: not TOML this scan knows
        if found.end() == pos:
            return None
        pos = found.end()
    return headers


# --- the layout ------------------------------------------------------------------------

_ROOT_KEY = re.compile(rf"^[ \t]*({_KEY})", re.MULTILINE)
_ENTRIES_INLINE = re.compile(r"^[ \t]*entries[ \t]*=", re.MULTILINE)
RESPONSES = "responses"
PLAIN_TABLES = ("responses", "evidence", "orphaned")
"""Tables of one table per item or code: only as `[name.child]` headers, never inline."""
ARRAYS = ("actions", "snapshots")


class Layout:
    """An assessment's text as head + one chunk per item + tail."""

    __slots__ = ("head", "head_keys", "ids", "items", "tail", "texts")

    def __init__(self, head: str, ids: list[str], texts: list[str], tail: str,
                 head_keys: frozenset[str]) -> None:
        self.head = head
        self.ids = ids
        self.texts = texts
        self.tail = tail
        self.head_keys = head_keys
        """The top-level keys of the head's tables (the cut between head and tail)."""
        self.items = {item: n for n, item in enumerate(ids)}
        """Each item's chunk."""

    @classmethod
    def of(cls, text: str) -> Layout | None:
        """The layout of `text`, or None when it is not laid out plainly: each table's
        sections together (every item's, every evidence code's), no table of items or
        array of tables written inline or with dotted keys. Such a file is edited whole
        (and laid out plainly first, where it can be)."""
        headers = scan(text)
        if headers is None:
            return None
        first = headers[0].start if headers else len(text)
        for key in _ROOT_KEY.findall(text, 0, first):
            if (_path(key) or ("?",))[0] in (*PLAIN_TABLES, *ARRAYS):
                return None  # `responses = {...}`, `evidence.X.title = ...` at the top
        seen: set[tuple[str, ...]] = set()
        previous: tuple[str, ...] = ()
        for header in headers:
            path = header.path
            if len(path) < 2 and path[0] in PLAIN_TABLES:
                return None  # `[responses]`: its items may be inline tables
            if not header.array and path in seen:
                return None  # a table after its own sub-tables (tomlkit moves it up)
            for depth in range(1, len(path) + 1):  # every level: tomlkit joins the
                group = path[:depth]               # sections of a table or array apart
                if group != previous[:depth] and group in seen:
                    return None  # a table's sections apart (an out-of-order proxy)
                seen.add(group)
            previous = path
        if _ENTRIES_INLINE.search(text):
            return None  # `entries = [{...}]`: an array of tables written inline
        run = [n for n, h in enumerate(headers) if h.path[0] == RESPONSES]
        if not run:
            if _ends_in_comment(text):
                return None
            return cls(text, [], [], "", frozenset(h.path[0] for h in headers))
        before, after = headers[: run[0]], headers[run[-1] + 1:]
        start, end = headers[run[0]].start, (after[0].start if after else len(text))
        ids: list[str] = []
        texts: list[str] = []
        bounds = [headers[n].start for n in run] + [end]
        for k, n in enumerate(run):
            item = headers[n].path[1]
            piece = text[bounds[k]: bounds[k + 1]]
            if ids and ids[-1] == item:
                texts[-1] += piece
            else:
                ids.append(item)
                texts.append(piece)
        if any(_ends_in_comment(part) for part in (text[:start], *texts)):
            return None
        return cls(text[:start], ids, texts, text[end:], frozenset(h.path[0] for h in before))

    def text(self) -> str:
        return self.head + "".join(self.texts) + self.tail

    def before_new(self) -> str:
        """The part a new item goes after: the last item's chunk, or the head."""
        return self.texts[-1] if self.texts else self.head

    def cut(self, rendered: str, outer: tomlkit.TOMLDocument) -> tuple[str, str] | None:
        """The head and tail (`outer`, rendered as `rendered`) apart again: the tail
        starts at the first table that was not in the head. None when it cannot be told."""
        headers = scan(rendered)
        if headers is None or any(h.path[0] == RESPONSES for h in headers):
            return None
        first = next((h for h in headers if h.path[0] not in self.head_keys), None)
        at = first.start if first is not None else len(rendered)
        if first is not None and self.texts:
            at -= _lead(outer.get(first.path[0]), rendered[:at])
        head, tail = rendered[:at], rendered[at:]
        if self.texts and head and not head.endswith("\n"):
            return None
        return head, tail

    def respaced(self, inserted: list[int]) -> None:
        """Blank lines were put in at these offsets of `text()` (`respace`): put them in
        the pieces, each before a table header, so at the end of the piece before it."""
        if not inserted:
            return
        pending = list(reversed(inserted))
        offset = 0

        def take(text: str) -> str:
            nonlocal offset
            end = offset + len(text)
            places = []
            while pending and pending[-1] <= end:
                places.append(pending.pop() - offset)
            offset = end
            for place in reversed(places):
                text = text[:place] + "\n" + text[place:]
            return text

        self.head = take(self.head)
        for n in range(len(self.texts)):
            if not pending:
                break
            self.texts[n] = take(self.texts[n])
        if pending:
            self.tail = take(self.tail)


# --- a blank line before every table, fast --------------------------------------------

_OTHER_BREAK_CHARS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_BRACKET_LINE = re.compile(r"\n[^\S\n]*\[")
"""A line that begins with `[` (after the first)."""
_TRIPLE = re.compile("\"\"\"|'''")


def respace(text: str) -> tuple[str, list[int]]:
    """`readiness.tomlpos.spaced(text)` (a blank line before every table header), and the
    offsets in `text` where blank lines went in (`[-1]`: the text changed otherwise).
    The same lines are taken for headers, and for the insides of multi-line strings,
    as `spaced` takes them (tested), but only lines that could need a blank line are
    looked at."""
    from readiness.tomlpos import _ASSIGN, _HEADER, spaced

    if any(ch in text for ch in _OTHER_BREAK_CHARS):  # (0.3 ms at 1.2 MB; a regex: 11 ms)
        out = spaced(text)  # other line breaks: `spaced` joins lines with \n
        return out, ([] if out == text else [-1])
    inserted: list[int] = []
    skipped: list[tuple[int, int]] | None = None
    k = 0
    for found in _BRACKET_LINE.finditer(text):
        start = found.start() + 1
        if text[start - 2: start] == "\n\n":
            continue  # the line before is empty: nothing to put in
        before = text[text.rfind("\n", 0, start - 1) + 1: start - 1]
        if not before.strip() or before.lstrip().startswith("#"):
            continue
        end = text.find("\n", start)
        if not _HEADER.match(text[start: end if end >= 0 else len(text)]):
            continue
        if skipped is None:
            skipped = _in_strings(text, _ASSIGN)
        while k < len(skipped) and skipped[k][1] < start:
            k += 1
        if k < len(skipped) and skipped[k][0] <= start:
            continue
        inserted.append(start)
    if not inserted:
        return text, []
    parts = []
    last = 0
    for at in inserted:
        parts += [text[last:at], "\n"]
        last = at
    parts.append(text[last:])
    return "".join(parts), inserted


def _in_strings(text: str, assign: re.Pattern[str]) -> list[tuple[int, int]]:
    """Spans of lines `spaced` takes to be inside a multi-line string (as `_code_lines`:
    only a line holding three quotes opens or closes one)."""
    from readiness.tomlpos import left_open

    spans: list[tuple[int, int]] = []
    state: str | None = None
    opened = 0
    last_line = -1
    for found in _TRIPLE.finditer(text):
        start = text.rfind("\n", 0, found.start()) + 1
        if start == last_line:
            continue
        last_line = start
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        if state is None:
            match = assign.match(line)
            if match:
                state, opened = left_open(line[match.end():]), end + 1
        elif line.count(state) % 2 == 1:
            spans.append((opened, end))
            state = None
    if state is not None:
        spans.append((opened, len(text)))
    return spans


# --- pieces: the parts parsed with tomlkit for a change --------------------------------


class NotHandled(Exception):
    """This change needs the whole document (the caller parses it and goes on)."""


class Piece:
    """One item's chunk (or, for a new item, the last item's) parsed with tomlkit, or an
    item's response as plain values (`readiness.plaintext`)."""

    __slots__ = ("after", "doc", "item", "original", "plain", "trailer")

    def __init__(self, item: str, after: str | None, original: str,
                 plain: PlainTable | None = None) -> None:
        self.item = item
        self.after = after
        """For a new item: the item whose chunk was parsed with it (the last one)."""
        self.original = original
        self.plain = plain
        """The response as plain values, written by `readiness.plaintext.text`."""
        self.trailer = original[len(original.rstrip("\n")) + 1:]
        """The blank lines after the chunk's last line (kept when it is written again)."""
        self.doc = tomlkit.document() if plain is not None else tomlkit.parse(original)

    def rendered(self) -> str | None:
        """The piece's text as it is now (None: a plain value `plaintext` cannot write)."""
        if self.plain is None:
            return tomlkit.dumps(self.doc)
        body = plain_text(self.item, self.plain)
        return None if body is None else body + self.trailer


Check = Callable[[str, dict[str, Any]], bool]
"""Whether an item's table, as read back from its text, is what the model holds."""


class Pieces:
    """A text open for editing in pieces: its layout and what is parsed of it now."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.outer: tomlkit.TOMLDocument | None = None
        self.outer_text = ""
        self.open: dict[str, Piece] = {}
        self.as_written = False
        """Set by the owner: the layout's text is exactly the text last read or written
        (whether that is the file's bytes, the owner checks: `Editable.changed`)."""
        self.moved = False
        """Whether any text was put back into the layout since it was cut."""
        self.lost = False
        """Whether a piece could not be put back: its change is in the model alone, so
        the text is no longer whole (`text` answers None; the owner remakes it)."""

    @classmethod
    def of(cls, text: str) -> Pieces | None:
        """`text` cut into pieces, ending with a line break as the whole document does
        (`readiness.layout.parse`: else what is appended is glued onto the last line)."""
        if text and not text.endswith("\n"):
            text += "\n"
        layout = Layout.of(text)
        return cls(layout) if layout is not None else None

    def root(self) -> tomlkit.TOMLDocument:
        """The document of the head and tail: every top-level key and table but the
        responses (parsed once, and kept while the text is open)."""
        if self.outer is None:
            self.outer_text = self.layout.head + self.layout.tail
            try:
                self.outer = tomlkit.parse(self.outer_text)
            except Exception as error:  # tomlkit's own errors: the scan accepted more
                raise NotHandled(str(error)) from None
        return self.outer

    def top(self) -> dict[str, Any] | None:
        """The file's top-level keys written before its first table, read without
        tomlkit (None once the head and tail are parsed: ask `root`)."""
        if self.outer is not None:
            return None
        return _read(_top_lines(self.layout.head), fast=True)

    def set_top(self, key: str, value: object) -> bool:
        """Set a top-level key on its own line before the first table (`updated`, on
        every save), in the text, as tomlkit would write it there, without parsing the
        head and tail. False when the key is not written so, or they are parsed: the
        caller sets it in `root`."""
        if self.outer is not None:
            return False
        head = self.layout.head
        top = _top_lines(head)
        if _TRIPLE.search(top):
            return False  # a line inside a multi-line string could look like the key
        line = assignment(key, value)
        found = list(re.finditer(rf"^{re.escape(key)} = [^\s#](?:[^\n#]*[^\s#])?$",
                                 top, re.MULTILINE))
        if line is None or len(found) != 1:
            return False
        if found[0].group(0) != line:
            self.layout.head = head[:found[0].start()] + line + head[found[0].end():]
            self.moved = True
        return True

    def table(self, item: str, create: bool, check: Check,
              plain: bool = True) -> Table | PlainTable | None:
        """An item's table, parsed from its chunk alone: as plain values when `plain` and
        the chunk is exactly what `plaintext` writes (read with rtoml and written again
        without tomlkit, ten times faster), else tomlkit's. None when there is none and
        `create` is false. Raises NotHandled when this item needs the whole document."""
        piece = self.open.get(item)
        if piece is not None and piece.plain is not None and not plain:
            if not self.put_back(item, check):  # tomlkit's table wanted: its text first
                raise NotHandled(f"{item}: its plain values do not read back as the model")
            piece = None
        if piece is None and plain:
            if item not in self.layout.items and not create:
                return None
            piece = self._plain(item, check)
            if piece is not None:
                self.open[item] = piece
        if piece is not None and piece.plain is not None:
            return piece.plain
        if piece is None:
            layout = self.layout
            n = layout.items.get(item)
            try:
                if n is not None:
                    piece = Piece(item, None, layout.texts[n])
                elif not create:
                    return None
                elif not self._put_back_new(check):
                    raise NotHandled("a new item's plain values do not read back as the model")
                elif not layout.ids:
                    raise NotHandled(f"{item}: the first response, made in the whole document")
                else:
                    last = layout.ids[-1]
                    if last in self.open and not self.put_back(last, check):
                        raise NotHandled(f"{last}: its chunk does not read back as the model")
                    piece = Piece(item, layout.ids[-1], layout.texts[-1])
            except NotHandled:
                raise
            except Exception as error:  # tomlkit could not parse what the scan took
                raise NotHandled(str(error)) from None
            if not _reads_back(piece.original, piece.after or item, check):
                raise NotHandled(f"{item}: its chunk does not read back as the model")
            self.open[item] = piece
        responses = piece.doc.get(RESPONSES)
        assert isinstance(responses, Table)
        if item not in responses:
            responses[item] = tomlkit.table()
        found = responses[item]
        assert isinstance(found, Table)
        return found

    def _put_back_new(self, check: Check) -> bool:
        """Put back the items made as plain values and not put back yet, before another
        new item is made with tomlkit after the last one: new items stand in the order
        they were made, as in the whole document."""
        return self.put_back_all(check, lambda item, piece: piece.plain is not None
                                 and item not in self.layout.items)

    def _plain(self, item: str, check: Check) -> Piece | None:
        """An item's response as plain values, when its chunk is exactly what `plaintext`
        writes for them and it reads as the model; a new item's, empty. None: parse it
        with tomlkit (it holds something of someone's own, or what `plaintext` does not
        write)."""
        n = self.layout.items.get(item)
        if n is None:
            if not self.layout.ids and (self.layout.head_keys or self._tables_at_top()):
                return None  # the first response, in a file of other tables: tomlkit's place
            if _ends_in_comment(self.layout.before_new()):
                return None  # after a comment: tomlkit puts a blank line in, `respace` not
            return Piece(item, None, "", PlainTable())
        original = self.layout.texts[n]
        response = _response(_read(original, fast=True), item)
        table = plain(response) if response is not None else None
        if response is None or table is None:
            return None
        piece = Piece(item, None, original, table)
        if piece.rendered() != original or not check(item, response):
            return None
        return piece

    def _tables_at_top(self) -> bool:
        """Whether the head and tail, as changed, hold a table or an array of tables."""
        return self.outer is not None and \
            any(isinstance(value, Table | AoT) for value in self.outer.values())

    def put_back(self, item: str, check: Check) -> bool:
        """Render an item's piece into its place; False when it does not read back as
        the model says (the caller then makes the document whole from the model)."""
        piece = self.open.pop(item, None)
        if piece is None:
            return True
        if self._put_back(piece, check):
            return True
        self.lost = True
        return False

    def _put_back(self, piece: Piece, check: Check) -> bool:
        if piece.plain is not None:
            return self._put_back_plain(piece, check)
        item = piece.item
        rendered = tomlkit.dumps(piece.doc)
        layout = self.layout
        if piece.after is None:
            if rendered == piece.original:
                return True
            n = layout.items[item]
            if not _one_item(rendered, item) or not _reads_back(rendered, item, check) \
                    or not _ends_line(rendered, n, layout):
                return False
            layout.texts[n] = rendered
            self.moved = True
            return True
        headers = scan(rendered)
        if headers is None:
            return False
        at = next((h.start for h in headers if h.path[1:2] == (item,)), None)
        if at is None:
            return rendered == piece.original  # the new item's table stayed empty
        before, new = rendered[:at], rendered[at:]
        if not (_one_item(before, piece.after) and _one_item(new, item)
                and _reads_back(before, piece.after, check) and _reads_back(new, item, check)
                and before.endswith("\n") and (new.endswith("\n") or not layout.tail)):
            return False
        layout.texts[-1] = before
        layout.ids.append(item)
        layout.texts.append(new)
        layout.items[item] = len(layout.ids) - 1
        self.moved = True
        return True

    def _put_back_plain(self, piece: Piece, check: Check) -> bool:
        """A plain piece written into its place, or after the last item (a new item)."""
        rendered = piece.rendered()
        if rendered == piece.original:
            return True
        layout = self.layout
        item = piece.item
        if rendered is None or not _reads_back(rendered, item, check, fast=True):
            return False
        n = layout.items.get(item)
        if n is not None:
            layout.texts[n] = rendered
        else:
            last = layout.before_new()
            if last and not last.endswith("\n"):
                return False
            layout.ids.append(item)
            layout.texts.append(rendered)
            layout.items[item] = len(layout.ids) - 1
        self.moved = True
        return True

    def put_back_all(self, check: Check,
                     which: Callable[[str, Piece], bool] | None = None) -> bool:
        """Put back every open piece (or those `which` picks), in the order opened; False
        when one does not read back as the model."""
        chosen = [item for item, piece in self.open.items()
                  if which is None or which(item, piece)]
        return all([self.put_back(item, check) for item in chosen])

    def text(self, check: Check) -> str | None:
        """The whole text as it is now (every piece put back), or None when a piece
        cannot be put back."""
        if not self.put_back_all(check) or self.lost:
            return None
        if self.outer is not None:
            rendered = tomlkit.dumps(self.outer)
            if rendered != self.outer_text:
                cut = self.layout.cut(rendered, self.outer)
                if cut is None:
                    return None
                self.layout.head, self.layout.tail = cut
                self.outer_text = rendered
                self.moved = True
        return self.layout.text()

    def changed(self) -> bool:
        """Whether the text differs from the layout's as it was cut: something was put
        back, or a piece open now (or the head and tail) renders differently."""
        return self.moved or any(p.rendered() != p.original for p in self.open.values()) \
            or (self.outer is not None and tomlkit.dumps(self.outer) != self.outer_text)


def _top_lines(head: str) -> str:
    """The head's lines before its first table header."""
    found = re.search(r"^[ \t]*\[", head, re.MULTILINE)
    return head[:found.start()] if found else head


def _lead(value: object, before: str) -> int:
    """The blank lines tomlkit writes as part of an array of tables, before its first
    table (what it leaves when a table made since the file was read is taken out before
    another one: two actions added, the first removed): in the whole document they stand
    after the responses, so they start the tail, not end the head."""
    if not isinstance(value, AoT) or not value.body:
        return 0
    lead = value.body[0].trivia.indent.count("\n")
    blank = len(before) - len(before.rstrip("\n")) - 1
    return max(min(lead, blank), 0)


def _ends_in_comment(text: str) -> bool:
    """Whether a part ends with a comment line and no blank line after it. What tomlkit
    puts after such a part depends on what it sees there (a blank line before a table it
    adds after the comment, which `respace` leaves out), and a part's neighbours are not
    parsed with it: a file with such a part is edited whole. (The app writes a blank line
    before every table, so only a hand edit leaves one.)"""
    if text.endswith("\n\n"):
        return False
    return text.rstrip("\n").rpartition("\n")[2].lstrip().startswith("#")


def _one_item(text: str, item: str) -> bool:
    headers = scan(text)
    return headers is not None and bool(headers) and headers[0].start == 0 and \
        all(h.path[:2] == (RESPONSES, item) for h in headers)


def _ends_line(text: str, n: int, layout: Layout) -> bool:
    """A chunk followed by more text ends its last line (or the next header would join it)."""
    return text.endswith("\n") or (n == len(layout.texts) - 1 and not layout.tail)


def _read(text: str, fast: bool = False) -> dict[str, Any] | None:
    """A chunk as tomllib reads it, or None when it does not read (`fast`: with rtoml, ten
    times faster, for a text `plaintext` wrote or must match, which both read alike)."""
    if fast:
        from readiness.assessment import loads_fast

        return loads_fast(text)
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        return None


def _response(raw: dict[str, Any] | None, item: str) -> dict[str, Any] | None:
    """The item's response, when `raw` (a chunk as read) holds that and nothing else."""
    responses = raw.get(RESPONSES) if raw is not None else None
    if raw is None or set(raw) != {RESPONSES} or not isinstance(responses, dict) \
            or set(responses) != {item}:
        return None
    found: dict[str, Any] = responses[item]
    return found


def _reads_back(text: str, item: str, check: Check, fast: bool = False) -> bool:
    """The text read alone holds only this item's response, as the model has it (`fast`:
    read with rtoml, for a text `plaintext` wrote)."""
    response = _response(_read(text, fast), item)
    return response is not None and check(item, response)
