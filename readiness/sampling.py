"""Drawing a case sample from the child-level lists, as a bank's sample profile describes it.

A profile (`[[sample]]`) asks for so many children of each kind: twelve looked after, two
of them placed out of the authority, and so on. The draw is deterministic: the same lists
and the same seed give the same sample, another seed another. Each chosen child carries the
rule it was chosen for. A rule the lists cannot meet is not an error: the sample is still
drawn as far as it goes and says which rule is short, and by how many, so a manager sees
at once what their lists lack.

The rules within another are drawn first (the two placed out of the authority before the
rest of the twelve looked after), each child for one rule only, then the profile's `pool`
tops it up to its total.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from readiness.assessment import today as current_day
from readiness.banks import Bank, Condition, SampleProfile, SampleRule
from readiness.childlists import ListSet, Row, parse_code, parse_date, parse_number
from readiness.errors import ReadinessError

POOL = "pool"
"""The rule name of children drawn to top a sample up to its total."""


class UnknownProfile(ReadinessError):
    title = "No such sample profile"


@dataclass(frozen=True)
class Child:
    """A child as the lists show them: their rows in each list they are in."""

    id: str
    rows: dict[str, list[Row]]


@dataclass(frozen=True)
class Pick:
    child_id: str
    profile: str
    rule: str
    label: str
    """What the child was chosen as, in plain words ("looked after, placed out of ...")."""
    source: str
    lists: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"child_id": self.child_id, "profile": self.profile, "rule": self.rule,
                "satisfies": self.label, "source": self.source, "lists": self.lists}


@dataclass(frozen=True)
class Shortfall:
    profile: str
    rule: str
    label: str
    wanted: int
    found: int

    @property
    def short(self) -> int:
        return self.wanted - self.found

    def message(self) -> str:
        return (f"{self.profile} · {self.rule} ({self.label}): {self.short} short: wanted "
                f"{self.wanted}, the lists have {self.found} more who fit")

    def to_dict(self) -> dict[str, Any]:
        return {"profile": self.profile, "rule": self.rule, "label": self.label,
                "wanted": self.wanted, "found": self.found, "short": self.short}


@dataclass(frozen=True)
class Sample:
    profile: SampleProfile
    seed: int
    as_of: dt.date
    picks: list[Pick]
    shortfalls: list[Shortfall]

    @property
    def complete(self) -> bool:
        return not self.shortfalls

    def to_dict(self) -> dict[str, Any]:
        return {
            "profile": self.profile.id,
            "title": self.profile.title,
            "seed": self.seed,
            "lists_date": self.as_of.isoformat(),
            "complete": self.complete,
            "size": len(self.picks),
            "total": self.profile.total,
            "shortfalls": [s.to_dict() for s in self.shortfalls],
            "children": [p.to_dict() for p in self.picks],
        }


def profile(bank: Bank, name: str) -> SampleProfile:
    found = bank.sample_map.get(name)
    if found is None:
        known = ", ".join(bank.sample_map) or "none"
        raise UnknownProfile(f"no sample profile called {name!r} in {bank.id}",
                             hint=f"Profiles of {bank.id}: {known}.")
    return found


def children(bank: Bank, lists: ListSet) -> dict[str, Child]:
    """Every child ID in the lists (the columns of kind "id"), with their rows by list."""
    out: dict[str, dict[str, list[Row]]] = {}
    for lid, table in lists.tables.items():
        keys = [c.key for c in bank.child_list_map[lid].columns if c.kind == "id"]
        for row in table.rows:
            for key in keys:
                ident = row.cells.get(key, "")
                if ident:
                    out.setdefault(ident, {}).setdefault(lid, []).append(row)
    return {ident: Child(ident, rows) for ident, rows in out.items()}


def lists_date(bank: Bank, lists: ListSet, today: dt.date | None = None) -> dt.date:
    """The lists' own date: the newest date in them that is not after today."""
    today = today or current_day()
    newest: dt.date | None = None
    for lid, table in lists.tables.items():
        keys = [c.key for c in bank.child_list_map[lid].columns if c.kind == "date"]
        for row in table.rows:
            for key in keys:
                day = parse_date(row.cells.get(key, ""))
                if day is not None and day <= today and (newest is None or day > newest):
                    newest = day
    return newest or today


def months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


class _Matcher:
    def __init__(self, bank: Bank, lists: ListSet, as_of: dt.date) -> None:
        self.bank = bank
        self.lists = lists
        self.as_of = as_of

    def matches(self, child: Child, conditions: Iterable[Condition]) -> bool:
        return all(self._one(child, c) for c in conditions)

    def _one(self, child: Child, condition: Condition) -> bool:
        rows = [row for lid in condition.lists for row in child.rows.get(lid, [])]
        if condition.absent:
            return not rows
        if not condition.column:
            return bool(rows)
        return any(self._cell(condition, lid, row) for lid in condition.lists
                   for row in child.rows.get(lid, []))

    def _cell(self, condition: Condition, lid: str, row: Row) -> bool:
        column = self.bank.child_list_map[lid].column(condition.column)
        if column is None or condition.column not in row.cells:
            return False
        text = row.cells[condition.column]
        if condition.blank is not None:
            return (not text) == condition.blank
        if not text:
            return False
        if condition.any_of:
            codes = self.bank.code_list_map.get(column.codes)
            value = self.lists.mapping.translate(column.key, text)
            code = parse_code(codes, value) if codes else value
            return code is not None and code.upper() in {c.upper() for c in condition.any_of}
        if condition.at_least is not None:
            number = parse_number(text)
            return number is not None and number >= condition.at_least
        if condition.months_ago:
            day = parse_date(text)
            nearest, furthest = condition.months_ago
            return day is not None and (months_before(self.as_of, furthest) <= day
                                        <= months_before(self.as_of, nearest))
        return True


def draw(bank: Bank, lists: ListSet, name: str, seed: int,
         as_of: dt.date | None = None) -> Sample:
    """The sample `name` from these lists with this seed: the same inputs, the same sample."""
    chosen = profile(bank, name)
    day = as_of or lists_date(bank, lists)
    pool = children(bank, lists)
    matcher = _Matcher(bank, lists, day)
    rng = random.Random(f"{chosen.id}:{seed}")
    picks: dict[str, Pick] = {}
    shortfalls: list[Shortfall] = []

    def take(owner: SampleProfile, rule_id: str, label: str, source: str,
             conditions: list[Condition], need: int) -> None:
        candidates = sorted(i for i, c in pool.items()
                            if i not in picks and matcher.matches(c, conditions))
        got = rng.sample(candidates, min(need, len(candidates)))
        for ident in got:
            picks[ident] = Pick(ident, owner.id, rule_id, label, source,
                                sorted(pool[ident].rows))
        if len(got) < need:
            shortfalls.append(Shortfall(owner.id, rule_id, label, need, len(got)))

    def run(current: SampleProfile, seen: frozenset[str]) -> None:
        start = len(picks)
        for included in current.includes:
            if included not in seen:
                run(bank.sample_map[included], seen | {included})
        rules = {r.id: r for r in current.rules}
        for rule in sorted(current.rules, key=lambda r: -_depth(r, rules)):
            inner = _inner(rule.id, rules)
            have = sum(1 for p in picks.values() if p.profile == current.id and p.rule in inner)
            if rule.count - have <= 0:
                continue
            conditions = _conditions(rule, rules) or list(current.pool)
            take(current, rule.id, rule.label, rule.source, conditions, rule.count - have)
        need = current.total - (len(picks) - start)
        if need > 0:
            take(current, POOL, f"other cases, to make up the {current.total}",
                 current.source, list(current.pool), need)

    run(chosen, frozenset({chosen.id}))
    return Sample(chosen, seed, day, list(picks.values()), shortfalls)


def _depth(rule: SampleRule, rules: dict[str, SampleRule]) -> int:
    depth, current, seen = 0, rule.within, {rule.id}
    while current and current in rules and current not in seen:
        seen.add(current)
        depth += 1
        current = rules[current].within
    return depth


def _inner(rule_id: str, rules: dict[str, SampleRule]) -> set[str]:
    """The rule and every rule within it, at any depth."""
    out = {rule_id}
    grew = True
    while grew:
        grew = False
        for r in rules.values():
            if r.within in out and r.id not in out:
                out.add(r.id)
                grew = True
    return out


def _conditions(rule: SampleRule, rules: dict[str, SampleRule]) -> list[Condition]:
    """The rule's own conditions and those of every rule it is within."""
    out = list(rule.when)
    current, seen = rule.within, {rule.id}
    while current and current in rules and current not in seen:
        seen.add(current)
        out += rules[current].when
        current = rules[current].within
    return out
