"""Limits checked before any parser runs, so a damaged or hostile file is refused in one line.

The parsers the app relies on have failure modes a file can trigger: `tomllib` recurses
once per nested array or inline table (about 500 deep is a RecursionError), refuses to
turn an integer of more than 4,300 digits into a number (a ValueError), and spends memory
and time on every table and dotted-key part (a 200 KB file of `k.k.k....k = 1` with
100,000 parts used 24 GB; a 100,000-part table header took 71 s; 4 MB of short table
headers takes 400 MB and 7 s). openpyxl pads every row of a sheet to its declared width,
so one cell in column XFD makes each row 16,384 cells. None of this is a user's mistake
worth a crash, so every file the app reads passes these checks first, and a breach is
the loader's own one-line error naming the file, the line where there is one, and the
limit.

Every limit is several times the largest real file of its kind (measured; each constant
says how), so no real file meets one. The checks are linear and cheap: strings and
comments are blanked with one regular expression, then only brackets, digits and dots
are looked at, in C-speed byte passes; the exact line is worked out only once a limit
is breached.

This module is pure: the standard library and the app's errors only.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readiness.errors import ReadinessError

KIB = 1024
MIB = 1024 * KIB


@dataclass(frozen=True)
class Kind:
    """A kind of file the app reads, with the largest size it accepts."""

    name: str
    max_bytes: int

    @property
    def a(self) -> str:
        """The name with its article: 'an assessment', 'a question bank'."""
        return f"{'an' if self.name[0] in 'aeiou' else 'a'} {self.name}"


ASSESSMENT = Kind("assessment", 16 * MIB)
"""An assessment of 1,000 items by 20 assessors, every entry with a note, is 5.2 MB; the
largest real bank (241 items) scored by 30 assessors with a page-long note each is about
9 MB. 16 MiB is three times the first and still leaves room for the second."""

BANK = Kind("question bank", 4 * MIB)
"""The largest shipped bank (the National Framework, 241 items, every expectation quoted
in full) is 238 KB: 4 MiB is sixteen times that."""

CROSSWALK = Kind("crosswalk", 4 * MIB)
"""The largest shipped crosswalk is 26 KB; a crosswalk between two 1,000-item banks with
a note on every link would be about 1 MB."""

MAPPING = Kind("mapping file", 1 * MIB)
"""The default mapping (`readiness lists mapping`) is 5 KB: every heading of every list,
translated, with a code table for each coded column, is well under 100 KB."""

TABLE = Kind("spreadsheet", 64 * MIB)
"""CSV and Excel files (imports and the Annex A lists): a list of every child in need of
a large authority (20,000 rows of 40 columns) is about 10 MB as CSV, an import of 1,000
items by 20 assessors with notes about 5 MB."""

MAX_LINE_CHARS = 1 * MIB
"""One line of a TOML file. The app writes a note with line breaks as a multi-line
string, so only a single paragraph makes a long line: 1 MiB characters is a note at the
CSV field limit (128 KiB) with every character escaped (`\\uXXXX`), and 150,000 words of
ordinary prose. (Shipped banks: 1,827 characters at most.)"""

MAX_NESTING = 32
"""Arrays and inline tables inside one another (a table header's brackets count too).
Assessments nest 2 deep and banks 3; `tomllib` fails near 500."""

MAX_KEY_PARTS = 32
"""Parts of one dotted key or table header (`[[responses.ESN20.entries]]` has 3, the
deepest in any shipped file 4). The TOML reader's memory grows with the square of the
parts of each key (100,000 parts used 24 GB); with MAX_TABLES below, keys of 32 parts
cost it at most about 50 MB."""

MAX_TABLES = 250_000
"""Tables, inline tables and dotted-key parts in one TOML file together (counted as
header lines, `{` and `.` outside strings and comments). The TOML reader uses about
1 KB of memory and 17 µs for each (measured: 4 MB of `[aN.b.c.d.e.f.g.h]` headers took
1.4 GB and 28 s), so this keeps a file within the other limits under about 300 MB and
5 s. An assessment of 1,000 items by 20 assessors has about 85,000, a shipped bank
under 1,000."""

MAX_DIGITS = 100
"""Digits (and `_`) in one number outside a string. Real numbers in these files are
counts and years; the largest 64-bit integer has 19 digits (64 in binary). Python
refuses to read an integer of more than 4,300 digits."""

MAX_CSV_FIELD = 128 * KIB
"""One CSV cell (the csv module's own default, 131,072 characters): about 20,000 words,
more than any note or list cell needs."""

MAX_ROWS = 200_000
"""Rows of one sheet or CSV file: ten times the largest real list (a large authority's
children in need, about 20,000) and of an import of 1,000 items by 20 assessors."""

MAX_COLUMNS = 200
"""Columns of one sheet or CSV file: the widest Annex A list has 31 columns and an
import 8; a sheet whose formatting reaches column XFD (16,384) is read to column 200."""

MAX_WORKBOOK_UNPACKED = 64 * MIB
"""What an Excel workbook (a zip of XML) may unpack to. The largest real list (20,000
rows by 40 columns) is a 2.9 MB workbook holding 39 MB of XML, which openpyxl reads in
about 10 s (it parses about 4 MB of sheet XML a second), so 64 MiB bounds the time of
any workbook within the limits to about 20 s; a small zip that would unpack to gigabytes
is refused before any of it is read."""

MAX_WORKBOOK_PARTS = 10_000
"""Files inside one Excel workbook (a workbook of 11 sheets has about 30)."""


class LimitError(ReadinessError):
    """A file breaks one of the limits above (raised as the loader's own error type)."""


def _error(error: type[ReadinessError], message: str, path: Path | str,
           line: int | None = None) -> ReadinessError:
    """One line: no real file comes near a limit, so there is nothing more to suggest."""
    return error(message, file=path, line=line)


def _size(count: int) -> str:
    if count >= MIB:
        return f"{count / MIB:.1f} MiB"
    return f"{count / KIB:.0f} KiB" if count >= KIB else f"{count} bytes"


# --- reading a file --------------------------------------------------------------------


def read_bytes(path: Path, kind: Kind, error: type[ReadinessError]) -> bytes:
    """The file's bytes, never more than `kind` allows: refused before it is read whole.

    A folder, a device or a pipe given as a file, and every read error (permissions, a
    file that vanished, a disk error) are the loader's one-line error naming the file and
    the step. A missing file raises FileNotFoundError, so each loader can say what to do.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise error(f"this is a folder, not {kind.a} file", file=path) from None
    except OSError as exc:
        raise error(f"cannot open the {kind.name}: {exc.strerror or exc}", file=path) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise error(f"this is a folder, not {kind.a} file", file=path)
        if not stat.S_ISREG(info.st_mode):
            raise error(f"this is not a regular file (a device or a pipe?), so it "
                        f"cannot be {kind.a}", file=path)
        if info.st_size > kind.max_bytes:
            raise too_large(info.st_size, path, kind, error)
        chunks = []
        left = kind.max_bytes + 1
        while left > 0 and (chunk := os.read(fd, min(left, MIB))):
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
    except OSError as exc:
        raise error(f"cannot read the {kind.name}: {exc.strerror or exc}", file=path) from None
    finally:
        os.close(fd)
    if len(data) > kind.max_bytes:
        raise too_large(len(data), path, kind, error)
    return data


def read_text(path: Path, kind: Kind, error: type[ReadinessError]) -> str:
    """`read_bytes` decoded as UTF-8 (a leading byte-order mark dropped), or the error."""
    data = read_bytes(path, kind, error)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(f"this {kind.name} is not UTF-8 text", file=path, line=line) from None


def too_large(size: int, path: Path | str, kind: Kind,
              error: type[ReadinessError]) -> ReadinessError:
    return _error(error, f"the file is {_size(size)}, more than the {_size(kind.max_bytes)} "
                         f"{kind.a} may be", path)


# --- TOML -------------------------------------------------------------------------------

_STRINGS_AND_COMMENTS = re.compile(
    r'"""[^"\\]*+(?:(?:\\[\s\S]|"(?!""))[^"\\]*+)*+"""(?:"{1,2}(?!"))?'  # multi-line basic
    r"|'''[^']*+(?:'(?!'')[^']*+)*+'''(?:'{1,2}(?!'))?"                  # multi-line literal
    r'|"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"'                                   # basic
    r"|'[^'\n]*+'"                                                        # literal
    r"|#[^\n]*+"                                                          # comment
)
_LONG_NUMBER = re.compile(rf"(?<![0-9_])[0-9][0-9_]{{{MAX_DIGITS}}}")
_LONG_KEY = re.compile(
    rf'(?<![\w".-])(?:[\w-]++|"")(?:[ \t]*+\.[ \t]*+(?:[\w-]++|"")){{{MAX_KEY_PARTS}}}')

# Byte tables for the fast filters: C-speed passes that can only over-report.
_CLASSES = bytes(ord("0") if chr(b) in "0123456789_" else b if chr(b) in ".[]{}\n"
                 else ord(" ") for b in range(256))
"""Digits (and `_`) as 0; dots, brackets and line breaks as they are; the rest blank."""
_MANY_DIGITS = b"0" * (MAX_DIGITS + 1)
_MANY_DOTS = b"." * MAX_KEY_PARTS


def check_toml(text: str, path: Path | str, kind: Kind, error: type[ReadinessError]) -> None:
    """Refuse a TOML text that would crash, exhaust memory or hang the TOML readers.

    Strings and comments are blanked (one regular expression; a bracket, a digit or a
    dot inside a string is nobody's business), then C-speed byte passes look at the
    digits, dots and brackets left. Only a file that breaks a limit is scanned again,
    keeping its line breaks, to name the line.
    """
    if len(text) > kind.max_bytes:
        raise too_large(len(text.encode("utf-8", "surrogatepass")), path, kind, error)
    long_line = _long_line(text)
    if long_line is not None:
        raise _error(error, f"a line longer than {MAX_LINE_CHARS:,} characters (the limit "
                            "for one line)", path, long_line)
    code = _STRINGS_AND_COMMENTS.sub('""', text)
    if not _problem(code.encode("utf-8", "surrogatepass")):
        return
    exact = _STRINGS_AND_COMMENTS.sub(_blank, text)  # line breaks kept, to name the line
    message, line = _problem(exact.encode("utf-8", "surrogatepass")) or ("", None)
    raise _error(error, message or "the file breaks one of the limits", path, line)


def check_saved(data: bytes, path: Path | str) -> None:
    """Refuse to save an assessment that could not be opened again (a note of more than
    MAX_LINE_CHARS on one line, say); nothing is written and the change stays in memory."""
    from readiness.errors import AssessmentError

    try:
        check_toml(data.decode("utf-8", "surrogatepass"), path, ASSESSMENT, AssessmentError)
    except ReadinessError as error:
        raise AssessmentError(
            f"not saved: the file would break a limit ({error.message}), so it could not be "
            "opened again; the file on disk is as it was before", file=path,
            hint="Shorten what was just added (a very long note?) and save again.") from None


def _long_line(text: str) -> int | None:
    """The number of a line longer than MAX_LINE_CHARS, or None.

    Such a line holds a whole aligned block of half that length without a line break, so
    only one `find` per block is needed, not a look at every line.
    """
    block = (MAX_LINE_CHARS + 1) // 2
    for start in range(0, len(text), block):
        if text.find("\n", start, start + block) != -1:
            continue
        begin = text.rfind("\n", 0, start) + 1
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        if end - begin > MAX_LINE_CHARS:
            return text.count("\n", 0, begin) + 1
    return None


def _problem(raw: bytes) -> tuple[str, int | None] | None:
    """The first limit a TOML text whose strings and comments are blanked breaks, and
    its line (right when the blanking kept the line breaks), or None.

    Whole-text work is a few C-speed byte passes (translate, find, count); the regular
    expressions run only on the lines those passes flag.
    """
    mapped = raw.translate(_CLASSES)
    line = _flagged_line(mapped, _MANY_DIGITS, raw, _LONG_NUMBER)
    if line is not None:
        return f"a number with more than {MAX_DIGITS} digits (the limit)", line or None
    structure = mapped.translate(None, b"0 ")
    line = _flagged_line(structure.translate(None, b"[]{}"), _MANY_DOTS, raw, _LONG_KEY)
    if line is not None:
        return (f"a dotted key or table name with more than {MAX_KEY_PARTS} parts "
                "(the limit)", line or None)
    tables = len(structure) - structure.count(b"\n")
    if tables > MAX_TABLES:
        return (f"more than {MAX_TABLES:,} tables, inline tables, arrays and dotted-key "
                f"parts ({tables:,}; the limit)", None)
    # Each round removes the innermost pairs: at least one level and at most two, so
    # brackets gone within MAX_NESTING // 2 rounds nest no deeper than the limit.
    brackets = structure.translate(None, b".\n")
    for _ in range(MAX_NESTING // 2):
        if not brackets:
            return None
        shorter = brackets.replace(b"[]", b"").replace(b"{}", b"")
        if len(shorter) == len(brackets):
            break
        brackets = shorter
    if not brackets:
        return None
    line = _too_deep(structure.translate(None, b"."))
    if line is not None:
        return f"arrays or inline tables nested more than {MAX_NESTING} deep (the limit)", line
    return None


def _flagged_line(filtered: bytes, needle: bytes, raw: bytes,
                  pattern: re.Pattern[str]) -> int | None:
    """The first line holding `needle` in `filtered` (which keeps every line break of
    `raw`) whose text in `raw` the exact `pattern` confirms.

    Past FLAGGED_LINES flagged lines (floats in long arrays, say) the rest is scanned
    at once.
    """
    at = filtered.find(needle)
    if at == -1:
        return None
    lines = raw.split(b"\n")
    number, counted, looked = 0, 0, 0
    while at != -1:
        number += filtered.count(b"\n", counted, at)
        counted = at
        looked += 1
        if looked > _FLAGGED_LINES:
            rest = raw[sum(len(line) + 1 for line in lines[:number]):].decode(
                "utf-8", "surrogatepass")
            found = pattern.search(rest)
            return None if found is None else number + 1 + rest.count("\n", 0, found.start())
        if pattern.search(lines[number].decode("utf-8", "surrogatepass")):
            return number + 1
        after = filtered.find(b"\n", at)
        if after == -1:
            return None
        at = filtered.find(needle, after)
    return None


_FLAGGED_LINES = 200


def _blank(match: re.Match[str]) -> str:
    """A string or comment as `""`, keeping its line breaks (so lines still count)."""
    return '""' + "\n" * match.group().count("\n")


def _too_deep(brackets: bytes) -> int | None:
    """The line where brackets (and line breaks, nothing else) first nest too deep."""
    depth, line = 0, 1
    for byte in brackets:
        if byte == 0x0A:
            line += 1
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > MAX_NESTING:
                return line
        else:
            depth = max(0, depth - 1)
    return None


# --- CSV --------------------------------------------------------------------------------


def csv_rows(text: str, path: Path | str, error: type[ReadinessError]) -> list[list[str]]:
    """A CSV text's rows, within the limits; a broken file is one line naming the row."""
    if len(text) > TABLE.max_bytes:
        raise too_large(len(text), path, TABLE, error)
    csv.field_size_limit(MAX_CSV_FIELD)
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[list[str]] = []
    try:
        for row in reader:
            if len(rows) >= MAX_ROWS:
                raise _error(error, f"more than {MAX_ROWS:,} rows (the limit)", path,
                             reader.line_num)
            if len(row) > MAX_COLUMNS and any(cell.strip() for cell in row[MAX_COLUMNS:]):
                raise _error(error, f"a row with more than {MAX_COLUMNS} columns (the limit)",
                             path, reader.line_num)
            rows.append(row[:MAX_COLUMNS])
    except csv.Error as exc:
        why = str(exc)
        if "field larger than field limit" in why:
            raise _error(error, f"cannot read the CSV: a cell is longer than "
                                f"{MAX_CSV_FIELD:,} characters (the limit for one cell)",
                         path, reader.line_num) from None
        if "NUL" in why:
            why = "it holds a NUL byte, so it is not a text file"
        raise error(f"cannot read the CSV: {why}", file=path,
                    line=reader.line_num or None) from None
    return rows


# --- Excel ------------------------------------------------------------------------------


def check_workbook(path: Path, error: type[ReadinessError]) -> None:
    """Refuse a workbook too large to open, before openpyxl reads any of it.

    A workbook is a zip file; what its parts unpack to is read from the zip's directory
    (Python's zip reader never unpacks more than that), so a small file that would unpack
    to gigabytes is refused here.
    """
    import zipfile

    try:
        size = path.stat().st_size
        if size > TABLE.max_bytes:
            raise too_large(size, path, TABLE, error)
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError,
            NotImplementedError) as exc:  # "zip file version 6.4": a damaged header
        raise error(f"not a readable Excel workbook (.xlsx): {exc}", file=path) from None
    except OSError as exc:
        raise error(f"cannot read the workbook: {exc.strerror or exc}", file=path) from None
    if len(parts) > MAX_WORKBOOK_PARTS:
        raise _error(error, f"the workbook holds {len(parts):,} files, more than the "
                            f"{MAX_WORKBOOK_PARTS:,} allowed", path)
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_WORKBOOK_UNPACKED:
        raise _error(error, f"the workbook unpacks to {_size(unpacked)}, more than the "
                            f"{_size(MAX_WORKBOOK_UNPACKED)} allowed", path)


def workbook_sheets(path: Path, error: type[ReadinessError], *,
                    first_only: bool = False) -> dict[str, list[list[object]]]:
    """Every sheet's values (or the first's), by sheet name, within the limits.

    openpyxl (loaded only here) raises many kinds of exception for a damaged workbook,
    some only once a sheet is read; each is the loader's one-line error.
    """
    check_workbook(path, error)
    import warnings

    import openpyxl

    # openpyxl warns on stderr about what it skips in a damaged workbook ("invalid
    # dependency definitions"); the user gets one line from us instead.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except MemoryError:
            raise
        except Exception as exc:
            raise error(f"not a readable Excel workbook: {_one_line(exc)}",
                        file=path) from None
        sheets: dict[str, list[list[object]]] = {}
        title = ""
        try:
            for sheet in book.worksheets[:1] if first_only else book.worksheets:
                title = str(sheet.title)
                sheets[title] = sheet_rows(sheet, path, error)
        except (ReadinessError, MemoryError):
            raise
        except Exception as exc:
            raise error(f"not a readable Excel workbook: sheet {title!r}: {_one_line(exc)}",
                        file=path) from None
        finally:
            book.close()
    return sheets


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, KeyError):
        text = f"a part it refers to is missing ({text})"
    return text if len(text) <= 200 else text[:199] + "…"


def sheet_rows(sheet: Any, path: Path | str, error: type[ReadinessError]) -> list[list[object]]:
    """The values of an openpyxl read-only sheet, within MAX_ROWS and MAX_COLUMNS.

    openpyxl pads every row to the sheet's declared width and yields every row up to its
    declared height, so both are bounded here; trailing empty cells are dropped. A value
    beyond the limits is refused with the sheet's name; empty formatting beyond them is
    ignored.
    """
    declared_columns = _declared(sheet, "max_column")
    declared_rows = _declared(sheet, "max_row")
    columns = min(declared_columns or MAX_COLUMNS + 1, MAX_COLUMNS + 1)
    rows_wanted = min(declared_rows or MAX_ROWS + 1, MAX_ROWS + 1)
    name = f"sheet {getattr(sheet, 'title', '')!r}"
    if (declared_columns or MAX_COLUMNS + 1) > MAX_COLUMNS \
            or (declared_rows or MAX_ROWS + 1) > MAX_ROWS:
        stray = _value_beyond_limits(sheet)
        if stray:
            raise _error(error, f"{name}: a value in cell {stray}, beyond the limits of "
                                f"{MAX_ROWS:,} rows and {MAX_COLUMNS} columns", path)
    out: list[list[object]] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True, max_col=columns,
                                                    max_row=rows_wanted), start=1):
        row = _trimmed(values)
        if len(row) > MAX_COLUMNS:
            raise _error(error, f"{name}, row {number}: a value beyond column "
                                f"{MAX_COLUMNS} (the limit)", path)
        if number > MAX_ROWS:
            if row:
                raise _error(error, f"{name} has more than {MAX_ROWS:,} rows (the limit)",
                             path)
            break
        out.append(row)
    while out and not out[-1]:
        out.pop()
    return out


def _value_beyond_limits(sheet: Any) -> str | None:
    """The first cell beyond MAX_ROWS or MAX_COLUMNS that holds a value, read from the
    sheet's XML as it streams (nothing is kept), or None.

    Needed only when a sheet is, or may be, larger than the limits: reading it through
    openpyxl to its full width would make every row 16,384 cells.
    """
    from xml.etree.ElementTree import iterparse

    source = sheet._get_source()  # openpyxl's own handle on the sheet's XML
    try:
        for _, element in iterparse(source):
            tag = element.tag.rpartition("}")[2]
            if tag == "c":
                ref = str(element.get("r", ""))
                letters = ref.rstrip("0123456789")
                number = ref[len(letters):]
                column = 0
                for letter in letters.upper()[:4]:
                    column = column * 26 + (ord(letter) - 64)
                beyond = column > MAX_COLUMNS or (number.isascii() and number.isdigit() and (
                    len(number) > 9 or int(number) > MAX_ROWS))
                if beyond and any(child.tag.rpartition("}")[2] in ("v", "is")
                                  and (child.text or len(child)) for child in element):
                    return ref
            elif tag == "row":
                element.clear()
    finally:
        source.close()
    return None


def _declared(sheet: Any, name: str) -> int | None:
    try:
        value = getattr(sheet, name)
    except Exception:  # openpyxl computes these from the sheet's XML, which may be broken
        return None
    return value if isinstance(value, int) and value > 0 else None


def _trimmed(values: Sequence[object] | Iterable[object]) -> list[object]:
    row = list(values)
    if row.count(None) == len(row):  # openpyxl's padding rows: skip them at C speed
        return []
    while row and (row[-1] is None or row[-1] == ""):
        row.pop()
    return row
