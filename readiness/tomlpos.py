"""Line numbers for places in a TOML file.

`tomllib` is fast but forgets where things were, and msgspec reports a problem as a path
(`$.item[3].evidence[1]`). Users need `FILE:LINE`, so this module scans the text once and
maps a path back to the line of the offending table or key. It understands table and
array-of-tables headers, dotted keys and multi-line strings; for anything it cannot pin
down it answers the line of the nearest enclosing table.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

Path = tuple[str | int, ...]

_KEY = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_KEY}(?:\s*\.\s*{_KEY})*)\s*\]\]?\s*(?:#.*)?$")
_ASSIGN = re.compile(rf"^\s*({_KEY}(?:\s*\.\s*{_KEY})*)\s*=")
_PART = re.compile(_KEY)
_MSGSPEC_PATH = re.compile(r"`\$((?:\.[^.\[`]+|\[\d+\])*)`")


def _split_key(dotted: str) -> tuple[str, ...]:
    return tuple(p.strip("\"'") for p in _PART.findall(dotted))


@dataclass
class _Block:
    path: Path
    line: int
    keys: list[tuple[tuple[str, ...], int]] = field(default_factory=list)


def lines(text: str) -> list[str]:
    """A TOML text's lines. Only a line feed (or CR LF) ends a line in TOML, while
    `str.splitlines` also breaks at NEL, U+2028, U+2029, form feeds and more, which a string
    value may hold as they are (text pasted from a web page or Word): it would cut a value
    in two."""
    found = [line.removesuffix("\r") for line in text.split("\n")]
    if text.endswith("\n") or not text:
        found.pop()
    return found


def left_open(value: str) -> str | None:
    """The quote of a multi-line string that a value's line leaves open, or None.

    Three quotes inside a one-line string open nothing (`note = "with ''' in it"`): taken
    for an opening, they hid every table header after them.
    """
    i = 0
    while i < len(value):
        c = value[i]
        if c == "#":
            return None
        if c not in "\"'":
            i += 1
            continue
        triple = c * 3
        if value.startswith(triple, i):
            end = value.find(triple, i + 3)
            if end < 0:
                return triple
            i = end + 3
            continue
        i += 1  # a one-line string, to its closing quote (a basic one escapes with \)
        while i < len(value) and value[i] != c:
            i += 2 if c == '"' and value[i] == "\\" else 1
        i += 1
    return None


def _code_lines(text: str) -> Iterator[tuple[int, str]]:
    """Numbered lines that are TOML code, skipping the insides of multi-line strings."""
    in_string: str | None = None
    for number, line in enumerate(lines(text), start=1):
        if in_string is not None:
            if line.count(in_string) % 2 == 1:
                in_string = None
            continue
        yield number, line
        assign = _ASSIGN.match(line)
        if assign:
            in_string = left_open(line[assign.end() :])


def spaced(text: str) -> str:
    """A blank line before every table header, so a hand-edited file stays easy to read."""
    headers = {n for n, line in _code_lines(text) if _HEADER.match(line)}
    out: list[str] = []
    for number, line in enumerate(lines(text), start=1):
        if number in headers and out and out[-1].strip() and not out[-1].lstrip().startswith("#"):
            out.append("")
        out.append(line)
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


class TomlPositions:
    """Scan of a TOML text that answers "on which line is this path?"."""

    def __init__(self, text: str) -> None:
        self.blocks: list[_Block] = [_Block((), 1)]
        counts: dict[Path, int] = {}
        arrays: set[tuple[str, ...]] = set()
        for number, line in _code_lines(text):
            header = _HEADER.match(line)
            if header:
                keys = _split_key(header.group(2))
                is_array = header.group(1) == "[["
                concrete: list[str | int] = []
                for depth, key in enumerate(keys):
                    concrete.append(key)
                    prefix = keys[: depth + 1]
                    last = depth == len(keys) - 1
                    if last and is_array:
                        arrays.add(prefix)
                        index = counts.get(tuple(concrete), -1) + 1
                        counts[tuple(concrete)] = index
                        concrete.append(index)
                    elif prefix in arrays:
                        concrete.append(counts.get(tuple(concrete), 0))
                self.blocks.append(_Block(tuple(concrete), number))
                continue
            assign = _ASSIGN.match(line)
            if assign:
                self.blocks[-1].keys.append((_split_key(assign.group(1)), number))

    def line_of(self, path: Path) -> int:
        """The line of the key or table at `path`, or of its nearest enclosing table."""
        best = self.blocks[0]
        for block in self.blocks:
            n = len(block.path)
            if n >= len(best.path) and path[:n] == block.path:
                best = block
        rest = tuple(p for p in path[len(best.path) :])
        found = best.line
        longest = 0
        for keys, number in best.keys:
            n = len(keys)
            if n > longest and tuple(rest[:n]) == keys:
                found, longest = number, n
        return found


def msgspec_path(message: str) -> Path:
    """Turn msgspec's "... - at `$.item[3].id`" into ("item", 3, "id")."""
    match = _MSGSPEC_PATH.search(message)
    if not match:
        return ()
    parts: list[str | int] = []
    for token in re.findall(r"\.([^.\[]+)|\[(\d+)\]", match.group(1)):
        name, index = token
        parts.append(int(index) if index else name)
    return tuple(parts)


def unknown_field(message: str) -> str | None:
    match = re.search(r"unknown field `([^`]+)`", message)
    return match.group(1) if match else None


def plain_message(message: str) -> str:
    """msgspec's message without the trailing "- at `$...`", for people."""
    text = re.sub(r"\s*-\s*at\s*`\$[^`]*`\s*$", "", message)
    return text.replace("Object contains", "contains").replace("Object missing", "missing")


def toml_error(message: str, text: str) -> tuple[str, int | None]:
    """tomllib's "Invalid value (at line 5, column 9)" as ("Invalid value", 5)."""
    if "(at line " in message:
        head, _, rest = message.partition(" (at line ")
        return head, int(rest.split(",")[0])
    if "(at end of document)" in message:
        head = message.replace(" (at end of document)", "")
        return f"{head} at the end of the file (is it cut short?)", max(1, len(lines(text)))
    return message, None


def validation_error(message: str, text: str) -> tuple[Path, int, str]:
    """msgspec's complaint about a TOML text as (where, line, message for people)."""
    where = msgspec_path(message)
    unknown = unknown_field(message)
    if unknown:
        where = (*where, unknown)
    return where, TomlPositions(text).line_of(where), plain_message(message)
