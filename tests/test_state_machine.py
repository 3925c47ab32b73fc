"""Everything people do to an assessment, in any order: the file, the model and the engine
stay one (issue 15, consistency properties).

A hypothesis state machine drives `Editable` as the app and the command line do (score,
unscore, agree, serious, strength, notes, evidence, actions, audits, n/a, cases, the
roster, confirming a carried grade), saves, reopens, merges with a copy someone else
edited and saved meanwhile, and changes the bank under the file. It runs on the test
bank (`mini`), on a copy of the shipped SIF bank and on a National Framework assessment
made by `readiness carry`. After every step:

- the typed model (`editable.data`) is what the tomlkit document reads as;
- the engine's answer on the model equals its answer on a fresh copy read from the
  document (the engine remembers views on responses: none may be stale);
- nothing recorded before is lost or changed except what the step itself touches
  (compared as the merge's facts); a step refused with a ReadinessError changes nothing;
- after a save, the file read back is the model, and a merge loses nothing either side
  held.

Time is a fake clock that moves a second a step (sometimes not at all, so two copies
change one fact in the same second), and ids are counted, so every run can be replayed.
`HYPOTHESIS_PROFILE=thorough` runs many more and longer examples (NO_SHRINK=1 reports a
failure as found, without the minutes hypothesis can spend shrinking a long run).
"""

from __future__ import annotations

import functools
import itertools
import os
import shutil
import tempfile
import tomllib
from collections.abc import Callable
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import msgspec
import tomlkit
from hypothesis import HealthCheck, Phase, event, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
)

from readiness import store
from readiness.assessment import (
    Assessment,
    Carried,
    EvidenceRef,
    Response,
    derived_id,
    from_dict,
)
from readiness.banks import Bank, BankSet
from readiness.carry import carry
from readiness.crosswalks import find_map
from readiness.docpatch import apply, render
from readiness.edits import Editable
from readiness.errors import ReadinessError
from readiness.judgement import judge
from readiness.merge import Facts, facts
from tests.conftest import FIXTURES, ROOT, examples

START = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
PEOPLE = ("Ann", "Bob", "Cy")
NF = "national-framework-2023"


# --- what people do, as data (so a failing run prints as a readable list of steps) ----------


@dataclass(frozen=True)
class Op:
    """One thing a person does. Items, grades, codes, actions and audits are references
    (`item=2` is the pool's third item, `grade=("label", 1)` the second grade's label),
    so the same step means the same thing on any bank and on any copy of the file."""

    kind: str
    args: tuple[tuple[str, Any], ...] = field(default=())

    def __getitem__(self, name: str) -> Any:
        return dict(self.args)[name]

    def __repr__(self) -> str:
        return f"{self.kind}({', '.join(f'{k}={v!r}' for k, v in self.args)})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))  # how hypothesis prints a failing run's steps


def op(kind: str, **args: st.SearchStrategy[Any]) -> st.SearchStrategy[Op]:
    names = sorted(args)
    return st.tuples(*(args[n] for n in names)).map(
        lambda values: Op(kind, tuple(zip(names, values, strict=True))))


items = st.sampled_from([*range(9), *range(9), -1])
"""An index into the machine's pool of items; -1 is an item the bank does not have."""
grades = st.tuples(st.sampled_from(["slug"] * 6 + ["worst"] * 2 + [
    "label", "short", "number", "na", "na", "bogus", "empty"]), st.integers(0, 6))
"""A grade as someone types it (`number` is 1 for the best); mostly one of the scale."""
people = st.sampled_from(PEOPLE)
texts = st.one_of(
    st.sampled_from(["", "Seen alone", "Two cases drifted.\nSee the audit.", "  padded  ",
                     'tab\tand "quotes" and \\ backslash', "Windows line\r\nending",
                     "Pasted\u2028from the web"]),
    st.text(max_size=16))
strengths = st.sampled_from(["none", "partial", "strong"] * 3 + ["s", " Strong ", "unsure"])
codes = st.tuples(st.sampled_from(["catalogue"] * 4 + ["own"] * 3 + ["bad"]),
                  st.integers(0, 9))
"""An evidence code: one of the bank's catalogue, one of the authority's own, or not one."""
titles = st.one_of(st.sampled_from([None, "", "Thresholds 2026"]), texts)
locations = st.sampled_from([None, None, "docs/audit.pdf", "https://sharepoint.example/qa/1",
                             "../outside.pdf", "/srv/qa/audit.pdf", "Docs system ref 42"])
dates = st.sampled_from([None, None, "2026-10-01", "31/10/2026", "2026-13-01", "next week"])
audit_days = st.sampled_from([None, None, "2026-11-01", "2030-01-01"])
case_ids = st.sampled_from(["C-1", "C-2", "C-1", "C-2", "LL 1001"])
statuses = st.sampled_from(["open", "in progress", "done", "dropped", "In-Progress",
                            "finished"])
action_texts = st.sampled_from(["Relaunch thresholds", "Audit plans monthly"]) | texts
action_refs = st.sampled_from(["A1", "A2", "A3", "A1", "A2", "A9"])


def operations(items: st.SearchStrategy[int], people: st.SearchStrategy[str]
               ) -> dict[str, st.SearchStrategy[Op]]:
    """Every kind of step, on these items by these people."""
    return {
        "score": op("score", item=items, grade=grades, by=people,
                    strength=st.none() | strengths, note=st.none() | texts,
                    evidence=st.lists(codes, max_size=2) | st.just([]),
                    cases=st.lists(case_ids, max_size=2) | st.just([]),
                    serious=st.sampled_from([None, None, None, None, True, False])),
        "grade": op("score", item=items, grade=grades, by=people, strength=st.none(),
                    note=st.none(), evidence=st.just([]), cases=st.just([]),
                    serious=st.sampled_from([None, None, None, True])),
        "unscore": op("unscore", item=items, by=st.none() | people),
        "agree": op("agree", item=items, grade=grades, by=st.sampled_from([*PEOPLE, ""]),
                    serious=st.sampled_from([False, False, False, True]),
                    note=st.none() | texts),
        "clear_agreed": op("clear_agreed", item=items, by=people),
        "set_serious": op("set_serious", item=items, serious=st.booleans(), by=people),
        "set_strength": op("set_strength", item=items, strength=strengths, by=people),
        "set_note": op("set_note", item=items, note=texts, by=people),
        "clear_not_applicable": op("clear_not_applicable", item=items),
        "add_cases": op("add_cases", item=items, cases=st.lists(case_ids, max_size=2)),
        "remove_cases": op("remove_cases", item=items, cases=st.lists(case_ids, max_size=2)),
        "add_evidence": op("add_evidence", code=codes, title=titles, location=locations,
                           when=dates),
        "attach": op("attach", item=items, code=codes),
        "detach": op("detach", item=items, code=codes),
        "remove_evidence": op("remove_evidence", code=codes),
        "add_action": op("add_action", item=items, text=action_texts,
                         owner=st.sampled_from(["", "DCS"]), due=dates),
        "set_action_status": op("set_action_status", action=action_refs, status=statuses),
        "edit_action": op("edit_action", action=action_refs, text=action_texts,
                          owner=st.sampled_from(["", "Head of MASH"]), due=dates),
        "remove_action": op("remove_action", action=action_refs),
        "add_audit": op("add_audit", case=case_ids, item=items, grade=grades, by=people,
                        note=texts, when=audit_days),
        "remove_audit": op("remove_audit", audit=st.integers(0, 3)),
        "confirm_carried": op("confirm_carried", item=items, by=people),
        "roster_add": op("roster_add", name=people),
        "roster_remove": op("roster_remove", name=people),
    }


OPS = operations(items, people)
any_op = st.one_of(*OPS.values())
CLOSE = operations(st.sampled_from([0, 1]), st.sampled_from(PEOPLE[:2]))
close_op = st.one_of(*CLOSE.values())
"""Steps on two items by two people: a colleague's copy and this one then often change
the same fact (a conflict) or the same item."""


# --- patterns of facts a step may touch ------------------------------------------------------

ANY = object()
"""In a pattern: any value at this place of a fact's key."""
NEW = object()
"""At the end of a pattern: a fact the step creates (not there before)."""
Pattern = tuple[Any, ...]


def touches(key: tuple[str, ...], patterns: list[Pattern], before: Facts) -> bool:
    for pattern in patterns:
        if pattern and pattern[-1] is NEW:
            head = pattern[:-1]
            if key not in before.facts and key[:len(head)] == head:
                return True
        elif len(key) >= len(pattern) and all(p is ANY or p == k
                                              for p, k in zip(pattern, key, strict=False)):
            return True
    return False


# --- the machine -----------------------------------------------------------------------------


class Clock:
    """`now()` for the app under test: a second a step, unless held."""

    def __init__(self) -> None:
        self.at = START
        self.held = False

    def __call__(self) -> datetime:
        return self.at

    def tick(self, seconds: int = 1) -> None:
        if not self.held:
            self.at += timedelta(seconds=seconds)


@functools.cache
def bank_folder(kind: str) -> Path:
    """A banks folder holding the machine's bank (made once per test process; examples only
    read it, and a bank change writes its own folder)."""
    folder = Path(tempfile.mkdtemp(prefix=f"banks-{kind}-"))
    if kind == "mini":
        shutil.copy(FIXTURES / "mini.toml", folder / "mini.toml")
    else:
        shipped = {"sif": "sif-2015", "nf": NF}[kind]
        text = (ROOT / "questionbanks" / f"{shipped}.toml").read_text(encoding="utf-8")
        text = text.replace(f'id = "{shipped}"', f'id = "my-{kind}"', 1)
        (folder / f"my-{kind}.toml").write_text(text, encoding="utf-8")
    return folder


@functools.cache
def bank_set(folder: Path) -> BankSet:
    return BankSet(folder)


def changed_bank(bank_file: Path, change: str, which: int, folder: Path, *,
                 bump: bool) -> tuple[Path, str]:
    """A copy of the bank with one item dropped (`drop`) or one grade renamed (`rename`),
    its version bumped or not; answers the new banks folder and what was dropped or
    renamed."""
    raw = tomllib.loads(bank_file.read_text(encoding="utf-8"))
    if bump:
        raw["version"] = f"{raw['version']}+1"
    if change == "drop":
        gone = raw["item"][which % len(raw["item"])]["id"]
        raw["item"] = [i for i in raw["item"] if i["id"] != gone]
        raw = _without(raw, gone)
    else:
        gone = raw["scale"][which % len(raw["scale"])]["slug"]
        raw = _renamed(raw, gone, f"{gone}_renamed")
    folder.mkdir()
    text = tomlkit.dumps(raw)
    assert tomllib.loads(text) == raw, "the changed bank did not write as TOML"
    (folder / bank_file.name).write_text(text, encoding="utf-8")
    return folder, gone


def _without(value: Any, gone: str) -> Any:
    """Every list mention of an item taken out (lines of enquiry, samples)."""
    if isinstance(value, dict):
        return {k: _without(v, gone) for k, v in value.items()}
    if isinstance(value, list):
        return [_without(v, gone) for v in value if v != gone]
    return value


def _renamed(value: Any, old: str, new: str) -> Any:
    if isinstance(value, dict):
        return {(new if k == old else k): _renamed(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed(v, old, new) for v in value]
    return new if value == old else value


def first_difference(one: Any, other: Any, where: str = "") -> str:
    """Where two models differ, for a failure message a person can read."""
    if isinstance(one, msgspec.Struct):
        one = msgspec.to_builtins(one, builtin_types=(datetime,))
    if isinstance(other, msgspec.Struct):
        other = msgspec.to_builtins(other, builtin_types=(datetime,))
    if isinstance(one, dict) and isinstance(other, dict):
        for key in list(one) + [k for k in other if k not in one]:
            if one.get(key) != other.get(key):
                return first_difference(one.get(key), other.get(key), f"{where}.{key}")
    if isinstance(one, list) and isinstance(other, list) and len(one) == len(other):
        for n, (a, b) in enumerate(zip(one, other, strict=True)):
            if a != b:
                return first_difference(a, b, f"{where}[{n}]")
    return f"{where or 'the whole'}: {one!r} != {other!r}"


class Assessing(RuleBasedStateMachine):
    """People working on one assessment file (see the module docstring)."""

    kind = "mini"

    def __init__(self) -> None:
        super().__init__()
        self.clock = Clock()
        counter = itertools.count(1)
        self.ids: Callable[[], str] = lambda: f"{next(counter):08x}"
        self.stack = ExitStack()
        for target in ("readiness.assessment.now", "readiness.edits.now", "readiness.store.now",
                       "readiness.merge.now", "readiness.carry.now"):
            self.stack.enter_context(mock.patch(target, self.clock))
        self.stack.enter_context(mock.patch("secrets.token_hex",
                                            lambda n=4: self.ids()[:2 * n]))
        self.folder = Path(tempfile.mkdtemp(prefix="assessing-"))
        self.stack.callback(shutil.rmtree, self.folder, True)
        (self.folder / "work").mkdir()
        (self.folder / "work" / "docs").mkdir()
        (self.folder / "work" / "docs" / "audit.pdf").write_bytes(b"%PDF-1.4")
        self.path = self.folder / "work" / "assessment.toml"
        self.bank_dir = bank_folder(self.kind)
        self.banks = bank_set(self.bank_dir)
        self.pool: list[str] = []
        self.changes = 0

    def teardown(self) -> None:
        self.stack.close()

    @property
    def bank(self) -> Bank:
        return self.ed.bank

    # --- starting ---------------------------------------------------------------------------

    @initialize(data=st.data())
    def start(self, data: st.DataObject) -> None:
        bank = self.banks.get(self.bank_id())
        self.pool = self.choose_pool(bank, data)
        self.ed = self.begin(bank, data)
        self.adopt_ids(self.ed)
        note(f"pool: {self.pool}")
        self.known = facts(self.ed.data)

    def bank_id(self) -> str:
        return "mini" if self.kind == "mini" else f"my-{self.kind}"

    def choose_pool(self, bank: Bank, data: st.DataObject) -> list[str]:
        return [i.id for i in bank.items]

    def begin(self, bank: Bank, data: st.DataObject) -> Editable:
        """A new file, with grades carried to some items from another framework."""
        editable = store.create(self.path, bank, "Northshire")
        carried = data.draw(st.lists(st.tuples(st.integers(0, 8), st.integers(-1, 6),
                                               st.booleans()), max_size=3), label="carried")
        if carried:
            responses: dict[str, Response] = {}
            for n, (which, grade, strong) in enumerate(carried):
                item = self.pool[which % len(self.pool)]
                proposed = bank.scale[grade % len(bank.scale)].slug if grade >= 0 else ""
                record = Carried(id=derived_id("carry", "other", item, n), bank="other-2020",
                                 item=f"X{n}", grade="met", proposed=proposed,
                                 note=f"Rationale {n}", at=self.clock(),
                                 evidence_strength="strong" if strong else "partial")
                found = responses.get(item) or Response()
                responses[item] = Response(carried=[*found.carried, record])
            new = msgspec.structs.replace(editable.data, responses=responses)
            apply(editable.doc, new, editable.data)
            editable.resync()
            store.save(editable)
        return editable

    def adopt_ids(self, editable: Editable) -> None:
        editable.new_id = self.ids

    # --- applying one step ------------------------------------------------------------------

    def item_ref(self, n: int) -> str:
        return "ZZ99" if n < 0 else self.pool[n % len(self.pool)]

    def grade_ref(self, bank: Bank, spec: tuple[str, int]) -> str:
        form, n = spec
        grade = bank.scale[n % len(bank.scale)]
        return {"slug": grade.slug, "worst": bank.scale[-1].slug, "label": grade.label,
                "short": grade.short or grade.label,
                "number": str(n % len(bank.scale) + 1), "na": "n/a", "bogus": "excellent",
                "empty": ""}[form]

    def code_ref(self, bank: Bank, spec: tuple[str, int]) -> str:
        form, n = spec
        if form == "catalogue" and bank.evidence:
            return bank.evidence[n % len(bank.evidence)].code
        return {"own": f"QA-{n % 2 + 1}", "bad": "bad code"}.get(form, "QA-3")

    def perform(self, ed: Editable, step: Op) -> tuple[Callable[[], Any], list[Pattern]]:
        """What doing `step` on `ed` calls, and the facts it may touch."""
        bank, data = ed.bank, ed.data
        kind = step.kind
        args = dict(step.args)
        item = self.item_ref(args["item"]) if "item" in args else ""
        by = args.get("by")
        if kind == "score":
            grade = self.grade_ref(bank, args["grade"])
            evidence = [self.code_ref(bank, c) for c in args["evidence"]]
            return (lambda: ed.score(item, grade, by=by, strength=args["strength"],
                                     note=args["note"], evidence=evidence, cases=args["cases"],
                                     serious=args["serious"]),
                    [("entry", item, by), ("na", item), ("evidence", item), ("case", item),
                     ("carried", item), *(("doc", code) for code in evidence)])
        if kind == "unscore":
            return (lambda: ed.unscore(item, by=by),
                    [("entry", item, by if by is not None else ANY)] +
                    ([("agreed", item), ("na", item)] if by is None else []))
        if kind == "agree":
            grade = self.grade_ref(bank, args["grade"])
            return (lambda: ed.agree(item, grade, by=by, serious=args["serious"],
                                     note=args["note"]),
                    [("agreed", item), ("na", item), ("carried", item)])
        if kind == "clear_agreed":
            return lambda: ed.clear_agreed(item, by=by), [("agreed", item)]
        if kind == "set_serious":
            return lambda: ed.set_serious(item, args["serious"], by=by), [("entry", item, by)]
        if kind == "set_strength":
            return lambda: ed.set_strength(item, args["strength"], by=by), [("entry", item, by)]
        if kind == "set_note":
            return lambda: ed.set_note(item, args["note"], by=by), [("entry", item, by)]
        if kind == "clear_not_applicable":
            return lambda: ed.clear_not_applicable(item), [("na", item)]
        if kind == "add_cases":
            return lambda: ed.add_cases(item, args["cases"]), [("case", item)]
        if kind == "remove_cases":
            return lambda: ed.remove_cases(item, args["cases"]), [("case", item)]
        if kind in ("add_evidence", "attach", "detach", "remove_evidence"):
            code = self.code_ref(bank, args["code"])
            if kind == "add_evidence":
                return (lambda: ed.add_evidence(code, title=args["title"],
                                                location=args["location"], when=args["when"],
                                                base=ed.path.parent), [("doc", code)])
            if kind == "attach":
                return lambda: ed.attach(item, code), [("evidence", item, code), ("doc", code)]
            if kind == "detach":
                return lambda: ed.detach(item, code), [("evidence", item, code)]
            return lambda: ed.remove_evidence(code), [("doc", code), ("evidence", ANY, code)]
        if kind == "add_action":
            return (lambda: ed.add_action(item, args["text"], owner=args["owner"],
                                          due=args["due"]), [("action", NEW)])
        if kind in ("set_action_status", "edit_action", "remove_action"):
            found = data.find_action(args["action"])
            touched: list[Pattern] = [("action", found.id)] if found else []
            if kind == "set_action_status":
                return lambda: ed.set_action_status(args["action"], args["status"]), touched
            if kind == "edit_action":
                return (lambda: ed.edit_action(args["action"], text=args["text"],
                                               owner=args["owner"], due=args["due"]), touched)
            return lambda: ed.remove_action(args["action"]), touched
        if kind == "add_audit":
            grade = self.grade_ref(bank, args["grade"])
            return (lambda: ed.add_audit(args["case"], item, grade, by=by, note=args["note"],
                                         when=args["when"]), [("audit", NEW)])
        if kind == "remove_audit":
            n = args["audit"]
            ident = data.audits[n].id if n < len(data.audits) else "zzzzzzzz"
            return lambda: ed.remove_audit(ident), [("audit", ident)]
        if kind == "confirm_carried":
            return (lambda: ed.confirm_carried(item, by=by),
                    [("entry", item, by), ("carried", item)])
        if kind == "roster_add":
            return lambda: ed.roster_add(args["name"]), [("roster", args["name"])]
        if kind == "roster_remove":
            return lambda: ed.roster_remove(args["name"]), [("roster", args["name"])]
        raise AssertionError(f"no such step {kind}")

    def step(self, step: Op) -> None:
        """Do `step` on the open assessment and check it touched only what it may."""
        ed = self.ed
        self.clock.tick()
        call, patterns = self.perform(ed, step)
        before_doc, before_data = ed.doc.as_string(), msgspec.json.encode(ed.data)
        before = facts(ed.data)
        try:
            call()
        except ReadinessError as error:
            event(f"refused: {step.kind}: {error.message[:50]}")
            note(f"{step!r} refused: {error.message}")
            assert ed.doc.as_string() == before_doc, f"{step!r} was refused but changed the file"
            assert msgspec.json.encode(ed.data) == before_data, \
                f"{step!r} was refused but changed the model"
            return
        event(f"done: {step.kind}")
        after = facts(ed.data)
        self.only_touched(before, after, patterns, step)
        self.did_what_it_said(step, patterns)
        self.known = after

    def only_touched(self, before: Facts, after: Facts, patterns: list[Pattern],
                     what: object) -> None:
        for key in before.facts.keys() | after.facts.keys():
            if key[0] == "header" or touches(key, patterns, before):
                continue
            assert key in after.facts, f"{what!r} lost {key}: {before.facts[key][0].value!r}"
            assert key in before.facts, f"{what!r} made {key}: {after.facts[key][0].value!r}"
            was, now = before.facts[key], after.facts[key]
            assert [(v.when, v.body) for v in was] == [(v.when, v.body) for v in now], \
                f"{what!r} changed {key}: {was[0].value!r} -> {now[0].value!r}"
        for code, when in before.tombs.items():
            assert after.tombs.get(code, when) >= when, f"{what!r} lost the removal of {code}"
        assert before.orphans <= after.orphans, f"{what!r} lost orphaned responses"
        assert before.conflicts == after.conflicts, f"{what!r} changed the conflict records"

    def did_what_it_said(self, step: Op, patterns: list[Pattern]) -> None:
        """The step's own effect is in the model (a few checks a person would make)."""
        data, bank = self.ed.data, self.ed.bank
        args = dict(step.args)
        item = self.item_ref(args["item"]) if "item" in args else ""
        response = data.responses.get(item)
        if step.kind == "score":
            assert response is not None
            grade = self.grade_ref(bank, args["grade"])
            if grade == "n/a":
                assert response.not_applicable
            else:
                mine = [e for e in response.assessor_entries() if e.by == args["by"]]
                assert [e.grade for e in mine] == [self.ed.grade_slug(grade)], mine
                assert not response.not_applicable
        elif step.kind == "unscore" and response is not None:
            assert not any(e.grade for e in response.assessor_entries()
                           if args["by"] in (None, e.by))
            if args["by"] is None:
                assert not response.live_agreements() and not response.not_applicable
        elif step.kind == "agree":
            assert response is not None and response.agreed is not None
            assert response.agreed.grade == self.ed.grade_slug(
                self.grade_ref(bank, args["grade"]))
            assert response.agreements == [a for a in response.agreements if not a.live]
        elif step.kind == "clear_agreed" and response is not None:
            assert not response.live_agreements()
        elif step.kind == "set_serious":
            assert response is not None
            mine = [e for e in response.assessor_entries() if e.by == args["by"]]
            assert [e.serious for e in mine] == [args["serious"]]
        elif step.kind == "attach":
            assert response is not None
            assert self.code_ref(bank, args["code"]) in response.evidence
        elif step.kind == "detach" and response is not None:
            assert self.code_ref(bank, args["code"]) not in response.evidence
        elif step.kind == "remove_evidence":
            code = self.code_ref(bank, args["code"])
            assert code not in data.evidence and code in data.evidence_removed
            assert not any(code in r.evidence for r in data.responses.values())
        elif step.kind == "add_action":
            assert data.actions[-1].text == args["text"].strip()
        elif step.kind == "remove_action":
            gone = patterns[0][1]
            assert gone in data.actions_removed and not data.find_action(gone)
        elif step.kind == "remove_audit":
            assert data.audits[args["audit"]].removed_at is not None
        elif step.kind == "confirm_carried":
            assert response is not None
            assert not [c for c in response.carried if c.live]
            mine = [e for e in response.assessor_entries() if e.by == args["by"]]
            assert mine and mine[0].grade is not None

    # --- the rules --------------------------------------------------------------------------

    @rule(step=OPS["score"])
    def score(self, step: Op) -> None:
        self.step(step)

    @rule(step=OPS["grade"])
    def grade(self, step: Op) -> None:
        """Only a grade, as a workshop gives most of them."""
        self.step(step)

    @rule(step=st.one_of(OPS["unscore"], OPS["clear_not_applicable"]))
    def unscore(self, step: Op) -> None:
        self.step(step)

    @rule(step=st.one_of(OPS["agree"], OPS["clear_agreed"]))
    def agree(self, step: Op) -> None:
        self.step(step)

    @rule(step=st.one_of(OPS["set_serious"], OPS["set_strength"], OPS["set_note"]))
    def entry_fields(self, step: Op) -> None:
        self.step(step)

    @rule(step=st.one_of(OPS["add_evidence"], OPS["attach"], OPS["detach"],
                         OPS["remove_evidence"], OPS["add_cases"], OPS["remove_cases"]))
    def evidence(self, step: Op) -> None:
        self.step(step)

    @rule(step=st.one_of(OPS["add_action"], OPS["set_action_status"], OPS["edit_action"],
                         OPS["remove_action"]))
    def action(self, step: Op) -> None:
        self.step(step)

    @rule(step=st.one_of(OPS["add_audit"], OPS["remove_audit"], OPS["roster_add"],
                         OPS["roster_remove"]))
    def audit(self, step: Op) -> None:
        self.step(step)

    @rule(step=OPS["confirm_carried"])
    def confirm_carried(self, step: Op) -> None:
        self.step(step)

    @rule()
    def save(self) -> None:
        self.clock.tick()
        before = facts(self.ed.data)
        result = store.save_merging(self.ed)
        assert not result.merged, "nobody else saved, yet the save merged"
        self.only_touched(before, facts(self.ed.data), [], "save")
        self.file_is_model()

    @rule()
    def reopen(self) -> None:
        """Save, close and open again (the document is then parsed on first use)."""
        self.save()
        reopened = store.open_for_edit(self.path, self.banks)
        self.adopt_ids(reopened)
        assert not reopened.dirty
        assert reopened.data == self.ed.data, first_difference(reopened.data, self.ed.data)
        self.ed = reopened

    @rule(theirs=st.lists(any_op | close_op, min_size=1, max_size=4),
          mine=st.lists(any_op | close_op, max_size=3),
          same_second=st.booleans(), how=st.sampled_from(["save", "refresh"]))
    def someone_else_saves(self, theirs: list[Op], mine: list[Op], same_second: bool,
                           how: str) -> None:
        """A colleague opens the file, changes it and saves; then this copy saves (or, as
        the app does when it sees the file change, takes their changes in)."""
        self.merge_with(theirs, mine, same_second, how)

    @rule(item=st.integers(0, 1), by=st.sampled_from(PEOPLE[:2]), grades=st.tuples(
        st.integers(0, 6), st.integers(0, 6), st.integers(0, 6)), same_second=st.booleans(),
        how=st.sampled_from(["save", "refresh"]))
    def both_change_one_grade(self, item: int, by: str, grades: tuple[int, int, int],
                              same_second: bool, how: str) -> None:
        """Both copies change one assessor's grade on one item since the version they read:
        a conflict (kept in the file), or two versions of one second."""
        def grade(n: int) -> Op:
            return Op("score", (("by", by), ("cases", []), ("evidence", []),
                                ("grade", ("slug", n)), ("item", item), ("note", None),
                                ("serious", None), ("strength", None)))
        self.step(grade(grades[0]))
        self.save()
        self.merge_with([grade(grades[1])], [grade(grades[2])], same_second, how)

    def merge_with(self, theirs: list[Op], mine: list[Op], same_second: bool,
                   how: str) -> None:
        self.clock.tick()
        self.clock.held = same_second
        try:
            other = store.open_for_edit(self.path, self.banks)
            self.adopt_ids(other)
            for step in theirs:
                call, _ = self.perform(other, step)
                with suppress(ReadinessError):
                    call()
            store.save(other)
            _, theirs_data = store.parse_file(self.path)
            for step in mine:
                self.step(step)
            mine_data = self.ed.data
            mine_facts, their_facts = facts(mine_data), facts(theirs_data)
            if how == "save":
                result = store.save_merging(self.ed)
                event(f"merged: {result.merged}, conflicts: {len(result.conflicts)}")
            else:
                came = store.refresh(self.ed)
                event(f"refreshed: {came is not None}")
                self.model_is_document()
                store.save_merging(self.ed)
        finally:
            self.clock.held = False
        after = facts(self.ed.data)
        for side, held in (("mine", mine_facts), ("theirs", their_facts)):
            self.nothing_lost(held, after, side)
        self.file_is_model()
        self.known = after

    @staticmethod
    def nothing_lost(held: Facts, merged: Facts, side: str) -> None:
        for key, versions in held.facts.items():
            if key[0] == "header":
                continue
            if key[0] == "doc" and key[1] in merged.tombs and \
                    versions[0].when <= merged.tombs[key[1]]:
                continue  # registered before its code was taken out of the register
            assert key in merged.facts, f"the merge lost {side}' {key}"
            assert merged.facts[key][0].when >= versions[0].when, \
                f"the merge went back to an older {key} than {side}'"
        for code, when in held.tombs.items():
            assert merged.tombs.get(code, when) >= when, f"the merge lost {side}' removal {code}"
        assert set(held.conflicts) <= set(merged.conflicts), f"the merge lost {side}' conflicts"
        assert held.orphans <= merged.orphans

    @rule(change=st.sampled_from(["drop", "drop", "rename"]), which=st.integers(0, 99),
          in_pool=st.booleans(), bump=st.booleans())
    def bank_changes(self, change: str, which: int, in_pool: bool, bump: bool) -> None:
        """The bank changes under the file (an item dropped, a grade renamed; its version
        bumped or not, as bank authors do or forget) and the file is opened again: it is
        never refused, and nothing in it is lost (issue 15, "Bank changes never lock a
        file"): what the bank no longer has is set aside under [orphaned] or [[unmapped]]."""
        if self.changes >= 3:  # a few per run are plenty (each loads the banks again)
            return
        self.save()
        bank_file = next(self.bank_dir.glob("*.toml"))
        if change == "drop" and in_pool:
            ids = [i.id for i in self.bank.items]
            chosen = self.pool[which % len(self.pool)]
            which = ids.index(chosen) if chosen in ids else which
        self.changes += 1
        folder, gone = changed_bank(bank_file, change, which,
                                    self.folder / f"banks-{self.changes}", bump=bump)
        data = self.ed.data
        before = facts(data)
        banks = BankSet(folder)
        try:
            reopened = store.open_for_edit(self.path, banks)
        except ReadinessError as error:
            raise AssertionError(f"a bank that {change}s {gone} locked the file: {error}") \
                from error
        event(f"bank change opened: {change}")
        self.adopt_ids(reopened)
        self.bank_dir, self.banks, self.ed = folder, banks, reopened
        after = facts(reopened.data)
        if change == "drop":
            self.only_touched(before, after, [], f"dropping {gone}")
            assert gone not in reopened.data.responses
            if any(len(k) > 1 and k[1] == gone for k in before.facts
                   if k[0] not in ("action", "audit")):
                assert gone in after.orphans and reopened.notes
        else:
            self.set_aside(before, after, data, gone)
        self.save()

    def set_aside(self, before: Facts, after: Facts, data: Assessment, gone: str) -> None:
        """After a grade is renamed, every fact is as it was, or was set aside whole:
        a response holding the old grade under [orphaned."ITEM@VERSION"] (and the grade
        taken off the live one), an audit of that grade kept as removed with its finding
        in [[unmapped]], a snapshot holding it in words in [[unmapped]]."""
        version = data.bank_version or "earlier"
        unmapped = {u.id for u in self.ed.data.unmapped}
        for key, was in before.facts.items():
            now = after.facts.get(key)
            if key[0] == "header" or (now is not None and [v.body for v in now] ==
                                      [v.body for v in was]):
                continue
            what = f"renaming {gone} changed {key}: {was[0].value!r} -> " \
                   f"{now[0].value if now else None!r}"
            if key[0] in ("entry", "agreed", "na", "evidence", "case", "carried"):
                # under ITEM@VERSION, or ITEM@VERSION#HASH when the version was not bumped
                asides = [v for k, v in after.facts.items() if k[0] == key[0] and
                          k[2:] == key[2:] and k[1].split("#")[0] == f"{key[1]}@{version}"]
                assert [v.body for v in was] in [[v.body for v in a] for a in asides], \
                    f"{what}, and it is not under {key[1]}@{version}"
            elif key[0] == "audit":
                assert now is not None and now[0].value.removed_at is not None, what
                assert derived_id("bank-change", key[1]) in unmapped, what
            elif key[0] == "snapshot":
                assert now is None and self.ed.data.unmapped, what
            else:
                raise AssertionError(what)
        for key in after.facts.keys() - before.facts.keys():
            assert key[0] == "unmapped" or "@" in key[1], f"renaming {gone} made {key}"

    # --- after every step ---------------------------------------------------------------------

    @invariant()
    def model_is_document(self) -> None:
        """The typed model is what the tomlkit document says; the engine's answer on it is
        its answer on a fresh copy."""
        if not hasattr(self, "ed"):
            return
        ed = self.ed
        read = from_dict(ed.doc.unwrap(), ed.doc.as_string(), ed.path)
        if ed.dirty:  # a changed bank's hash reaches the document at the next save
            read = msgspec.structs.replace(read, bank_hash=ed.data.bank_hash,
                                           bank_version=ed.data.bank_version)
        assert read == ed.data, first_difference(read, ed.data)
        assert judge(ed.bank, ed.data) == judge(ed.bank, read), "the engine remembered a stale view"

    @invariant()
    def saved_means_on_disk(self) -> None:
        if hasattr(self, "ed") and not self.ed.dirty:
            self.file_is_model()

    def file_is_model(self) -> None:
        ed = self.ed
        assert not ed.dirty
        on_disk = self.path.read_bytes()
        assert ed.fingerprint == store.Fingerprint.of(on_disk), "the file is not what was saved"
        data, _ = store.read(self.path, self.banks)
        assert data == ed.data, first_difference(data, ed.data)
        assert judge(ed.bank, data) == judge(ed.bank, ed.data)


class AssessingSif(Assessing):
    """On a copy of the shipped SIF bank (76 items, its real rules), a few items at a time."""

    kind = "sif"

    def choose_pool(self, bank: Bank, data: st.DataObject) -> list[str]:
        ids = [i.id for i in bank.items]
        return data.draw(st.lists(st.sampled_from(ids), min_size=4, max_size=7, unique=True),
                         label="pool")


class AssessingCarried(Assessing):
    """On a National Framework assessment made by `readiness carry` from a scored SIF one."""

    kind = "nf"

    def choose_pool(self, bank: Bank, data: st.DataObject) -> list[str]:
        return []  # chosen in `begin`, from the items grades were carried to

    def begin(self, bank: Bank, data: st.DataObject) -> Editable:
        shipped = shipped_banks()
        sif = shipped.get("sif-2015")
        crosswalk = find_map(shipped, "sif-2015", NF)
        chosen = data.draw(st.lists(st.sampled_from([i.id for i in sif.items[:30]]),
                                    min_size=1, max_size=5, unique=True), label="sif items")
        responses = {}
        for item in chosen:
            grade = data.draw(st.integers(-1, len(sif.scale) - 1), label=f"{item} grade")
            responses[item] = Response(
                grade=sif.scale[grade].slug if grade >= 0 else None,
                not_applicable=grade < 0, by="Ann", at=self.clock(),
                evidence_strength=data.draw(st.sampled_from(["none", "partial", "strong"])),
                note=f"Why {item}", evidence=["1.07"] if item == chosen[0] else [])
        source = Assessment(schema=2, bank=sif.id, authority="Northshire",
                            responses=responses, evidence={
                                "1.07": EvidenceRef(id="00000001", title="Thresholds")})
        made, _ = carry(source, sif, shipped.get(NF), crosswalk, by="Sam", at=self.clock())
        made = msgspec.structs.replace(made, bank=bank.id, bank_hash=bank.digest,
                                       bank_version=bank.version)
        targets = sorted(made.responses)
        others = [i.id for i in bank.items if i.id not in made.responses]
        self.pool = (targets + data.draw(st.lists(st.sampled_from(others), min_size=1,
                                                   max_size=3, unique=True)))[:9]
        self.path.write_text(tomlkit.dumps(render(made)), encoding="utf-8")
        return store.open_for_edit(self.path, self.banks)


@functools.cache
def shipped_banks() -> BankSet:
    return BankSet()


def machine_settings(count: int, steps: int) -> settings:
    return settings(max_examples=examples(count), stateful_step_count=steps * (
        2 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else 1), deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.filter_too_much],
        phases=[p for p in Phase if p is not Phase.shrink or not os.environ.get("NO_SHRINK")])


TestAssessingMini = Assessing.TestCase
TestAssessingMini.settings = machine_settings(30, 25)
TestAssessingSif = AssessingSif.TestCase
TestAssessingSif.settings = machine_settings(15, 25)
TestAssessingCarried = AssessingCarried.TestCase
TestAssessingCarried.settings = machine_settings(10, 20)

