"""The authority's Annex A child-level lists: found, read and mapped to the bank's columns.

An authority sends its lists as one file per list (`list-01.csv` ... `list-11.csv`, or
`.xlsx`) or as one workbook with a sheet per list ("list-08", "List 8" or "8"). Its column
headings are its own: a small TOML mapping file says which of its headings is which of the
bank's columns, and without one the bank's own headings (`[[child_list]].columns`) are
expected. Headings match without regard to case or spacing.

Nothing here judges the lists (`listcheck` does) or draws from them (`sampling` does): this
module only turns files into `Table`s of text cells, each row keeping its number in the file
so every problem can be named by file, row and column. CSV needs only the standard library;
Excel is read with openpyxl, imported only when a workbook is opened.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from readiness.banks import Bank, ChildList, CodeList, Column
from readiness.errors import ReadinessError

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
LIST_SUFFIXES = (".csv", *EXCEL_SUFFIXES)
EXTRA_SEPARATOR = "-"
"""`list-08-siblings`: an extra table for a list (Annex A lets list 8's brothers and sisters
come on a separate sheet)."""


class MappingError(ReadinessError):
    title = "Mapping file problem"


class ListsError(ReadinessError):
    title = "Lists problem"


def fold(text: object) -> str:
    """How headings and codes are compared: case, spacing and surrounding quotes ignored."""
    return re.sub(r"\s+", " ", str(text if text is not None else "")).strip().strip("'\"").lower()


# --- the mapping file -------------------------------------------------------------------


class _MappingFile(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    workbook: str = ""
    headings: dict[str, str | dict[str, str]] = {}
    files: dict[str, str] = {}
    values: dict[str, dict[str, str]] = {}


@dataclass(frozen=True)
class Mapping:
    """Which of the authority's headings is which column, and where each list is.

    `headings["*"]` holds the headings used in every list; `headings["list-08"]` those of
    one list. `values[column]` translates the authority's own codes to the bank's.
    """

    headings: dict[str, dict[str, str]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    workbook: str = ""
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    path: Path | None = None

    def heading(self, child_list: ChildList, column: Column) -> str:
        """The heading expected: the list's own mapping, else the shared one, else the bank's."""
        return self.candidates(child_list, column)[0]

    def candidates(self, child_list: ChildList, column: Column) -> list[str]:
        """Headings accepted for a column, best first (the bank's own is always accepted)."""
        own = self.headings.get(child_list.id, {}).get(column.key)
        shared = self.headings.get("*", {}).get(column.key)
        return [h for h in (own, shared, column.heading, column.key) if h]

    def translate(self, key: str, value: str) -> str:
        table = self.values.get(key)
        if not table:
            return value
        return table.get(fold(value), value)


def load_mapping(bank: Bank, path: Path | None) -> Mapping:
    """The mapping file at `path` checked against the bank, or the default (no file)."""
    if path is None:
        return Mapping()
    import tomllib

    from readiness import limits
    from readiness.tomlpos import TomlPositions, toml_error, validation_error

    try:
        text = limits.read_text(path, limits.MAPPING, MappingError)
    except FileNotFoundError:
        raise MappingError("no such mapping file", file=path) from None
    limits.check_toml(text, path, limits.MAPPING, MappingError)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message, line = toml_error(str(exc), text)
        raise MappingError(f"not valid TOML: {message}", file=path, line=line) from None
    try:
        shape = msgspec.convert(raw, _MappingFile)
    except msgspec.ValidationError as exc:
        where, line, detail = validation_error(str(exc), text)
        label = ".".join(str(p) for p in where)
        raise MappingError(f"{label}: {detail}" if label else detail, file=path,
                           line=line) from None
    pos = TomlPositions(text)
    lists = bank.child_list_map
    keys = {c.key for cl in bank.child_lists for c in cl.columns}
    coded = {c.key for cl in bank.child_lists for c in cl.columns if c.kind == "code"}

    def fail(message: str, *where: str) -> MappingError:
        return MappingError(message, file=path, line=pos.line_of(where),
                            hint=f"Print the default with `readiness lists mapping "
                                 f"--framework {bank.id}`.")

    headings: dict[str, dict[str, str]] = {"*": {}}
    for name, value in shape.headings.items():
        if isinstance(value, dict):
            if name not in lists:
                raise fail(f"[headings.{name}]: {name!r} is not a list of {bank.id} "
                           f"({', '.join(lists)})", "headings", name)
            for key in value:
                if lists[name].column(key) is None:
                    raise fail(f"{name!r} has no column {key!r}", "headings", name, key)
            headings[name] = dict(value)
        elif name not in keys:
            raise fail(f"no list of {bank.id} has a column {name!r}", "headings", name)
        else:
            headings["*"][name] = value
    for name in shape.files:
        base = name.split(EXTRA_SEPARATOR + "siblings")[0]
        if base not in lists:
            raise fail(f"[files]: {name!r} is not a list of {bank.id}", "files", name)
    values: dict[str, dict[str, str]] = {}
    for key, table in shape.values.items():
        if key not in coded:
            raise fail(f"[values.{key}]: no list of {bank.id} has a coded column {key!r}",
                       "values", key)
        values[key] = {fold(theirs): ours for theirs, ours in table.items()}
    return Mapping(headings=headings, files=dict(shape.files), workbook=shape.workbook,
                   values=values, path=path)


def default_mapping(bank: Bank) -> str:
    """A mapping file giving every column its default heading: a template to edit."""
    lines = [
        f"# Column headings of your Annex A lists for `readiness lists` ({bank.id}).",
        "# Change a heading on the right to the one in your file; delete lines you keep.",
        "# A heading under [headings] applies to every list; under [headings.list-NN], to one.",
        "",
        "# workbook = \"Annex A.xlsx\"      # one workbook, a sheet per list",
        "",
        "[files]                           # a list's file (or sheet) when not list-NN.csv",
        "# list-08 = \"CLA extract.xlsx\"",
        "",
        "[values]                          # your own codes, translated to the bank's",
        "# legal_status = { \"Full care order\" = \"C2\" }",
        "",
        "[headings]",
    ]
    shared: dict[str, str] = {}
    for child_list in bank.child_lists:
        for column in child_list.columns:
            shared.setdefault(column.key, column.heading)
    for key, heading in shared.items():
        lines.append(f"{key} = {_toml_string(heading)}")
    for child_list in bank.child_lists:
        own = [c for c in child_list.columns if shared.get(c.key) != c.heading]
        if own:
            lines += ["", f"[headings.{child_list.id}]"]
            lines += [f"{c.key} = {_toml_string(c.heading)}" for c in own]
    return "\n".join(lines) + "\n"


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- tables -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    number: int
    """The row's number in the file or sheet (the heading row is 1 where it is first)."""
    cells: dict[str, str]
    """Column key to the cell's text, for the columns the file has."""


@dataclass(frozen=True)
class Table:
    """One list as read: its rows, and where each of the bank's columns sits in the file."""

    list_id: str
    file: Path
    sheet: str | None
    header_row: int
    headers: list[str]
    positions: dict[str, int]
    """Column key to its 0-based position in the file."""
    rows: list[Row]

    @property
    def name(self) -> str:
        """The file (and sheet) as a person would find it: `list-08.csv`, `AA.xlsx [List 8]`."""
        return f"{self.file.name} [{self.sheet}]" if self.sheet else self.file.name

    def column_label(self, key: str, heading: str = "") -> str:
        """`Legal status (H)`: the heading in the file and its spreadsheet letter."""
        index = self.positions.get(key)
        if index is None:
            return heading or key
        return f"{self.headers[index]} ({column_letter(index)})"


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA, as spreadsheets name columns."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class ListSet:
    """Every list found for a bank, and what was not found."""

    source: Path
    tables: dict[str, Table]
    missing: list[str]
    extras: dict[str, Table]
    """Extra tables for a list (`list-08-siblings`), by name."""
    excel: bool
    """Whether the lists came from Excel (Annex A asks for Excel)."""
    mapping: Mapping


def read_lists(bank: Bank, source: Path, mapping: Mapping | None = None) -> ListSet:
    """Find and read the bank's child-level lists in a folder or a workbook."""
    mapping = mapping or Mapping()
    if not bank.child_lists:
        raise ListsError(f"the {bank.id} bank has no child-level lists")
    try:
        source.stat()
    except FileNotFoundError:
        raise ListsError("no such folder or workbook", file=source) from None
    except OSError as exc:
        raise ListsError(f"cannot open: {exc.strerror or exc}", file=source) from None
    workbook = _workbook(source, mapping)
    tables: dict[str, Table] = {}
    extras: dict[str, Table] = {}
    if workbook is not None:
        sheets = _excel_sheets(workbook)
        for child_list in bank.child_lists:
            for name, target in ((child_list.id, tables),
                                 (f"{child_list.id}{EXTRA_SEPARATOR}siblings", extras)):
                sheet = _pick_sheet(sheets, name, child_list.number, mapping)
                if sheet is not None:
                    target[name] = _table(child_list, mapping, workbook, sheet,
                                          sheets[sheet], name)
    else:
        for child_list in bank.child_lists:
            for name, target in ((child_list.id, tables),
                                 (f"{child_list.id}{EXTRA_SEPARATOR}siblings", extras)):
                path = _pick_file(source, name, mapping)
                if path is not None:
                    target[name] = _read_file(child_list, mapping, path, name)
    if not tables:
        raise ListsError(
            "no Annex A lists found here",
            file=source,
            hint="Name the files list-01.csv ... list-11.csv (or .xlsx), or give one workbook "
                 "with a sheet per list; `readiness lists demo DIR` writes an example.",
        )
    missing = [c.id for c in bank.child_lists if c.id not in tables]
    excel = all(t.file.suffix.lower() in EXCEL_SUFFIXES for t in tables.values())
    return ListSet(source=source, tables=tables, missing=missing, extras=extras, excel=excel,
                   mapping=mapping)


def _is_file(path: Path) -> bool:
    """Whether `path` is a file; a folder that cannot be looked into is one line."""
    try:
        return path.is_file()
    except OSError as exc:  # Python 3.11 raises for a folder without permission
        raise ListsError(f"cannot open: {exc.strerror or exc}", file=path) from None


def _workbook(source: Path, mapping: Mapping) -> Path | None:
    if _is_file(source):
        if source.suffix.lower() not in EXCEL_SUFFIXES:
            raise ListsError("give a folder of lists or one Excel workbook (.xlsx)", file=source)
        return source
    if mapping.workbook:
        path = source / mapping.workbook
        if not _is_file(path):
            raise ListsError("the mapping names a workbook that is not in the folder", file=path)
        return path
    return None


def _pick_file(folder: Path, name: str, mapping: Mapping) -> Path | None:
    if name in mapping.files:
        path = folder / mapping.files[name]
        if not _is_file(path):
            raise ListsError(f"the mapping names this file for {name}, but it is not there",
                             file=path)
        return path
    try:
        by_name = {p.name.lower(): p for p in folder.iterdir() if _is_file(p)}
    except OSError as exc:
        raise ListsError(f"cannot list the folder: {exc.strerror or exc}",
                         file=folder) from None
    for suffix in LIST_SUFFIXES:
        found = by_name.get(f"{name}{suffix}")
        if found is not None:
            return found
    return None


def _pick_sheet(sheets: dict[str, list[list[object]]], name: str, number: int,
                mapping: Mapping) -> str | None:
    wanted = mapping.files.get(name)
    if wanted is not None:
        for sheet in sheets:
            if fold(sheet) == fold(wanted):
                return sheet
        return None
    extra = name.partition(f"list-{number:02d}")[2]
    for sheet in sheets:
        label = re.sub(r"[\s_]+", "-", fold(sheet))
        match = re.fullmatch(r"(?:list)?-?0*(\d+)(-.+)?", label)
        if match and int(match.group(1)) == number and (match.group(2) or "") == extra:
            return sheet
    return None


def _read_file(child_list: ChildList, mapping: Mapping, path: Path, name: str) -> Table:
    if path.suffix.lower() in EXCEL_SUFFIXES:
        sheets = _excel_sheets(path)
        first = next(iter(sheets), None)
        if first is None:
            raise ListsError("the workbook has no sheets", file=path)
        return _table(child_list, mapping, path, None, sheets[first], name)
    return _table(child_list, mapping, path, None, _csv_rows(path), name)


def _csv_rows(path: Path) -> list[list[object]]:
    from readiness import limits

    try:
        data = limits.read_bytes(path, limits.TABLE, ListsError)
    except FileNotFoundError:  # listed a moment ago, gone now
        raise ListsError("the file was there a moment ago but is gone", file=path) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return [list(row) for row in limits.csv_rows(text, path, ListsError)]


def _excel_sheets(path: Path) -> dict[str, list[list[object]]]:
    from readiness import limits

    return limits.workbook_sheets(path, ListsError)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(child_list: ChildList, mapping: Mapping, path: Path, sheet: str | None,
           raw: list[list[object]], name: str) -> Table:
    header_at = next((i for i, r in enumerate(raw) if any(_cell_text(c) for c in r)), None)
    if header_at is None:
        return Table(name, path, sheet, 1, [], {}, [])
    headers = [_cell_text(c) for c in raw[header_at]]
    folded = [fold(h) for h in headers]
    positions: dict[str, int] = {}
    for column in child_list.columns:
        for wanted in mapping.candidates(child_list, column):
            if fold(wanted) in folded:
                positions[column.key] = folded.index(fold(wanted))
                break
    rows = []
    for n, values in enumerate(raw[header_at + 1:], start=header_at + 2):
        texts = [_cell_text(v) for v in values]
        if not any(texts):
            continue
        cells = {key: (texts[i] if i < len(texts) else "") for key, i in positions.items()}
        rows.append(Row(n, cells))
    return Table(name, path, sheet, header_at + 1, headers, positions, rows)


# --- reading a cell ----------------------------------------------------------------------

_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%dT%H:%M:%S",
                 "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S")


_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_UK_DATE = re.compile(r"([0-9]{2})/([0-9]{2})/([0-9]{4})")


def parse_date(text: str) -> dt.date | None:
    """A date as lists give it: 2026-01-31 or 31/01/2026 (day first, as in England)."""
    value = text.strip()
    if len(value) < 8 or not value[:1].isdigit():  # every form: a digit, then 8 or more
        return None
    # The two shapes nearly every cell has, without strptime (which is slow to fail:
    # checking a large authority's lists took seconds in it).
    iso, uk = _ISO_DATE.fullmatch(value), _UK_DATE.fullmatch(value)
    if iso or uk:
        year, month, day = (iso.group(1, 2, 3) if iso else uk.group(3, 2, 1))  # type: ignore[union-attr]
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            return None
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def parse_number(text: str) -> int | None:
    value = text.strip()
    if re.fullmatch(r"\d+(\.0+)?", value):
        return int(float(value))
    return None


def parse_code(codes: CodeList, text: str) -> str | None:
    """The code a cell holds: `C2`, `C2: Full care order`, `C2 - ...` or the meaning alone."""
    value = fold(text)
    known, by_label = _code_index(codes)
    if value in known:
        return known[value]
    head = re.split(r"\s*[:\-–)]\s*|\s+", value, maxsplit=1)[0]
    if head in known:
        return known[head]
    return by_label.get(value)


_CODE_INDEX: dict[int, tuple[CodeList, dict[str, str], dict[str, str]]] = {}


def _code_index(codes: CodeList) -> tuple[dict[str, str], dict[str, str]]:
    """A code list's codes and meanings, folded, built once per list rather than per cell
    (a large authority's lists have hundreds of thousands of coded cells)."""
    found = _CODE_INDEX.get(id(codes))
    if found is None or found[0] is not codes:
        if len(_CODE_INDEX) > 256:
            _CODE_INDEX.clear()
        found = (codes, {c.code.lower(): c.code for c in codes.codes},
                 {fold(c.label): c.code for c in codes.codes})
        _CODE_INDEX[id(codes)] = found
    return found[1], found[2]
