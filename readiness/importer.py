"""Bulk-loading responses from the spreadsheets authorities already keep.

Columns: `item, grade, evidence_strength, evidence, note, by` (only `item` is required;
headers are matched without regard to case or spaces). Every row is checked before
anything changes; one bad row means nothing is imported, and every bad row is named
by file, row and column. CSV needs only the standard library; Excel is read with
openpyxl, imported only when an Excel file is given.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from readiness.edits import Editable
from readiness.errors import ErrorList, ImportRowsError, ReadinessError

COLUMNS = ("item", "grade", "evidence_strength", "evidence", "note", "by")


@dataclass
class Row:
    number: int
    cells: dict[str, str]
    letters: dict[str, str] = field(default_factory=dict)

    def where(self, column: str) -> str:
        letter = self.letters.get(column)
        return f"row {self.number}, column {column}" + (f" ({letter})" if letter else "")


@dataclass
class Change:
    item: str
    grade: str | None
    strength: str | None
    evidence: list[str]
    note: str | None
    by: str


def _header(name: object) -> str:
    return re.sub(r"[\s-]+", "_", str(name or "").strip().lower())


def read_rows(path: Path) -> list[Row]:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ReadinessError("no such responses file", file=path)
    if suffix in (".xlsx", ".xlsm"):
        return _excel_rows(path)
    if suffix in (".csv", ".txt"):
        return _csv_rows(path)
    raise ReadinessError("responses must be a CSV (.csv) or Excel (.xlsx) file", file=path)


def _csv_rows(path: Path) -> list[Row]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="cp1252")
    except OSError as exc:
        raise ReadinessError(f"cannot read the file: {exc.strerror}", file=path) from None
    reader = csv.reader(text.splitlines())
    rows = list(reader)
    if not rows:
        raise ReadinessError("the file is empty", file=path)
    headers = [_header(h) for h in rows[0]]
    _check_headers(headers, path)
    return [
        Row(n, {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(headers)})
        for n, cells in enumerate(rows[1:], start=2)
    ]


def _excel_rows(path: Path) -> list[Row]:
    import openpyxl
    from openpyxl.utils import get_column_letter

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        raise ReadinessError(f"cannot read the workbook: {exc}", file=path) from None
    try:
        sheet = book.worksheets[0]
        values = list(sheet.iter_rows(values_only=True))
    finally:
        book.close()
    if not values:
        raise ReadinessError("the first sheet is empty", file=path)
    headers = [_header(h) for h in values[0]]
    _check_headers(headers, path)
    letters = {h: get_column_letter(i + 1) for i, h in enumerate(headers)}
    return [
        Row(n, {h: _cell(cells[i] if i < len(cells) else None) for i, h in enumerate(headers)},
            letters)
        for n, cells in enumerate(values[1:], start=2)
    ]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _check_headers(headers: list[str], path: Path) -> None:
    if "item" not in headers:
        raise ReadinessError(
            "the first row must name the columns, including `item`",
            file=path, line=1,
            hint=f"Expected columns: {', '.join(COLUMNS)}.",
        )


def plan(rows: list[Row], editable: Editable, path: Path, default_by: str) -> list[Change]:
    """Check every row; answer the changes, or raise naming every bad row."""
    errors: list[ReadinessError] = []
    changes: list[Change] = []
    seen: dict[tuple[str, str], int] = {}

    def bad(row: Row, column: str, why: str) -> None:
        errors.append(ImportRowsError(f"{row.where(column)}: {why}", file=path))

    for row in rows:
        cells = row.cells
        if not any(cells.values()):
            continue
        raw_item = cells.get("item", "")
        if not raw_item:
            bad(row, "item", "no item id")
            continue
        try:
            item = editable.item(raw_item).id
        except ReadinessError as error:
            bad(row, "item", error.message)
            continue
        grade = strength = None
        if cells.get("grade"):
            try:
                grade = editable.grade_slug(cells["grade"])
            except ReadinessError as error:
                bad(row, "grade", f"{error.message} ({error.hint})")
        if cells.get("evidence_strength"):
            try:
                strength = editable.strength(cells["evidence_strength"])
            except ReadinessError as error:
                bad(row, "evidence_strength", error.message + " (use none, partial or strong)")
        codes = [c for c in re.split(r"[;,\s]+", cells.get("evidence", "")) if c]
        for code in codes:
            if code not in editable.data.evidence and code not in editable.bank.evidence_map:
                bad(row, "evidence", f"evidence {code!r} is neither in the register nor in the "
                                     "bank's catalogue (add it with `readiness evidence add`)")
        by = cells.get("by") or default_by
        key = (item, by)
        if key in seen:
            bad(row, "item", f"{item} by {by} is already on row {seen[key]}")
        seen[key] = row.number
        changes.append(Change(item, grade, strength, codes, cells.get("note") or None, by))
    if errors:
        raise ErrorList(errors) if len(errors) > 1 else errors[0]
    if not changes:
        raise ReadinessError("the file has no responses to import", file=path)
    return changes


def apply(changes: list[Change], editable: Editable) -> None:
    for change in changes:
        if change.grade is not None:
            editable.score(change.item, change.grade, by=change.by, strength=change.strength,
                           note=change.note, evidence=change.evidence)
            continue
        if change.strength is not None:
            editable.set_strength(change.item, change.strength, by=change.by)
        if change.note is not None:
            editable.set_note(change.item, change.note, by=change.by)
        for code in change.evidence:
            editable.attach(change.item, code)
