"""Bulk-loading responses from the spreadsheets authorities already keep.

Columns: `item, grade, evidence_strength, evidence, note, by, cases` (only `item` is
required; headers are matched without regard to case or spaces, and the names people
use in their own templates are understood: `notes`, `rationale`, `comments` for `note`,
`assessor`, `name` for `by` and so on). A column it does not know is refused, never
dropped silently. Every row is checked before anything changes; one bad row means
nothing is imported, and every bad row is named by file, row and column (the first
SHOWN problems in full, the rest counted; the check stops after STOP_AFTER bad rows).
CSV needs only the standard library; Excel is read with openpyxl, imported only when an
Excel file is given.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from readiness import limits
from readiness.assessment import Audit
from readiness.edits import Editable, audit_time, is_not_applicable
from readiness.errors import ErrorList, ImportRowsError, ReadinessError

COLUMNS = ("item", "grade", "evidence_strength", "evidence", "note", "by", "cases", "serious")
ALIASES = {
    "notes": "note", "rationale": "note", "comments": "note", "comment": "note",
    "assessor": "by", "name": "by",
    "strength": "evidence_strength",
    "case": "cases",
    "serious_failure": "serious",
}
YES = ("yes", "y", "true", "1", "x")
NO = ("no", "n", "false", "0", "")
"""Other names for the columns, as authorities' own templates head them."""
_T = TypeVar("_T")


@dataclass(frozen=True)
class Layout:
    """The columns a kind of spreadsheet has: responses, or case audits."""

    what: str
    """What the rows are, for messages ("responses", "audits")."""
    columns: tuple[str, ...]
    aliases: dict[str, str]
    required: tuple[str, ...]


RESPONSES = Layout("responses", COLUMNS, ALIASES, ("item",))
AUDIT_COLUMNS = ("case", "item", "grade", "note", "by", "date")
AUDITS = Layout("audits", AUDIT_COLUMNS, {
    "case_id": "case", "case_ref": "case", "case_reference": "case",
    "notes": "note", "comments": "note", "comment": "note", "finding": "note",
    "findings": "note",
    "auditor": "by", "assessor": "by", "name": "by",
    "audit_date": "date", "audited": "date", "when": "date",
}, ("case", "item", "grade"))
"""`readiness audit import`: one audit a row."""


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
    cases: list[str] = field(default_factory=list)
    not_applicable: bool = False
    serious: bool | None = None


SHOWN = 20
"""Problems an import lists in full; the rest are counted in one last line."""
STOP_AFTER = 1_000
"""Rows with problems after which an import stops checking: a file of 100,000 bad rows
is refused in a moment, with a message a person can read, instead of after a minute."""


class _Problems:
    """The bad rows an import finds: the first SHOWN named by row and column, the rest
    counted, and the check stopped once STOP_AFTER rows have problems."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.listed: list[ReadinessError] = []
        self.more = 0
        self.rows = 0
        self.listed_rows = 0
        self._last_row = 0
        self.stopped_at: int | None = None

    def add(self, row: Row, column: str, why: str) -> None:
        if row.number != self._last_row:
            self.rows += 1
            self._last_row = row.number
        if len(self.listed) < SHOWN:
            self.listed.append(ImportRowsError(f"{row.where(column)}: {why}", file=self.path))
            self.listed_rows = self.rows
        else:
            self.more += 1

    def enough(self, row: Row) -> bool:
        """Whether to stop before checking `row`: STOP_AFTER rows already have problems."""
        if self.rows >= STOP_AFTER:
            self.stopped_at = row.number
        return self.stopped_at is not None

    def raise_any(self) -> None:
        if not self.listed:
            return
        if not self.more and self.stopped_at is None:
            raise ErrorList(self.listed) if len(self.listed) > 1 else self.listed[0]
        rest = self.rows - self.listed_rows
        more = (f"and {self.more:,} more problem{'s' if self.more > 1 else ''}"
                + (f" on {rest:,} more row{'s' if rest > 1 else ''}" if rest else "")
                + ", not listed.")
        if self.stopped_at is not None:
            more += (f" The check stopped at row {self.stopped_at:,}, after {self.rows:,} "
                     "rows with problems.")
        raise ErrorList(self.listed, more=more + " Fix the file and import it again.")


def _header(name: object) -> str:
    return re.sub(r"[\s-]+", "_", str(name or "").strip().lower())


def read_rows(path: Path, layout: Layout = RESPONSES) -> list[Row]:
    """The rows of a CSV or Excel file, within the limits (`readiness.limits`)."""
    suffix = path.suffix.lower()
    try:
        found = path.stat()
    except FileNotFoundError:
        raise ReadinessError(f"no such {layout.what} file", file=path) from None
    except OSError as exc:
        raise ReadinessError(f"cannot open the {layout.what} file: {exc.strerror or exc}",
                             file=path) from None
    if stat.S_ISDIR(found.st_mode):
        raise ReadinessError("this is a folder, not a CSV or Excel file", file=path)
    if suffix in (".xlsx", ".xlsm"):
        return _excel_rows(path, layout)
    if suffix in (".csv", ".txt"):
        return _csv_rows(path, layout)
    raise ReadinessError(f"{layout.what} must be a CSV (.csv) or Excel (.xlsx) file", file=path)


def _csv_rows(path: Path, layout: Layout) -> list[Row]:
    try:
        data = limits.read_bytes(path, limits.TABLE, ReadinessError)
    except FileNotFoundError:
        raise ReadinessError(f"no such {layout.what} file", file=path) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:  # saved by Excel on Windows
        text = data.decode("cp1252", errors="replace")
    # The limits (131,072 characters a cell, rows, columns), a broken quote: one line
    # saying where, never a crash.
    rows = limits.csv_rows(text, path, ReadinessError)
    if not rows:
        raise ReadinessError("the file is empty", file=path)
    headers = _check_headers(rows[0], path, {}, layout)
    _refuse_unnamed_data(headers, rows[1:], path, {}, layout)
    return [
        Row(n, {h: (cells[i].strip() if i < len(cells) else "")
                for i, h in enumerate(headers) if h})
        for n, cells in enumerate(rows[1:], start=2)
    ]


def _excel_rows(path: Path, layout: Layout) -> list[Row]:
    from openpyxl.utils import get_column_letter

    try:
        sheets = limits.workbook_sheets(path, ReadinessError, first_only=True)
    except FileNotFoundError:
        raise ReadinessError(f"no such {layout.what} file", file=path) from None
    values = next(iter(sheets.values()), [])
    if not values:
        raise ReadinessError("the first sheet is empty", file=path)
    letters = {i: get_column_letter(i + 1) for i in range(len(values[0]))}
    headers = _check_headers(values[0], path, letters, layout)
    _refuse_unnamed_data(headers, values[1:], path, letters, layout)
    return [
        Row(n, {h: _cell(cells[i] if i < len(cells) else None)
                for i, h in enumerate(headers) if h},
            {h: letters[i] for i, h in enumerate(headers) if h})
        for n, cells in enumerate(values[1:], start=2)
    ]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _check_headers(raw: Sequence[object], path: Path, letters: dict[int, str],
                   layout: Layout = RESPONSES) -> list[str]:
    """The column each header means ("" for an unnamed, unused column), or one error."""
    headers = [_header(h) for h in raw]
    known = [layout.aliases.get(h, h) for h in headers]
    where = [f"{str(h).strip()!r}" + (f" ({letters[i]})" if i in letters else "")
             for i, h in enumerate(raw)]
    unknown = [where[i] for i, h in enumerate(known) if h and h not in layout.columns]
    seen: dict[str, int] = {}
    twice = []
    for i, h in enumerate(known):
        if h in seen:
            twice.append(f"{where[seen[h]]} and {where[i]} both mean {h}")
        elif h:
            seen[h] = i
    problems = []
    if unknown:
        problems.append(f"readiness does not know the column{'s' if len(unknown) > 1 else ''} "
                        f"{', '.join(unknown)}")
    problems.extend(twice)
    missing = [c for c in layout.required if c not in known]
    if missing:
        problems.append(f"there is no {' or '.join(f'`{c}`' for c in missing)} column"
                        f"{'s' if len(missing) > 1 else ''} (the first row must name the "
                        "columns)")
    if problems:
        also = "; ".join(f"{', '.join(a for a, c in layout.aliases.items() if c == column)} "
                         f"for {column}" for column in dict.fromkeys(layout.aliases.values()))
        raise ReadinessError(
            f"{'; '.join(problems)}. The columns it knows: {', '.join(layout.columns)} (also "
            f"{also}); nothing was imported",
            file=path, line=1,
        )
    return known


def _refuse_unnamed_data(headers: list[str], rows: Sequence[Sequence[object]], path: Path,
                         letters: dict[int, str], layout: Layout = RESPONSES) -> None:
    """A column with data but no name in the first row would be dropped: refuse it."""
    for n, cells in enumerate(rows, start=2):
        for i, value in enumerate(cells):
            if (i >= len(headers) or not headers[i]) and _cell(value):
                column = letters.get(i, f"{i + 1}")
                raise ReadinessError(
                    f"row {n}, column {column} holds {_cell(value)[:30]!r} but the column has "
                    f"no name in the first row; name it ({', '.join(layout.columns)}) or "
                    "delete it; "
                    "nothing was imported", file=path)


def plan(rows: list[Row], editable: Editable, path: Path, default_by: str) -> list[Change]:
    """Check every row; answer the changes, or raise naming every bad row."""
    problems = _Problems(path)
    bad = problems.add
    changes: list[Change] = []
    seen: dict[tuple[str, str], int] = {}

    for row in rows:
        if problems.enough(row):
            break
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
        not_applicable = False
        if cells.get("grade") and is_not_applicable(cells["grade"]):
            not_applicable = True
        elif cells.get("grade"):
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
        # Case IDs have no spaces, so "Jane Smith" stays one (refused) value, not two IDs.
        cases = [c.strip() for c in re.split(r"[;,\n]+", cells.get("cases", "")) if c.strip()]
        for case in cases:
            try:
                editable.case_id(case)
            except ReadinessError as error:
                bad(row, "cases", f"{error.message} (IDs from your case system, never names)")
        serious = _serious(row, cells.get("serious", ""), grade, editable, bad)
        by = cells.get("by") or default_by
        key = (item, by)
        if key in seen:
            bad(row, "item", f"{item} by {by} is already on row {seen[key]}")
        seen[key] = row.number
        changes.append(Change(item, grade, strength, codes, cells.get("note") or None, by,
                              cases, not_applicable, serious))
    problems.raise_any()
    if not changes:
        raise ReadinessError("the file has no responses to import", file=path)
    return changes


def _serious(row: Row, text: str, grade: str | None, editable: Editable,
             bad: Callable[[Row, str, str], None]) -> bool | None:
    """The `serious` cell: yes/no, true/false, y/n (blank is no); only on the worst grade."""
    value = text.strip().lower()
    if value not in YES + NO:
        bad(row, "serious", f"{text!r} is not yes or no (yes, no, true, false, y, n; blank "
                            "is no)")
        return None
    if value in NO:
        return None if not value else False
    worst = editable.bank.scale[-1]
    if editable.bank.rules.serious is None:
        bad(row, "serious", f"{editable.bank.title} has no serious failures")
    elif grade != worst.slug:
        bad(row, "serious", f"only a grade of {worst.label.lower()} can be a serious failure "
                            "(children harmed or at risk of harm)")
    return True


def apply(changes: list[Change], editable: Editable) -> None:
    with editable.bulk():
        for change in changes:
            _apply(change, editable)


def _apply(change: Change, editable: Editable) -> None:
    if change.grade is not None:
        editable.score(change.item, change.grade, by=change.by, strength=change.strength,
                       note=change.note, evidence=change.evidence, cases=change.cases,
                       serious=change.serious)
        return
    if change.not_applicable:
        editable.mark_not_applicable(change.item, note=change.note, by=change.by)
    elif change.note is not None:
        editable.set_note(change.item, change.note, by=change.by)
    if change.strength is not None:
        editable.set_strength(change.item, change.strength, by=change.by)
    for code in change.evidence:
        editable.attach(change.item, code)
    editable.add_cases(change.item, change.cases)


# --- case audits -------------------------------------------------------------------


def plan_audits(rows: list[Row], editable: Editable, path: Path,
                default_by: str) -> list[Audit]:
    """Check every audit row; answer the audits to record, or raise naming every bad row.

    Columns: case, item, grade (required), note, by (default: whoever imports), date
    (default: today). A case that is not an ID (a name) is refused like everywhere else.
    """
    problems = _Problems(path)
    bad = problems.add
    audits: list[Audit] = []
    seen: dict[tuple[str, str, str, date], int] = {}
    taken: set[str] = set()

    def attempt(row: Row, column: str, read: Callable[[str], _T]) -> _T | None:
        text = row.cells.get(column, "")
        if not text and column in AUDITS.required:
            bad(row, column, f"no {column}")
            return None
        try:
            return read(text)
        except ReadinessError as error:
            hint = ("IDs from your case system, never names" if column == "case"
                    else (error.hint or "").rstrip("."))
            bad(row, column, f"{error.message} ({hint})" if hint else error.message)
            return None

    for row in rows:
        if problems.enough(row):
            break
        if not any(row.cells.values()):
            continue
        case = attempt(row, "case", editable.case_id)
        item = attempt(row, "item", lambda text: editable.item(text).id)
        grade = attempt(row, "grade", editable.audit_grade)
        at = attempt(row, "date", lambda text: audit_time(text or None))
        if case is None or item is None or grade is None or at is None:
            continue
        by = row.cells.get("by") or default_by
        key = (case, item, by, at.date())
        if key in seen:
            bad(row, "case", f"{case} on {item} by {by} on {at:%d/%m/%Y} is already on row "
                             f"{seen[key]}")
            continue
        seen[key] = row.number
        try:
            audit = editable.new_audit(case, item, grade, by=by, note=row.cells.get("note", ""),
                                       when=at.date() if row.cells.get("date") else None,
                                       taken=taken)
        except ReadinessError as error:  # already recorded in the assessment
            bad(row, "case", f"{error.message} ({error.hint})" if error.hint else error.message)
            continue
        taken.add(audit.id)
        audits.append(audit)
    problems.raise_any()
    if not audits:
        raise ReadinessError("the file has no audits to import", file=path)
    return audits


def apply_audits(audits: list[Audit], editable: Editable) -> None:
    for audit in audits:
        editable.record_audit(audit)
