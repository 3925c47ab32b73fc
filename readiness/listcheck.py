"""Checking an authority's child-level lists against the format rules its bank gives.

Each problem names the file (and sheet), the row and the column, and the bank's list rule
it breaks where there is one, so a data team can go straight to the cell. Problems are
`error`s (the list does not meet the rule) or `advice` (Annex A would like it otherwise:
CSV instead of Excel, no brothers and sisters for list 8). Nothing is written anywhere.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any, Literal

from readiness.banks import Bank, ChildList, Column, ListRule
from readiness.childlists import ListSet, Row, Table, parse_code, parse_date, parse_number

Severity = Literal["error", "advice"]
SHOWN_CODES = 8
"""How many of a code list's codes a message lists before "…"."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the lists, and exactly where."""

    kind: str
    """A stable slug: missing-list, missing-column, blank, bad-id, bad-date, bad-code,
    bad-number, duplicate-id, id-written-differently, id-details-differ, siblings,
    not-excel."""
    message: str
    file: str
    row: int | None = None
    column: str | None = None
    list_id: str | None = None
    rule: str | None = None
    severity: Severity = "error"

    def where(self) -> str:
        """`list-08.csv, row 12, column Legal status (H)`."""
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CheckResult:
    lists: ListSet
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def advice(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "advice"]

    def rows(self) -> dict[str, int]:
        return {lid: len(t.rows) for lid, t in self.lists.tables.items()}

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": str(self.lists.source),
            "lists": {lid: {"file": t.name, "rows": len(t.rows)}
                      for lid, t in self.lists.tables.items()},
            "missing": self.lists.missing,
            "errors": len(self.errors),
            "advice": len(self.advice),
            "problems": [p.to_dict() for p in self.problems],
        }


def check_lists(bank: Bank, lists: ListSet) -> CheckResult:
    """Every problem with the lists, in list order, then row, then column."""
    rules = {r.check: r for r in bank.list_rules}
    problems: list[Problem] = []
    for lid in lists.missing:
        child_list = bank.child_list_map[lid]
        rule = rules.get("all-lists")
        problems.append(Problem(
            "missing-list",
            f"list {child_list.number} ({_short(child_list.title)}) was not found: expected "
            f"{lid}.csv or {lid}.xlsx, or a sheet named {lid}",
            file=str(lists.source), list_id=lid, rule=rule.id if rule else None))
    for lid, table in lists.tables.items():
        problems += _cells(bank, bank.child_list_map[lid], table, lists, rules.get("codes"))
    for rule in bank.list_rules:
        if rule.check == "one-row":
            problems += _one_row(bank, lists, rule)
        elif rule.check == "same-id":
            problems += _same_id(bank, lists, rule)
        elif rule.check == "siblings":
            problems += _siblings(bank, lists, rule)
        elif rule.check == "excel" and not lists.excel:
            problems.append(Problem(
                "not-excel", "Annex A asks for the lists in Excel: these are CSV (fine for a "
                "rehearsal; send Excel to Ofsted)", file=str(lists.source), rule=rule.id,
                severity="advice"))
    order = {c.id: i for i, c in enumerate(bank.child_lists)}
    problems.sort(key=lambda p: (order.get(p.list_id or "", -1), p.row or 0))
    return CheckResult(lists, problems)


def _short(text: str, size: int = 60) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _cells(bank: Bank, child_list: ChildList, table: Table, lists: ListSet,
           codes_rule: ListRule | None) -> list[Problem]:
    out: list[Problem] = []
    present = []
    for column in child_list.columns:
        if column.key in table.positions:
            present.append(column)
        elif column.required:
            heading = lists.mapping.heading(child_list, column)
            out.append(Problem(
                "missing-column",
                f"no column {heading!r} ({column.key}); the headings in the file are: "
                f"{', '.join(h for h in table.headers if h) or 'none'}",
                file=table.name, row=table.header_row, column=heading,
                list_id=table.list_id))
    for row in table.rows:
        for column in present:
            problem = _cell(bank, column, row, table, lists, codes_rule)
            if problem is not None:
                out.append(problem)
    return out


def _cell(bank: Bank, column: Column, row: Row, table: Table, lists: ListSet,
          codes_rule: ListRule | None) -> Problem | None:
    text = row.cells.get(column.key, "")

    def problem(kind: str, message: str, rule: str | None = None) -> Problem:
        return Problem(kind, message, file=table.name, row=row.number,
                       column=table.column_label(column.key), list_id=table.list_id, rule=rule)

    if not text:
        if column.blank:
            return None
        what = "the child's ID" if column.kind == "id" else "a value"
        return problem("blank", f"empty: {what} is needed here")
    if column.kind == "id" and re.search(r"\s", text):
        return problem("bad-id", f"the ID {text!r} has spaces in it: an ID is one word")
    if column.kind == "date" and parse_date(text) is None:
        return problem("bad-date", f"{text!r} is not a date (write 2026-01-31 or 31/01/2026)")
    if column.kind == "number" and parse_number(text) is None:
        return problem("bad-number", f"{text!r} is not a whole number")
    if column.kind == "code":
        codes = bank.code_list_map[column.codes]
        if parse_code(codes, lists.mapping.translate(column.key, text)) is None:
            shown = ", ".join(c.code for c in codes.codes[:SHOWN_CODES])
            more = ", …" if len(codes.codes) > SHOWN_CODES else ""
            return problem("bad-code", f"{text!r} is not a code of {codes.title}: {shown}{more}",
                           codes_rule.id if codes_rule else None)
    return None


def canonical_id(text: str) -> str:
    """An ID with case, punctuation and leading zeros set aside: `demo-123` ~ `DEMO-000123`."""
    bare = re.sub(r"[^a-z0-9]", "", text.lower())
    return re.sub(r"\d+", lambda m: str(int(m.group())), bare)


def _tables(bank: Bank, lists: ListSet, rule: ListRule) -> list[Table]:
    wanted = rule.lists or [c.id for c in bank.child_lists]
    return [lists.tables[lid] for lid in wanted
            if lid in lists.tables and rule.column in lists.tables[lid].positions]


def _one_row(bank: Bank, lists: ListSet, rule: ListRule) -> list[Problem]:
    out = []
    for table in _tables(bank, lists, rule):
        first: dict[str, int] = {}
        for row in table.rows:
            ident = row.cells.get(rule.column, "")
            if not ident:
                continue
            if ident in first:
                out.append(Problem(
                    "duplicate-id",
                    f"child ID {ident} is also on row {first[ident]}: this list has one row "
                    "for each child (their most recent event)",
                    file=table.name, row=row.number, column=table.column_label(rule.column),
                    list_id=table.list_id, rule=rule.id))
            else:
                first[ident] = row.number
    return out


def _same_id(bank: Bank, lists: ListSet, rule: ListRule) -> list[Problem]:
    """The same child under two spellings of an ID, or one ID with two children's details."""
    out = []
    spelling: dict[str, tuple[str, Table, Row]] = {}
    details: dict[str, dict[str, tuple[str, Table, Row]]] = defaultdict(dict)
    reported: set[tuple[str, str]] = set()
    for table in _tables(bank, lists, rule):
        for row in table.rows:
            ident = row.cells.get(rule.column, "")
            if not ident:
                continue
            key = canonical_id(ident)
            seen = spelling.setdefault(key, (ident, table, row))
            if seen[0] != ident and (table.list_id, ident) not in reported:
                reported.add((table.list_id, ident))
                out.append(Problem(
                    "id-written-differently",
                    f"child ID {ident!r} is written {seen[0]!r} in {seen[1].name} (row "
                    f"{seen[2].number}): use the same ID in every list",
                    file=table.name, row=row.number, column=table.column_label(rule.column),
                    list_id=table.list_id, rule=rule.id))
            for column in rule.agree:
                value = row.cells.get(column, "")
                if not value:
                    continue
                first = details[column].setdefault(key, (value, table, row))
                if first[1] is not table and _differs(first[0], value):
                    out.append(Problem(
                        "id-details-differ",
                        f"child ID {ident} has {column.replace('_', ' ')} {value} here but "
                        f"{first[0]} in {first[1].name} (row {first[2].number}): one ID for "
                        "two children, or one child's details differ",
                        file=table.name, row=row.number, column=table.column_label(column),
                        list_id=table.list_id, rule=rule.id))
    return out


def _differs(a: str, b: str) -> bool:
    da, db = parse_date(a), parse_date(b)
    if da is not None and db is not None:
        return da != db
    return a.strip().lower() != b.strip().lower()


def _siblings(bank: Bank, lists: ListSet, rule: ListRule) -> list[Problem]:
    out = []
    for lid in rule.lists:
        table = lists.tables.get(lid)
        if table is None or rule.column in table.positions:
            continue
        extra = lists.extras.get(f"{lid}-siblings")
        if extra is None:
            number = bank.child_list_map[lid].number
            out.append(Problem(
                "siblings",
                f"list {number} gives no number of brothers and sisters: add a column, or a "
                f"separate sheet or file {lid}-siblings with each child's ID and the number",
                file=table.name, row=table.header_row, list_id=lid, rule=rule.id,
                severity="advice"))
            continue
        id_key = next((c.key for c in bank.child_list_map[lid].columns if c.kind == "id"),
                      "child_id")
        known = {r.cells.get(id_key, "") for r in table.rows}
        for row in extra.rows:
            ident = row.cells.get(id_key, "")
            if ident and ident not in known:
                out.append(Problem(
                    "siblings",
                    f"child ID {ident} is not in list {bank.child_list_map[lid].number}",
                    file=extra.name, row=row.number, column=extra.column_label(id_key),
                    list_id=lid, rule=rule.id))
            count = row.cells.get(rule.column, "")
            if count and parse_number(count) is None:
                out.append(Problem(
                    "bad-number", f"{count!r} is not a whole number", file=extra.name,
                    row=row.number, column=extra.column_label(rule.column), list_id=lid,
                    rule=rule.id))
    return out
