"""A hand-laid-out assessment made plain enough to edit, without losing what the hand wrote.

TOML lets a person append `[[responses.ESN20.entries]]` after the `[[actions]]` table,
add to `[evidence]` in two places, or write a response as an inline table. tomlkit hands
such parts back as out-of-order proxies or inline tables, which do not take edits
reliably (an entry appended to a proxy's merged array never reaches the document).
So, before editing:

1. sections (a header and what follows it, with the comments just above it) are
   grouped by their top-level table, keeping their order within it: the data is the
   same, since no header's meaning depends on a section of another table;
2. a response, evidence entry or array of tables written inline is rewritten as plain
   tables (inline tables hold no comments, so nothing is lost but the style);
3. the result must read as exactly the same assessment as the file, or nothing is
   edited and the user is told which part to lay out plainly.

A plainly laid out file (everything the app writes) skips all of this.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import tomlkit
from tomlkit.container import OutOfOrderTableProxy
from tomlkit.items import AoT, Table

from readiness.errors import AssessmentError

TABLES = ("responses", "evidence", "orphaned")
"""Top-level tables whose children (one per item or evidence code) are edited."""
ARRAYS = ("actions", "snapshots")
"""Top-level arrays of tables that edits append to."""


def parse(text: str) -> tomlkit.TOMLDocument:
    """tomlkit's document of `text`, ending with a line break.

    tomlkit glues what is appended to a file whose last line has no line break onto that
    line: `grade = "good"[[snapshots]]` (a file that no longer reads), or
    `# note[[snapshots]]` (a snapshot lost in a comment). Found by make fuzz.
    """
    return tomlkit.parse(text if not text or text.endswith("\n") else text + "\n")


def editable(text: str, path: Path) -> tomlkit.TOMLDocument:
    """The tomlkit document of an assessment's text, laid out so edits reach the file."""
    doc = parse(text)
    if not list(_not_plain(doc)):
        return doc
    regrouped = regroup(text)
    if regrouped != text:
        doc = parse(regrouped)
    for where in list(_not_plain(doc)):
        _make_plain(doc, where)
    awkward = list(_not_plain(doc))
    if awkward or not _same_assessment(doc, text):
        part = ".".join(awkward[0]) if awkward else "a part of the file"
        raise AssessmentError(
            f"{part} is laid out in a way readiness cannot edit without changing it; "
            "nothing was changed", file=path,
            hint=f"Write {part} as its own [table] (or [[array]]) with its fields below it, "
                 "next to the other tables of the same name.")
    return doc


def _not_plain(doc: tomlkit.TOMLDocument) -> Iterator[tuple[str, ...]]:
    """Paths whose value edits cannot rely on: proxies, inline tables, inline arrays."""
    for key in TABLES:
        value = doc.get(key)
        if value is None:
            continue
        if not isinstance(value, Table):
            yield (key,)
            continue
        for child, item in value.items():
            if not isinstance(item, Table):
                yield key, child
            elif key != "evidence":
                entries = item.get("entries")
                if entries is not None and not isinstance(entries, AoT):
                    yield key, child, "entries"
    for key in ARRAYS:
        value = doc.get(key)
        if value is not None and not isinstance(value, AoT):
            yield (key,)


def _make_plain(doc: tomlkit.TOMLDocument, where: tuple[str, ...]) -> None:
    """Rewrite one inline part as plain tables, in place (only where its parent is plain)."""
    parent: Any = doc
    for key in where[:-1]:
        parent = parent.get(key)
        if not isinstance(parent, (Table, tomlkit.TOMLDocument)):
            return
    value = parent.get(where[-1])
    if isinstance(value, OutOfOrderTableProxy) or value is None:
        return
    if not isinstance(value, (dict, list)):
        return
    data = value.unwrap() if hasattr(value, "unwrap") else value
    if isinstance(data, list) and not all(isinstance(v, dict) for v in data):
        return
    if isinstance(data, list):
        array = tomlkit.aot()
        for entry in data:
            array.append(tomlkit.item(entry))
        replacement: Any = array
    else:
        replacement = tomlkit.item(data)
    parent[where[-1]] = replacement


def _same_assessment(doc: tomlkit.TOMLDocument, text: str) -> bool:
    """Whether the laid-out document reads as the same assessment as the file."""
    import tomllib

    from readiness.assessment import Assessment

    try:
        before = msgspec.convert(tomllib.loads(text), Assessment)
        after = msgspec.convert(tomllib.loads(doc.as_string()), Assessment)
    except (tomllib.TOMLDecodeError, msgspec.ValidationError):
        return False
    return bool(before == after)


def regroup(text: str) -> str:
    """The text with the sections of each table together, in tree order.

    A section is a header line and the lines up to the next header; comment and blank
    lines just above a header go with it. An `[[array]]` section keeps the sections of
    its own sub-tables that follow it. Sections are then ordered as a tree of their
    table names, each name where it first appears and sections of one name in their own
    order; the lines before the first header stay first. Only sections move, never lines
    within one, so every comment is kept.
    """
    from readiness.tomlpos import _HEADER, _code_lines, _split_key

    lines = text.splitlines(keepends=True)
    headers: list[tuple[int, tuple[str, ...], bool]] = []
    dotted: dict[int, tuple[str, str]] = {}  # line -> (table, `key = value` line)
    within = ""  # the raw name of a one-part [table] we are in ("" at the top)
    for number, line in _code_lines(text):
        match = _HEADER.match(line)
        if match:
            keys = _split_key(match.group(2))
            is_array = match.group(1) == "[["
            headers.append((number - 1, keys, is_array))
            within = match.group(2).strip() if len(keys) == 1 and not is_array \
                and keys[0] in TABLES else "\0"
            continue
        if within != "\0":
            found = _dotted_assignment(line, within)
            if found is not None:
                dotted[number - 1] = found
    if not headers and not dotted:
        return text
    root = _Node()
    for table, lines_of in _dotted_sections(dotted).items():
        root.add(_split_key(table), [f"[{table}]\n", *lines_of])
    for index in sorted(dotted, reverse=True):
        del lines[index]
        headers = [(i - 1 if i > index else i, k, a) for i, k, a in headers]
    if not headers:
        out = list(lines)
        root.emit(out)
        return "".join(out)
    starts = []
    previous = -1
    for index, _, _ in headers:
        start = index
        while start - 1 > previous and _is_lead_in(lines[start - 1]):
            start -= 1
        starts.append(start)
        previous = index
    block: list[str] = []
    block_path: tuple[str, ...] | None = None
    owner: tuple[str, ...] | None = None  # the [[array]] whose element is open
    for n, (_, keys, is_array) in enumerate(headers):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        section = lines[starts[n]: end]
        if section and not section[-1].endswith(("\n", "\r")):
            section[-1] += "\n"
        if owner is not None and not is_array and keys[: len(owner)] == owner \
                and len(keys) > len(owner):
            block.extend(section)  # a sub-table of the open array element
            continue
        if block_path is not None:
            root.add(block_path, block)
        block, block_path = list(section), keys
        owner = keys if is_array else None
    if block_path is not None:
        root.add(block_path, block)
    out = lines[: starts[0]]
    root.emit(out)
    return "".join(out)


def _dotted_assignment(line: str, within: str) -> tuple[str, str] | None:
    """A dotted key that makes a child of an edited table (`responses.H02.grade = "good"`
    at the top, `H02.grade = "good"` under `[responses]`) as (its table, `key = value`),
    when the value ends on its line; otherwise None."""
    import tomllib

    from readiness.tomlpos import _ASSIGN, _PART

    match = _ASSIGN.match(line)
    if not match:
        return None
    keys = _PART.findall(match.group(1))
    parts = [*([within] if within else []), *keys]
    if len(keys) < 2 or parts[0].strip("\"'") not in TABLES:
        return None
    rest = line[match.end():]
    try:
        tomllib.loads(f"k ={rest}")
    except tomllib.TOMLDecodeError:  # a value that goes on over more lines: leave it
        return None
    key_line = f"{parts[-1]} ={rest}"
    return ".".join(parts[:-1]), key_line if key_line.endswith("\n") else key_line + "\n"


def _dotted_sections(dotted: dict[int, tuple[str, str]]) -> dict[str, list[str]]:
    """Dotted keys of the edited tables, as the lines of a section per table."""
    sections: dict[str, list[str]] = {}
    for index in sorted(dotted):
        table, line = dotted[index]
        sections.setdefault(table, []).append(line)
    return sections


class _Node:
    def __init__(self) -> None:
        self.own: list[list[str]] = []
        self.children: dict[str, _Node] = {}

    def add(self, path: tuple[str, ...], lines: list[str]) -> None:
        node = self
        for part in path:
            node = node.children.setdefault(part, _Node())
        node.own.append(lines)

    def emit(self, out: list[str]) -> None:
        for lines in self.own:
            out.extend(lines)
        for child in self.children.values():
            child.emit(out)


def _is_lead_in(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")
