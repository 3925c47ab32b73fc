"""An item's response edited as plain Python values and written without tomlkit.

tomlkit keeps comments and hand layout, and it reads and writes about two megabytes a
second: an import of a workshop's spreadsheet (20,000 grades into a 5 MB file) spent
most of a minute in it, and a grade key in the app at 150 items x 30 assessors a fifth
of its time parsing the item's text. But most of an item's text holds nothing of
anyone's own layout: it is exactly what the app itself writes (`text`). Such a chunk,
and only such a chunk, is read as plain values (`PlainTable`), changed by the same code
that changes tomlkit tables (`readiness.edits`), and written again by `text`, which
writes what tomlkit writes for the same values (tested). A chunk with a comment, a key out of the
app's order, a value written another way, or a value `text` does not write (agreements,
carried grades) is edited with tomlkit as before (`readiness.splice`).

What `text` writes is kept to what an import changes and what tomlkit writes the same way
whatever was done before: values, lists of values, arrays of tables of values. A
response holding a table (`agreed`) or a map of times (`evidence_removed`...) is left to
tomlkit: tomlkit writes an inline table differently once a key is taken out of it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any, TypeGuard

import tomlkit
from tomlkit.items import AoT, Array, String

RESPONSES = "responses"


class PlainTable(dict[str, Any]):
    """A table as plain values, changed the way `readiness.edits` changes tomlkit's.

    tomlkit writes text with line breaks on one line (`"a\\nb"`) unless it was made a
    multi-line string (`readiness.docpatch.multiline`): `multiline` holds the keys whose
    text is written over several lines, as tomlkit would."""

    __slots__ = ("multiline",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.multiline: set[str] = set()

    def __setitem__(self, key: str, value: Any) -> None:
        self.multiline.discard(key)  # a value put in as it is: on one line, as tomlkit
        if isinstance(value, String) and value.type.is_multiline():
            self.multiline.add(key)
            value = str(value)
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        self.multiline.discard(key)
        super().__delitem__(key)

    def unwrap(self) -> dict[str, Any]:
        return _unwrapped(self)


class PlainAoT(list[PlainTable]):
    """An array of tables (`[[responses.ITEM.entries]]`) as plain values."""

    def unwrap(self) -> list[dict[str, Any]]:
        return [_unwrapped(table) for table in self]


class PlainArray(list[Any]):
    """An array written on one line (`evidence = ["E1", "E2"]`)."""

    def unwrap(self) -> list[Any]:
        return [_value_of(value) for value in self]


_AS_THEY_ARE = frozenset({str, bool, int, datetime, date, time})


def _unwrapped(table: dict[str, Any]) -> dict[str, Any]:
    """A copy in builtin types (an import compares whole responses many times: the
    values that are already builtin are copied as they are, at C speed)."""
    out = dict(table)
    for key, value in out.items():
        if type(value) not in _AS_THEY_ARE:
            out[key] = _value_of(value)
    return out


def _value_of(value: Any) -> Any:
    return value.unwrap() if isinstance(value, PlainTable | PlainAoT | PlainArray) else value


def plain(raw: Mapping[str, Any]) -> PlainTable | None:
    """A response as read (tomllib, rtoml) in plain tables, or None when it holds what
    `text` does not write: a table or a map (`agreed`, `evidence_removed`), an array of
    tables holding more than values, an array of arrays."""
    table = PlainTable()
    for key, value in raw.items():
        if isinstance(value, dict):
            return None
        if isinstance(value, list) and value and isinstance(value[0], dict):
            if not all(isinstance(v, dict) and _values_only(v) for v in value):
                return None
            table[key] = PlainAoT(_lines_marked(PlainTable(v)) for v in value)
        elif isinstance(value, list):
            if not _values_only(dict(enumerate(value))):
                return None
            table[key] = PlainArray(value)
        else:
            table[key] = value
    return _lines_marked(table)


def _lines_marked(table: PlainTable) -> PlainTable:
    """Text with line breaks taken to be written over several lines, as the app writes a
    note (`text` then writes it so; if the chunk had it on one line, the two differ and
    the chunk is left to tomlkit)."""
    table.multiline.update(key for key, value in table.items()
                           if isinstance(value, str) and "\n" in value and "\r" not in value)
    return table


def _values_only(table: Mapping[Any, Any]) -> bool:
    return not any(isinstance(v, dict | list) for v in table.values())


# --- writing ---------------------------------------------------------------------------

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPED = re.compile(r'[\x00-\x1f\x7f"\\]')
"""What tomlkit escapes in a string (`tomlkit._utils.escape_string`)."""


class _Unwritten(Exception):
    """A value `text` does not write (the chunk is edited with tomlkit instead)."""


def text(item: str, table: Mapping[str, Any]) -> str | None:
    """`[responses.ITEM]` holding `table`, as tomlkit writes a table the app made and a
    blank line goes before each table (`readiness.tomlpos.spaced`); None when it holds a
    value this does not write."""
    name = f"{RESPONSES}.{_key(item)}"
    values = {k: v for k, v in table.items() if not isinstance(v, PlainAoT)}
    if any(isinstance(v, PlainTable) for v in values.values()):
        return None  # a table of its own in the response (`agreed`): tomlkit's
    tables = [(k, v) for k, v in table.items() if isinstance(v, PlainAoT)]
    try:
        lines = _assignments(values, table)
        if lines or not any(listed for _, listed in tables):
            lines.insert(0, f"[{name}]\n")  # (only tables in it: tomlkit writes no header)
        for key, listed in tables:
            for entry in listed:
                lines.append(f"{chr(10) if lines else ''}[[{name}.{_key(key)}]]\n")
                lines += _assignments(entry, entry)
    except _Unwritten:
        return None
    return "".join(lines)


def assignment(key: str, value: Any) -> str | None:
    """`key = value` as tomlkit writes it for a value it made (no line break), or None
    for a value this does not write."""
    try:
        return f"{_key(key)} = {_value(value)}"
    except _Unwritten:
        return None


def _assignments(values: Mapping[str, Any], table: Mapping[str, Any]) -> list[str]:
    """`key = value` lines; text over several lines where `table` says so (`multiline`)."""
    multiline = table.multiline if isinstance(table, PlainTable) else set()
    return [f"{_key(key)} = {_lines(value) if key in multiline else _value(value)}\n"
            for key, value in values.items()]


_KEYS: dict[str, str] = {}


def _key(key: str) -> str:
    found = _KEYS.get(key)
    if found is None:
        found = key if _BARE.fullmatch(key) else tomlkit.key(key).as_string()
        if len(_KEYS) < 4096:
            _KEYS[key] = found
    return found


def _lines(value: str) -> str:
    return tomlkit.string(value, multiline=True).as_string()


def _value(value: Any) -> str:
    kind = type(value)
    if kind is str:
        if _ESCAPED.search(value):
            return tomlkit.string(value).as_string()
        return f'"{value}"'
    if kind is datetime:
        return _moment(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is date or kind is time:
        return _moment(value)
    if kind is PlainArray:
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise _Unwritten(kind.__name__)


_MOMENTS: dict[tuple[Any, Any], str] = {}


def _moment(value: datetime | date | time) -> str:
    """A date or time as tomlkit writes it (the same few stamps recur in a large file:
    kept by value and offset from UTC, which together fix how it is written)."""
    key = (value, value.utcoffset() if isinstance(value, datetime | time) else None)
    found = _MOMENTS.get(key)
    if found is None:
        found = str(tomlkit.item(value).as_string())
        if len(_MOMENTS) < 4096:
            _MOMENTS[key] = found
    return found


# --- made like their parent --------------------------------------------------------------
# What `readiness.edits` puts into a response's table: plain values into plain tables,
# tomlkit's into tomlkit's.


def new_aot(parent: object) -> AoT | PlainAoT:
    return PlainAoT() if isinstance(parent, PlainTable) else tomlkit.aot()


def new_array(parent: object) -> Array | PlainArray:
    return PlainArray() if isinstance(parent, PlainTable) else tomlkit.array()


def is_aot(value: object) -> TypeGuard[AoT | PlainAoT]:
    """An array of tables, tomlkit's or plain."""
    return isinstance(value, AoT | PlainAoT)
