"""Cross-references of a bank's mock-inspection tables, which msgspec alone cannot see.

The child-level lists' columns and their code lists, Annex A's list rules, the sample
profiles and the timeline all point at each other by id. `banks.check` calls
`check_mock` with its error reporter, so every problem here is a `FILE:LINE: message`
like the rest of the bank's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from readiness.banks import (
    WEEKDAYS,
    Bank,
    ChildList,
    Condition,
    SampleProfile,
    SampleRule,
    TimelineStep,
)

Report = Callable[..., None]
"""`err(message, *path)`: the message and where it is in the TOML (("sample", 2, "rule", 0))."""

NOTIFIED = "notified"
"""The timeline's anchor: the day Ofsted rang. Steps count from it."""


def list_step_ids(bank: Bank) -> set[str]:
    """Ids the timeline gives the child lists' deadlines (`list-08-stage1`): reserved."""
    out = set()
    for c in bank.child_lists:
        out.add(f"{c.id}-stage1")
        if c.stage2 is not None:
            out.add(f"{c.id}-stage2")
    return out


def check_mock(bank: Bank, err: Report) -> None:
    _duplicates(err, "code list", (c.id for c in bank.code_lists), "code_list")
    _duplicates(err, "list rule", (r.id for r in bank.list_rules), "list_rule")
    _duplicates(err, "annex section", (a.id for a in bank.annex_sections), "annex_section")
    _duplicates(err, "sample profile", (s.id for s in bank.samples), "sample")
    _duplicates(err, "timeline step", (t.id for t in bank.timeline), "timeline")
    _duplicates(err, "meeting", (m.id for m in bank.meetings), "meeting")
    for i, code_list in enumerate(bank.code_lists):
        seen: set[str] = set()
        for n, code in enumerate(code_list.codes):
            if code.code.upper() in seen:
                err(f"code list {code_list.id!r} has the code {code.code!r} twice",
                    "code_list", i, "codes", n)
            seen.add(code.code.upper())
        _method_reading(err, code_list.basis, code_list.reading, "code_list", i)
    for i, child_list in enumerate(bank.child_lists):
        _check_columns(bank, child_list, err, i)
    lists = bank.child_list_map
    for i, rule in enumerate(bank.list_rules):
        for ident in rule.lists:
            if ident not in lists:
                err(f"list rule {rule.id!r} applies to {ident!r}, which is not a "
                    "[[child_list]] of this bank", "list_rule", i, "lists")
        if rule.check in ("same-id", "one-row", "siblings") and not rule.column:
            err(f"list rule {rule.id!r} checks a column: name it in `column`",
                "list_rule", i, "check")
        elif rule.column and not any(
            c.column(rule.column) for c in bank.child_lists
            if not rule.lists or c.id in rule.lists
        ):
            err(f"list rule {rule.id!r} reads the column {rule.column!r}, which no list it "
                "applies to has", "list_rule", i, "column")
        for key in rule.agree:
            if not any(c.column(key) for c in bank.child_lists):
                err(f"list rule {rule.id!r} compares the column {key!r}, which no list has",
                    "list_rule", i, "agree")
        _method_reading(err, rule.basis, rule.reading, "list_rule", i)
    _check_samples(bank, err)
    _check_timeline(bank, err)
    _check_evidence_rules(bank, err)
    for i, meeting in enumerate(bank.meetings):
        if any(w < 1 for w in meeting.weeks):
            err(f"meeting {meeting.id!r}: weeks count from 1 (the week of the notification)",
                "meeting", i, "weeks")
        _method_reading(err, meeting.basis, meeting.reading, "meeting", i)


def _duplicates(err: Report, kind: str, ids: Iterable[str], table: str, *where: str | int) -> None:
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            err(f"duplicate {kind} id {ident!r}", *where, table, i, "id")
        seen.add(ident)


def _method_reading(err: Report, basis: str, reading: str, *where: str | int) -> None:
    if basis == "method" and not reading.strip():
        err("basis \"method\" needs a `reading` saying how the source was read", *where, "basis")


def _check_columns(bank: Bank, child_list: ChildList, err: Report, i: int) -> None:
    seen: set[str] = set()
    codes = bank.code_list_map
    for n, column in enumerate(child_list.columns):
        where = ("child_list", i, "columns", n)
        if column.key in seen:
            err(f"list {child_list.id!r} has the column {column.key!r} twice", *where)
        seen.add(column.key)
        if column.kind == "code" and not column.codes:
            err(f"column {column.key!r} of {child_list.id!r} is a code: name its [[code_list]] "
                "in `codes`", *where)
        elif column.codes and column.kind != "code":
            err(f"column {column.key!r} of {child_list.id!r} names codes but is not "
                "kind = \"code\"", *where)
        elif column.codes and column.codes not in codes:
            err(f"column {column.key!r} of {child_list.id!r} takes its codes from "
                f"{column.codes!r}, which is not a [[code_list]] of this bank", *where)
        if column.basis == "framework" and not column.source:
            err(f"column {column.key!r} of {child_list.id!r} has basis \"framework\" but no "
                "source", *where)


def _check_samples(bank: Bank, err: Report) -> None:
    profiles = bank.sample_map
    for i, profile in enumerate(bank.samples):
        for ident in profile.includes:
            if ident not in profiles:
                err(f"sample {profile.id!r} includes {ident!r}, which is not a [[sample]] of "
                    "this bank", "sample", i, "includes")
        if _includes_itself(profile.id, profiles):
            err(f"sample {profile.id!r} includes itself (directly or through another)",
                "sample", i, "includes")
        _method_reading(err, profile.basis, profile.reading, "sample", i)
        for k, condition in enumerate(profile.pool):
            _check_condition(bank, condition, err, "sample", i, "pool", k)
        _duplicates(err, "sample rule", (r.id for r in profile.rules), "rule", "sample", i)
        rules = {r.id: r for r in profile.rules}
        for j, rule in enumerate(profile.rules):
            where = ("sample", i, "rule", j)
            if rule.count < 0 or (rule.up_to is not None and rule.up_to < rule.count):
                err(f"sample rule {rule.id!r}: count is at least 0 and up_to no less than "
                    "count", *where, "count")
            if rule.within and rule.within not in rules:
                err(f"sample rule {rule.id!r} is within {rule.within!r}, which is not a rule "
                    f"of sample {profile.id!r}", *where, "within")
            elif rule.within and _within_loop(rule.id, rules):
                err(f"sample rule {rule.id!r} is within itself (directly or through another)",
                    *where, "within")
            inner = sum(r.count for r in profile.rules if r.within == rule.id)
            if inner > rule.count:
                err(f"sample rule {rule.id!r} asks for {rule.count} but the rules within it "
                    f"ask for {inner}", *where, "count")
            _method_reading(err, rule.basis, rule.reading, *where)
            for k, condition in enumerate(rule.when):
                _check_condition(bank, condition, err, *where, "when", k)
        if not _includes_itself(profile.id, profiles):
            least = _least(profile, profiles)
            if profile.total < least:
                err(f"sample {profile.id!r} has total {profile.total} but its rules and "
                    f"includes ask for {least}", "sample", i, "total")


def _includes_itself(start: str, profiles: dict[str, SampleProfile]) -> bool:
    seen: set[str] = set()
    todo = list(profiles[start].includes) if start in profiles else []
    while todo:
        ident = todo.pop()
        if ident == start:
            return True
        if ident in seen or ident not in profiles:
            continue
        seen.add(ident)
        todo.extend(profiles[ident].includes)
    return False


def _within_loop(start: str, rules: dict[str, SampleRule]) -> bool:
    seen = {start}
    current = rules[start].within
    while current:
        if current in seen:
            return True
        seen.add(current)
        rule = rules.get(current)
        current = rule.within if rule is not None else ""
    return False


def _least(profile: SampleProfile, profiles: dict[str, SampleProfile]) -> int:
    own = sum(r.count for r in profile.rules if not r.within)
    return own + sum(profiles[i].total for i in profile.includes if i in profiles)


def _check_condition(bank: Bank, condition: Condition, err: Report, *where: str | int) -> None:
    lists = bank.child_list_map
    if not condition.lists:
        err("a condition names the lists it reads in `lists`", *where)
    for ident in condition.lists:
        if ident not in lists:
            err(f"a condition reads {ident!r}, which is not a [[child_list]] of this bank",
                *where)
    tests = sum((bool(condition.any_of), condition.blank is not None,
                 condition.at_least is not None, bool(condition.months_ago)))
    if not condition.column:
        if tests:
            err("a condition with a test (any_of, blank, at_least, months_ago) names its "
                "`column`", *where)
        return
    if condition.absent:
        err("a condition cannot both test a column and ask that the child be absent", *where)
    if tests != 1:
        err(f"a condition on column {condition.column!r} has exactly one test: any_of, "
            "blank, at_least or months_ago", *where)
    columns = [lists[i].column(condition.column) for i in condition.lists if i in lists]
    found = [c for c in columns if c is not None]
    if not found:
        err(f"no list in {condition.lists} has the column {condition.column!r}", *where)
        return
    column = found[0]
    if condition.any_of and column.kind == "code":
        known = bank.code_list_map.get(column.codes)
        for code in condition.any_of:
            if known is not None and code.upper() not in known.code_set():
                err(f"{code!r} is not a code of {column.codes!r} (column "
                    f"{condition.column!r})", *where)
    if condition.at_least is not None and column.kind != "number":
        err(f"at_least tests a number; column {condition.column!r} is {column.kind}", *where)
    if condition.months_ago:
        if column.kind != "date":
            err(f"months_ago tests a date; column {condition.column!r} is {column.kind}",
                *where)
        if len(condition.months_ago) != 2 or condition.months_ago[0] > condition.months_ago[1]:
            err("months_ago is two numbers, nearest first: [3, 6]", *where)


def _check_evidence_rules(bank: Bank, err: Report) -> None:
    rules = bank.evidence_rules
    if rules is None:
        return
    if not bank.evidence:
        err("evidence_rules apply to the documents of the bank's [[evidence]] catalogue, "
            "which is empty", "evidence_rules", "naming" if rules.naming else "age")
    if rules.naming is not None:
        _method_reading(err, rules.naming.basis, rules.naming.reading, "evidence_rules",
                        "naming")
    if rules.age is not None:
        if rules.age.months < 1:
            err("evidence_rules.age.months is a number of months, at least 1",
                "evidence_rules", "age", "months")
        _method_reading(err, rules.age.basis, rules.age.reading, "evidence_rules", "age")


def _check_timeline(bank: Bank, err: Report) -> None:
    steps = {t.id: t for t in bank.timeline}
    reserved = list_step_ids(bank)
    for i, step in enumerate(bank.timeline):
        where = ("timeline", i)
        if step.id in reserved or step.id == NOTIFIED:
            err(f"timeline step id {step.id!r} is kept for the child lists' deadlines or the "
                "notification", *where, "id")
        dated = step.week is not None or step.day is not None
        counted = step.after is not None or step.working_days is not None
        if dated == counted:
            err(f"timeline step {step.id!r} gives either `week` and `day` or `after` and "
                "`working_days`", *where, "id")
        elif dated and (step.week is None or step.day is None or step.week < 1):
            err(f"timeline step {step.id!r} needs both `week` (from 1) and `day`", *where, "id")
        elif counted and (step.after is None or step.working_days is None
                          or step.working_days < 0):
            err(f"timeline step {step.id!r} needs both `after` and `working_days` (0 or more)",
                *where, "id")
        for name in ("after", "until"):
            ref = getattr(step, name)
            if ref is not None and ref != NOTIFIED and ref not in steps and ref not in reserved:
                err(f"timeline step {step.id!r} counts from {ref!r}, which is not a step of "
                    "this timeline", *where, name)
        if step.to_day is not None:
            if step.day is None:
                err(f"timeline step {step.id!r}: to_day needs a `day`", *where, "to_day")
            elif WEEKDAYS.index(step.to_day) < WEEKDAYS.index(step.day):
                err(f"timeline step {step.id!r} ends ({step.to_day}) before it starts "
                    f"({step.day})", *where, "to_day")
        if step.to_day is not None and step.until is not None:
            err(f"timeline step {step.id!r} gives both to_day and until", *where, "id")
        _method_reading(err, step.basis, step.reading, *where)
        if _timeline_loop(step.id, steps):
            err(f"timeline step {step.id!r} counts from itself (directly or through another)",
                *where, "after")


def _timeline_loop(start: str, steps: dict[str, TimelineStep]) -> bool:
    """Whether `start` can be reached again by following `after` and `until`."""
    seen: set[str] = set()
    todo = [steps[start].after, steps[start].until]
    while todo:
        ident = todo.pop()
        if ident == start:
            return True
        if ident is None or ident in seen or ident not in steps:
            continue
        seen.add(ident)
        todo += [steps[ident].after, steps[ident].until]
    return False
