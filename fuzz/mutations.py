"""Ways to damage a valid file, each driven by a `random.Random` (so hypothesis can drive
them too, through `st.randoms()`).

Every strategy the issue names is here: byte flips, truncation, duplication, deep
nesting, huge integers, long dotted keys, long lines, odd Unicode (bidi overrides, NUL,
surrogates), plus what hand edits and other programs do to these files: lines and
sections moved, keys renamed, values of the wrong type, cross-references broken. CSV
files get broken quoting, huge cells, extra columns and rows, other encodings; Excel
workbooks are damaged as zips and, unpacked, in their XML.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Callable

Mutation = Callable[[bytes, random.Random], bytes]

MAX_MUTANT = 80 * 1024 * 1024
"""No mutant grows beyond this: past every size limit of the app (64 MiB at most), so
those limits are tried, yet small enough that making the mutant never runs a worker out
of memory (a mutant of gigabytes once did)."""


def _times(data: bytes, piece: bytes, times: int) -> int:
    """`times` copies of `piece`, fewer if they would take `data` past MAX_MUTANT."""
    return max(1, min(times, (MAX_MUTANT - len(data)) // max(1, len(piece))))

ODD = [
    b"\x00", b"\r", b"\r\n", b"\t", b"\x0b", b"\x0c", b"\x1b[31m", b"\x7f",
    "\u202e".encode(), "\u2066".encode(), "\u200d".encode(), "\ufeff".encode(),
    "\uffff".encode(), "\U0010ffff".encode(), "\U0001f600".encode(), "é".encode(),
    b"\xed\xa0\x80",  # a UTF-8 encoded surrogate (not valid UTF-8)
    b"\xff", b"\xc0\x80", b"\xe2\x82", b"\x93", b"\\u0000", b"\\ud800", b"\\U0010ffff",
    b"\\u202e", b"\\x00", b"\\",
]
TOML_BITS = [
    b"[", b"]", b"[[", b"]]", b"{", b"}", b"=", b".", b",", b"#", b'"', b"'", b'"""',
    b"'''", b"\n", b" = ", b"true", b"false", b"nan", b"inf", b"-0", b"1e400", b"0x1F",
    b"1979-05-27T07:32:00Z", b"2026-02-30", b"24:00:00", b"[]", b"{}", b'""', b"\n[x]\n",
    b"\n[[x]]\n", b"\nk = 1\n", b"\nk.k = 1\n",
]
VALUES = [
    b"true", b"1", b"-1", b"0", b"9223372036854775808", b"1.5", b"nan", b"-inf", b'"x"',
    b'""', b"[]", b"{}", b'["a", 1]', b"{ a = 1 }", b"2026-11-26", b"2026-11-26T10:00:00Z",
    b"10:00:00", b'"\\u0000"', b'"\\u202e"', b'"' + b"x" * 5000 + b'"', b"'''a\nb'''",
    b'"good"', b'"inadequate"', b'"strong"', b'"not a grade"', b'"ESN99"', b'"H99"',
    b'"open"', b'"A99"', b'"1.07"', b'"nope"',
]


# --- generic byte mutations ------------------------------------------------------------


def flip(data: bytes, rnd: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rnd.randint(1, 8)):
        if not out:
            break
        at = rnd.randrange(len(out))
        out[at] = out[at] ^ (1 << rnd.randrange(8)) if rnd.random() < 0.5 else rnd.randrange(256)
    return bytes(out)


def truncate(data: bytes, rnd: random.Random) -> bytes:
    return data[: rnd.randint(0, len(data))]


def delete_span(data: bytes, rnd: random.Random) -> bytes:
    if not data:
        return data
    start = rnd.randrange(len(data))
    return data[:start] + data[start + rnd.randint(1, 200):]


def duplicate_span(data: bytes, rnd: random.Random) -> bytes:
    if not data:
        return data
    start = rnd.randrange(len(data))
    span = data[start: start + rnd.randint(1, 400)]
    at = rnd.randint(0, len(data))
    return data[:at] + span * _times(data, span, rnd.choice([1, 2, 10, 100, 1000])) + data[at:]


def insert_odd(data: bytes, rnd: random.Random) -> bytes:
    out = data
    for _ in range(rnd.randint(1, 4)):
        at = rnd.randint(0, len(out))
        out = out[:at] + rnd.choice(ODD + TOML_BITS) + out[at:]
    return out


def splice(data: bytes, rnd: random.Random) -> bytes:
    if len(data) < 2:
        return data
    a, b = sorted(rnd.randrange(len(data)) for _ in range(2))
    c = rnd.randrange(len(data))
    return data[:c] + data[a:b] + data[c + (b - a):]


def line_shuffle(data: bytes, rnd: random.Random) -> bytes:
    lines = data.split(b"\n")
    if len(lines) < 2:
        return data
    op = rnd.randrange(4)
    i, j = rnd.randrange(len(lines)), rnd.randrange(len(lines))
    if op == 0:
        lines[i], lines[j] = lines[j], lines[i]
    elif op == 1:
        del lines[i]
    elif op == 2:
        lines.insert(j, lines[i])
    else:
        lines.append(lines.pop(i))
    return b"\n".join(lines)


GENERIC: list[Mutation] = [flip, truncate, delete_span, duplicate_span, insert_odd, splice,
                           line_shuffle]


# --- TOML -------------------------------------------------------------------------------


def _line_start(data: bytes, rnd: random.Random) -> int:
    starts = [0, *[m.end() for m in re.finditer(rb"\n", data)]]
    return rnd.choice(starts)


def _insert_line(data: bytes, rnd: random.Random, line: bytes) -> bytes:
    at = _line_start(data, rnd)
    return data[:at] + line + b"\n" + data[at:]


def deep_nesting(data: bytes, rnd: random.Random) -> bytes:
    depth = rnd.choice([10, 31, 32, 33, 100, 500, 5000])
    kind = rnd.randrange(3)
    if kind == 0:
        value = b"[" * depth + b"]" * depth
    elif kind == 1:
        value = b"{a = " * depth + b"1" + b"}" * depth
    else:
        value = b"[{a = " * (depth // 2) + b"1" + b"}]" * (depth // 2)
    if rnd.random() < 0.3:  # unbalanced, as a cut-off file would be
        value = value[: len(value) // 2]
    return _replace_value(data, rnd, value) if rnd.random() < 0.5 else \
        _insert_line(data, rnd, b"deep = " + value)


def huge_integer(data: bytes, rnd: random.Random) -> bytes:
    digits = rnd.choice([19, 20, 100, 101, 4300, 4301, 10_000, 100_000])
    number = str(rnd.randint(1, 9)).encode() + b"7" * (digits - 1)
    if rnd.random() < 0.2:
        number = b"_".join(number[i: i + 3] for i in range(0, len(number), 3))
    numbers = list(re.finditer(rb"(?<![\w.-])\d+(?![\w.:-])", data))
    if numbers and rnd.random() < 0.6:
        m = rnd.choice(numbers)
        return data[: m.start()] + number + data[m.end():]
    return _insert_line(data, rnd, b"n = " + number)


def long_dotted_key(data: bytes, rnd: random.Random) -> bytes:
    parts = rnd.choice([2, 5, 32, 33, 100, 1000, 100_000])
    part = rnd.choice([b"k", b'"k"', b"'k'", b"k ", b"responses", b"ESN08"])
    key = b".".join([part] * parts)
    form = rnd.randrange(4)
    line = [key + b" = 1", b"[" + key + b"]", b"[[" + key + b"]]",
            b"x = { " + key + b" = 1 }"][form]
    return _insert_line(data, rnd, line)


def long_line(data: bytes, rnd: random.Random) -> bytes:
    length = rnd.choice([1000, 100_000, 1024 * 1024 - 10, 1024 * 1024 + 10, 3 * 1024 * 1024])
    if rnd.random() < 0.5:
        return _replace_value(data, rnd, b'"' + b"x" * length + b'"')
    return _insert_line(data, rnd, b"k" * length + b" = 1")


def many_tables(data: bytes, rnd: random.Random) -> bytes:
    count = rnd.choice([1000, 100_000, 300_000])
    return data + b"".join(b"[t%d]\n" % n for n in range(count))


def _replace_value(data: bytes, rnd: random.Random, value: bytes) -> bytes:
    assigns = list(re.finditer(rb"(?m)^([ \t]*[\w\".'-]+(?:[ \t]*\.[ \t]*[\w\"'-]+)*[ \t]*=[ \t]*)"
                               rb"([^\n]*)$", data))
    if not assigns:
        return _insert_line(data, rnd, b"k = " + value)
    m = rnd.choice(assigns)
    return data[: m.start(2)] + value + data[m.end(2):]


def wrong_value(data: bytes, rnd: random.Random) -> bytes:
    return _replace_value(data, rnd, rnd.choice(VALUES))


def odd_unicode_in_string(data: bytes, rnd: random.Random) -> bytes:
    strings = list(re.finditer(rb'"[^"\n]*"', data))
    if not strings:
        return insert_odd(data, rnd)
    m = rnd.choice(strings)
    at = rnd.randint(m.start() + 1, m.end() - 1)
    return data[:at] + rnd.choice(ODD) + data[at:]


def swap_strings(data: bytes, rnd: random.Random) -> bytes:
    """A cross-reference broken or pointed elsewhere: one quoted value takes another's."""
    strings = list(re.finditer(rb'"[^"\n]*"', data))
    if len(strings) < 2:
        return data
    a, b = rnd.sample(strings, 2)
    return data[: a.start()] + b.group() + data[a.end():]


def rename_key(data: bytes, rnd: random.Random) -> bytes:
    keys = list(re.finditer(rb"(?m)^[ \t]*([\w-]+)[ \t]*=", data))
    if not keys:
        return data
    m = rnd.choice(keys)
    other = rnd.choice([k.group(1) for k in keys] + [b"unknown", b"grade", b"by", b"id"])
    return data[: m.start(1)] + other + data[m.end(1):]


def header_games(data: bytes, rnd: random.Random) -> bytes:
    headers = list(re.finditer(rb"(?m)^\[\[?[^\n]*\]\]?[ \t]*$", data))
    if not headers:
        return _insert_line(data, rnd, b"[x]")
    m = rnd.choice(headers)
    text = m.group()
    op = rnd.randrange(4)
    if op == 0:  # table <-> array of tables
        swapped = text[1:-1] if text.startswith(b"[[") else b"[" + text + b"]"
        return data[: m.start()] + swapped + data[m.end():]
    if op == 1:  # the same header again
        return data + b"\n" + text + b"\nk = 1\n"
    if op == 2:  # a section moved to the end (out of order, still valid)
        end = data.find(b"\n[", m.end())
        end = len(data) if end == -1 else end + 1
        return data[: m.start()] + data[end:] + b"\n" + data[m.start(): end]
    return data[: m.start()] + b"[" + text.strip(b"[]") + b".sub]" + data[m.end():]


TOML: list[Mutation] = [deep_nesting, huge_integer, long_dotted_key, long_line, many_tables,
                        wrong_value, odd_unicode_in_string, swap_strings, rename_key,
                        header_games]


def toml(data: bytes, rnd: random.Random) -> bytes:
    """One to three mutations, TOML-aware ones twice as likely as blind ones."""
    for _ in range(rnd.choice([1, 1, 1, 2, 3])):
        data = rnd.choice(TOML * 2 + GENERIC)(data, rnd)[:MAX_MUTANT]
    return data


# --- CSV --------------------------------------------------------------------------------


def _cells(data: bytes) -> list[re.Match[bytes]]:
    return list(re.finditer(rb'(?:(?<=,)|(?<=\n)|^)("(?:[^"]|"")*"|[^,\n]*)', data))


CELL_WINDOW = 1024 * 1024
"""How much of a large CSV file `csv_cell` looks at for a cell to damage: listing every
cell of a 66 MB mutant (ten million) took the fuzzer itself 20 s, counted as a hang."""


def csv_cell(data: bytes, rnd: random.Random) -> bytes:
    start = 0
    if len(data) > CELL_WINDOW:  # a window at a line's start somewhere in the file
        start = data.find(b"\n", rnd.randrange(len(data) - CELL_WINDOW)) + 1
    window = data[start:start + CELL_WINDOW]
    cells = [c for c in _cells(window) if c.group()]
    if not cells:
        return data
    m = rnd.choice(cells)
    value = rnd.choice([
        b"", b'"', b'"unclosed', b'a"b', b'"a""b"', b"=1+1", b"@SUM(A1)", b"\x00",
        b'"' + b"x" * (128 * 1024 + 1) + b'"', b'"' + b"x" * (128 * 1024 - 10) + b'"',
        b'"line\nbreak"', b"31/02/2026", b"9999-12-31", b"0001-01-01", b"2026-13-01",
        b"-1", b"1e308", b"99999999999999999999999999", "\u202e".encode(), b"\x93quoted\x94",
        b"n/a", b"NA", b"yes", b"no", b"good", b"inadequate", b"Good", b"4", b"0",
        b"strong", b"1.07;1.08", b"LL-1,LL-2", b"a b", b" ", b"ESN08", b"H01", b"C2",
        b"DEMO-000001",
    ])
    return data[: start + m.start()] + value + data[start + m.end():]


def csv_columns(data: bytes, rnd: random.Random) -> bytes:
    lines = data.split(b"\n")
    i = rnd.randrange(len(lines))
    lines[i] = lines[i] + b"," * _times(data, b",", rnd.choice([1, 5, 250, 20_000])) \
        + rnd.choice([b"", b"x"])
    return b"\n".join(lines)


def csv_rows(data: bytes, rnd: random.Random) -> bytes:
    lines = data.split(b"\n")
    i = rnd.randrange(len(lines))
    times = _times(data, lines[i] + b"\n", rnd.choice([2, 100, 5000, 250_000]))
    return b"\n".join(lines[:i] + [lines[i]] * times + lines[i:])


def csv_encoding(data: bytes, rnd: random.Random) -> bytes:
    op = rnd.randrange(4)
    if op == 0:
        return b"\xef\xbb\xbf" + data
    if op == 1:
        return data.decode("utf-8", "replace").encode("utf-16")
    if op == 2:
        return data.replace(b"\n", b"\r")
    return data.decode("utf-8", "replace").encode("cp1252", "replace")


def csv_headers(data: bytes, rnd: random.Random) -> bytes:
    head, _, rest = data.partition(b"\n")
    names = head.split(b",")
    i = rnd.randrange(len(names))
    names[i] = rnd.choice([b"", b"item", b"Item ", b"unknown", b"grade", b"NOTES", b'"a,b"',
                           names[rnd.randrange(len(names))]])
    return b",".join(names) + b"\n" + rest


CSV: list[Mutation] = [csv_cell, csv_columns, csv_rows, csv_encoding, csv_headers]


def csv(data: bytes, rnd: random.Random) -> bytes:
    for _ in range(rnd.choice([1, 1, 2, 3])):
        data = rnd.choice(CSV * 2 + GENERIC)(data, rnd)[:MAX_MUTANT]
    return data


# --- Excel ------------------------------------------------------------------------------


def xml_text(data: bytes, rnd: random.Random) -> bytes:
    op = rnd.randrange(12)
    if op == 0:
        return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data)
    if op == 1:  # a value far out
        ref = rnd.choice([b"XFD1", b"A1048576", b"XFD1048576", b"GT2", b"A200002", b"A0",
                          b"", b"ZZZZZ1", b"A" + b"9" * 50, b"$A$1"])
        cell = b'<c r="' + ref + b'" t="inlineStr"><is><t>stray</t></is></c>'
        return data.replace(b"</row>", cell + b"</row>", 1)
    if op == 2:  # deep XML
        depth = rnd.choice([100, 10_000, 100_000])
        return data.replace(b"<sheetData>", b"<sheetData>" + b"<x>" * depth + b"</x>" * depth, 1)
    if op == 3:  # entity expansion
        bomb = (b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY a "aaaaaaaaaa">'
                + b"".join(b'<!ENTITY %s "%s">' % (b"a" * (n + 2), (b"&" + b"a" * (n + 1) + b";")
                                                          * 10) for n in range(8))
                + b"]>")
        return bomb + re.sub(rb"^<\?xml[^>]*\?>", b"", data)
    if op == 4:  # a shared string or inline string too long for a cell
        big = b"x" * rnd.choice([1000, 128 * 1024 + 1, 5 * 1024 * 1024])
        return re.sub(rb"<t>[^<]*</t>", b"<t>" + big + b"</t>", data, count=1)
    if op == 5:  # a shared string index out of range / a bad number / a bad date
        return re.sub(rb"<v>[^<]*</v>", rnd.choice([b"<v>99999</v>", b"<v>-1</v>",
                                                    b"<v>abc</v>", b"<v>1e308</v>",
                                                    b"<v>" + b"9" * 5000 + b"</v>"]),
                      data, count=1)
    if op == 6:
        return data.replace(b't="s"', rnd.choice([b't="d"', b't="b"', b't="e"', b't="n"',
                                                  b't="str"', b't="zz"']), 1)
    if op == 7:  # many rows
        rows = re.findall(rb"<row[^>]*>.*?</row>", data, re.S)
        if rows:
            times = _times(data, rows[-1], rnd.choice([10, 1000, 250_000]))
            return data.replace(rows[-1], rows[-1] * times, 1)
        return data
    if op == 8:  # cells in a row out of order
        return data.replace(b'r="A', b'r="C', 1)
    if op == 9:
        return data.replace(b"<sheetData>", b"<sheetData><row r=\"1048576\"><c r=\"A1048576\">"
                            b"<v>1</v></c></row>", 1)
    return toml(data, rnd) if rnd.random() < 0.3 else rnd.choice(GENERIC)(data, rnd)


def xlsx(data: bytes, rnd: random.Random) -> bytes:
    """A workbook damaged as a zip (a third of the time) or in one of its XML parts."""
    if rnd.random() < 0.3:
        return rnd.choice(GENERIC)(data, rnd)
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    weights = [6 if "worksheets/sheet" in n else 3 if "sharedStrings" in n else 1 for n in names]
    target_name = rnd.choices(names, weights)[0]
    op = rnd.random()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name in names:
            part = source.read(name)
            if name == target_name:
                if op < 0.05:
                    continue  # a part missing
                part = xml_text(part, rnd)
            target.writestr(name, part)
    return out.getvalue()


# --- the file kinds ---------------------------------------------------------------------

FOR_KIND: dict[str, Mutation] = {
    "assessment": toml,
    "bank": toml,
    "crosswalk": toml,
    "mapping": toml,
    "list": csv,
    "import-csv": csv,
    "import-xlsx": xlsx,
}
