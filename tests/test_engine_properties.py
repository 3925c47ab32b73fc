"""The judgement engine's properties on every shipped bank and on generated banks (issue 15).

`tests/test_judgement.py` checks each rule on the 9-item test bank with one assessor. Here
the same properties run over every bank the app ships and over banks made up here: scales
of 2 to 7 grades, the benchmark anywhere above the worst grade, any shares, rules present
or absent (serious, failure, evidenced, overall with its caps, graded, limits), and
assessments by several assessors with agreed grades (some cleared), serious flags, n/a,
evidence strengths and attached evidence. Properties, in the engine's own terms (grades
are positions on the scale: 0 the best, larger worse):

- the range holds the likely grade: high <= likely <= low;
- raising a grade never lowers a judgement, and adding evidence never widens a range
  nor moves the likely grade (the exceptions, by design, are in each test's docstring);
- who is listed first does not matter; an agreed grade counts as that grade given alone.

`HYPOTHESIS_PROFILE=thorough` runs twenty times as many examples.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec
import pytest
import tomlkit
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from readiness.assessment import Agreed, Assessment, Entry, Response
from readiness.banks import Bank, BankSet, check
from readiness.judgement import judge
from tests.conftest import examples

STRENGTHS = ("none", "partial", "strong")
PEOPLE = ("Ann", "Bob", "Cy", "Dee")
SHARES = st.sampled_from([0.0, 0.25, 0.3, 0.5, 0.5, 0.7, 0.9])


# --- banks ---------------------------------------------------------------------------


def _rule(**values: Any) -> dict[str, Any]:
    return {"basis": "method", "says": "A rule made up for a property test.", **values}


@st.composite
def banks(draw: st.DrawFn) -> Bank:
    """A valid bank (it passes `banks.check`) of 2-7 grades, 1-3 key judgements, graded
    judgements, perhaps an overall one, 2-12 items, and any mix of the rules."""
    size = draw(st.integers(2, 7), label="grades")
    slugs = [f"g{n}" for n in range(size)]
    grade = st.sampled_from(slugs)
    keys = [f"key{n}" for n in range(draw(st.integers(1, 3), label="keys"))]
    graded = [(f"graded{n}", draw(st.sampled_from(keys)))
              for n in range(draw(st.integers(0, 2), label="graded"))]
    has_overall = draw(st.booleans(), label="overall")
    judgements = ([{"id": "overall", "title": "Overall", "kind": "overall"}] if has_overall
                  else [])
    judgements += [{"id": k, "title": f"Key {k}", "kind": "key"} for k in keys]
    judgements += [{"id": g, "title": f"Graded {g}", "kind": "graded", "contributes_to": k}
                   for g, k in graded]
    ids = [j["id"] for j in judgements]
    placed = [k for k in ids if k != "overall"]
    own_items = has_overall and draw(st.booleans(), label="overall items")
    homes = placed + (["overall"] if own_items else [])
    items = []
    for n in range(draw(st.integers(2, 12), label="items")):
        where = draw(st.lists(st.sampled_from(homes), min_size=1, max_size=2, unique=True))
        items.append({"id": f"I{n:02d}", "judgements": where, "text": f"Item {n}.",
                      "question": f"Item {n}?", "source": "generated"})
    for home in homes:  # every judgement has an item, as every shipped bank does
        if not any(home in i["judgements"] for i in items):
            items[0]["judgements"].append(home)
    rules: dict[str, Any] = {
        "benchmark": _rule(grade=slugs[draw(st.integers(0, size - 2), label="benchmark")]),
        "widespread": _rule(share=draw(SHARES)), "exceeds": _rule(share=draw(SHARES)),
        "coverage": _rule(share=draw(SHARES)),
        "range": _rule(weak_evidence_drop=draw(st.integers(0, 2)),
                       unassessed_low=draw(grade), unassessed_high=draw(grade))}
    if draw(st.booleans()):
        rules["serious"] = _rule()
    if draw(st.booleans()):
        rules["failure"] = _rule(share=draw(SHARES))
    if draw(st.booleans()):
        rules["evidenced"] = _rule()
    if has_overall and draw(st.booleans()):
        rules["overall"] = _rule(
            combine=draw(st.sampled_from(["middle", "lowest"])),
            of=draw(st.just([]) | st.lists(st.sampled_from(keys), min_size=1, unique=True)),
            not_better_than=draw(st.lists(st.sampled_from(keys), max_size=1)),
            own_items=own_items, **({"max_above_lowest": draw(st.integers(0, 2))}
                                    if draw(st.booleans()) else {}))
    if graded and draw(st.booleans()):
        rules["graded"] = _rule(at=draw(grade), cap_likely=draw(grade), low=draw(grade))
    if graded and draw(st.booleans()):
        rules["graded_ceiling"] = _rule()
    rules["limit"] = [
        _rule(when=draw(st.lists(st.sampled_from(placed), min_size=1, max_size=2,
                                 unique=True)),
              at=draw(grade), target=draw(st.sampled_from(ids)),
              bound=draw(st.sampled_from(["likely", "low"])), to=draw(grade))
        for _ in range(draw(st.integers(0, 2), label="limits"))]
    raw = {"id": "made-up", "title": "Made up", "version": "1", "framework": "generated",
           "source": ["generated"], "scale": [{"slug": s, "label": f"Grade {s}"}
                                              for s in slugs],
           "rules": rules, "judgement": judgements, "item": items}
    bank = msgspec.convert(raw, Bank)
    problems = check(bank, Path("made-up.toml"), tomlkit.dumps(raw))
    assert not problems, [p.message for p in problems]
    return bank


@functools.cache
def shipped(bank_id: str) -> Bank:
    return BankSet().get(bank_id)


SHIPPED = sorted(b.id for b in BankSet().all())


# --- assessments -----------------------------------------------------------------------


@dataclass(frozen=True)
class Given:
    """One assessor's entry as positions: grade (None: not graded), strength, serious."""

    by: str
    grade: int | None
    strength: int | None
    serious: bool = False


@dataclass(frozen=True)
class Answer:
    """An item's response as positions, so a test can raise one grade or one strength."""

    entries: tuple[Given, ...] = ()
    agreed: Given | None = None
    cleared: bool = False
    """The agreed grade was cleared (kept, counting for nothing)."""
    not_applicable: bool = False
    attached: bool = False

    def response(self, bank: Bank) -> Response:
        slugs = [g.slug for g in bank.scale]
        worst = len(slugs) - 1

        def strength(n: int | None) -> Any:
            return None if n is None else STRENGTHS[n]

        entries = [Entry(by=e.by, grade=None if e.grade is None else slugs[e.grade],
                         evidence_strength=strength(e.strength),
                         serious=e.serious and e.grade == worst) for e in self.entries]
        agreed = None
        if self.agreed is not None and self.agreed.grade is not None:
            a = self.agreed
            agreed = Agreed(id="agreed01", grade=None if self.cleared else slugs[a.grade],
                            evidence_strength=strength(a.strength), by=a.by,
                            serious=a.serious and a.grade == worst and not self.cleared,
                            cleared_at=None if not self.cleared else _WHEN)
        return Response(entries=entries, agreed=agreed, not_applicable=self.not_applicable,
                        evidence=["E1"] if self.attached else [])


_WHEN = datetime(2026, 11, 1, 10, 0, tzinfo=UTC)


def given_by(size: int, by: str) -> st.SearchStrategy[Given]:
    return st.builds(Given, by=st.just(by), grade=st.none() | st.integers(0, size - 1),
                     strength=st.none() | st.integers(0, 2), serious=st.booleans())


@st.composite
def answers(draw: st.DrawFn, size: int) -> Answer:
    """Several assessors (sometimes one, sometimes none), perhaps an agreed grade."""
    people = draw(st.lists(st.sampled_from(PEOPLE), max_size=4, unique=True))
    entries = tuple(draw(given_by(size, by)) for by in people)
    agreed = draw(st.none() | given_by(size, "Lead")) if draw(st.booleans()) else None
    return Answer(entries, agreed, cleared=agreed is not None and draw(st.booleans()),
                  not_applicable=draw(st.integers(0, 9)) == 0, attached=draw(st.booleans()))


@st.composite
def assessed(draw: st.DrawFn, bank: Bank) -> dict[str, Answer]:
    """Answers to a bank's items: most items one way (so judgements reach their coverage),
    a few drawn one by one."""
    size = len(bank.scale)
    ids = [i.id for i in bank.items]
    fill = draw(st.builds(lambda g, s: Answer((Given("Ann", g, s),)),
                          st.integers(0, size - 1), st.integers(0, 2)), label="fill")
    if draw(st.integers(0, 9), label="unscored") == 0:
        answered: dict[str, Answer] = {}
    elif len(ids) <= 20:
        answered = {i: fill for i in ids if draw(st.integers(0, 3)) > 0}
    else:
        answered = {i: fill for i in ids}
    for item in draw(st.lists(st.sampled_from(ids), max_size=min(len(ids), 12),
                              unique=True)):
        answered[item] = draw(answers(size))
    return answered


def build(bank: Bank, answered: dict[str, Answer]) -> Assessment:
    return Assessment(schema=2, bank=bank.id, authority="Northshire",
                      responses={i: a.response(bank) for i, a in answered.items()})


def levels(bank: Bank, answered: dict[str, Answer]) -> dict[str, tuple[int | None, int, int]]:
    """Every judgement's (likely, low, high) as positions; likely None when not given."""
    index = bank.grade_index
    return {j.id: (index.get(j.likely), index[j.low], index[j.high])
            for j in judge(bank, build(bank, answered)).judgements}


@st.composite
def cases(draw: st.DrawFn, source: str) -> tuple[Bank, dict[str, Answer]]:
    bank = draw(banks()) if source == "generated" else shipped(source)
    return bank, draw(assessed(bank))


SOURCES = ["generated", *SHIPPED]


def _settings(count: int) -> settings:
    return settings(max_examples=examples(count), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --- properties --------------------------------------------------------------------------


@pytest.mark.parametrize("source", SOURCES)
@_settings(40)
@given(data=st.data())
def test_the_range_always_holds_the_likely_grade(source: str, data: st.DataObject) -> None:
    bank, answered = data.draw(cases(source))
    for judgement, (likely, low, high) in levels(bank, answered).items():
        assert high <= low, judgement
        if likely is not None:
            assert high <= likely <= low, judgement


def _raised(answer: Answer, which: int) -> Answer | None:
    """The answer with one grade a grade better (`which` picks whose), or None."""
    people = [*answer.entries, *([answer.agreed] if answer.agreed is not None else [])]
    if not people:
        return None
    chosen = people[which % len(people)]
    if chosen.grade is None or chosen.grade == 0:
        return None
    better = replace(chosen, grade=chosen.grade - 1)
    if chosen is answer.agreed:
        return replace(answer, agreed=better)
    return replace(answer, entries=tuple(better if e is chosen else e for e in answer.entries))


@pytest.mark.parametrize("source", SOURCES)
@_settings(40)
@given(data=st.data())
def test_raising_a_grade_never_lowers_a_judgement(source: str, data: st.DataObject) -> None:
    """One assessor's grade (or the agreed grade) one better, on one item or several: no
    judgement gets worse at any end of its range.

    The likely grade may disappear, by design, only where it was the worst grade: a limit
    that holds makes a judgement the worst grade even while too few of its items are
    scored for a likely grade (SIF paragraph 23), and that certain grade goes when the
    grade that triggered it is raised. A combined (overall) judgement that needed that
    judgement's grade loses its likely grade with it; it then still keeps its range."""
    bank, answered = data.draw(cases(source))
    changes = [(item, better) for item, answer in sorted(answered.items())
               for which in range(5) if (better := _raised(answer, which)) is not None]
    if not changes:
        event("nothing to raise")
        return
    raised = dict(data.draw(st.lists(st.sampled_from(changes), min_size=1, max_size=8,
                                     unique_by=lambda c: c[0]), label="raised"))
    before = levels(bank, answered)
    after = levels(bank, {**answered, **raised})
    for judgement, (likely, low, high) in before.items():
        new_likely, new_low, new_high = after[judgement]
        assert new_low <= low and new_high <= high, judgement
        if likely is None:  # raising a grade cannot make a judgement scored enough
            assert new_likely is None, judgement
        elif new_likely is not None:
            assert new_likely <= likely, judgement
            if new_likely < likely:
                event("a likely grade rose")
        else:
            assert _lost_a_certain_worst(bank, before, after, judgement), judgement
            event("a certain worst grade withdrawn")


def _lost_a_certain_worst(bank: Bank, before: dict[str, tuple[int | None, int, int]],
                          after: dict[str, tuple[int | None, int, int]], judgement: str
                          ) -> bool:
    """The judgement lost its likely grade because it, or a judgement it is worked out
    from, held the worst grade by a limit and no longer does (see the test's docstring)."""
    worst = len(bank.scale) - 1
    if before[judgement][0] == worst:
        return True
    return any(before[j.id][0] == worst and after[j.id][0] is None
               for j in bank.judgements if j.id != judgement)


def _stronger(answer: Answer, which: int) -> Answer | None:
    """Evidence attached, or one assessor's evidence rated stronger (one step or straight
    to strong; from no rating: strong, see the test's docstring), or both; or None."""
    if which == 0:
        return None if answer.attached else replace(answer, attached=True)
    people = [*answer.entries, *([answer.agreed] if answer.agreed is not None else [])]
    if not people:
        return None
    chosen = people[which % len(people)]
    if chosen.strength == 2:
        return None
    step = chosen.strength is not None and which % 2 == 0
    stronger = replace(chosen, strength=chosen.strength + 1 if step else 2)
    if chosen is answer.agreed:
        changed = replace(answer, agreed=stronger)
    else:
        changed = replace(answer, entries=tuple(stronger if e is chosen else e
                                                for e in answer.entries))
    return replace(changed, attached=True) if which % 3 == 0 else changed


def _all_strong(answer: Answer) -> Answer:
    """Every rating strong and a document attached."""
    return replace(answer, attached=True,
                   entries=tuple(replace(e, strength=2) for e in answer.entries),
                   agreed=None if answer.agreed is None else replace(answer.agreed, strength=2))


@pytest.mark.parametrize("source", SOURCES)
@_settings(40)
@given(data=st.data())
def test_adding_evidence_never_widens_a_range(source: str, data: st.DataObject) -> None:
    """Evidence rated stronger by one assessor, or a document attached, on one item or
    several: the likely grade stays, the high end too, and the low end does not fall.

    Rating strength where an assessor gave none is not "stronger": it makes their rating
    count, and "none" or "partial" weakens an item (the weakest rating counts), so only a
    rating of "strong" is tried from no rating."""
    bank, answered = data.draw(cases(source))
    changes = [(item, stronger) for item, answer in sorted(answered.items())
               for which in range(7) if (stronger := _stronger(answer, which)) is not None]
    if not changes:
        event("nothing to strengthen")
        return
    if data.draw(st.booleans(), label="all at once"):  # the workshop that finds it all
        stronger = {item: _all_strong(answer) for item, answer in answered.items()}
    else:
        stronger = dict(data.draw(st.lists(st.sampled_from(changes), min_size=1,
                                           max_size=40, unique_by=lambda c: c[0])))
    before = levels(bank, answered)
    after = levels(bank, {**answered, **stronger})
    for judgement, (likely, low, high) in before.items():
        new_likely, new_low, new_high = after[judgement]
        assert new_likely == likely, judgement
        assert new_low <= low and new_high == high, judgement
        if new_low < low:
            event("a range narrowed")


@pytest.mark.parametrize("source", SOURCES)
@_settings(40)
@given(data=st.data())
def test_the_order_assessors_are_listed_in_does_not_matter(source: str,
                                                           data: st.DataObject) -> None:
    bank, answered = data.draw(cases(source))
    turned = {i: replace(a, entries=a.entries[::-1]) for i, a in answered.items()}
    assert levels(bank, turned) == levels(bank, answered)


@pytest.mark.parametrize("source", SOURCES)
@_settings(40)
@given(data=st.data())
def test_an_agreed_grade_counts_as_that_grade_given_alone(source: str,
                                                          data: st.DataObject) -> None:
    """Whatever the assessors gave, an agreed grade (with its own strength rating) judges
    as that grade given by one assessor; a cleared one counts for nothing."""
    bank, answered = data.draw(cases(source))
    agreed = {i: a for i, a in answered.items() if a.agreed is not None
              and a.agreed.grade is not None and not a.not_applicable}
    if not agreed:
        return
    alone, without = dict(answered), dict(answered)
    for item, answer in agreed.items():
        assert answer.agreed is not None
        given = replace(answer.agreed, strength=2 if answer.agreed.strength is None
                        else answer.agreed.strength)
        answered[item] = replace(answer, agreed=given)
        alone[item] = Answer((given,), attached=answer.attached) if not answer.cleared \
            else replace(answer, agreed=None, cleared=False)
        without[item] = replace(answer, agreed=None, cleared=False)
    assert levels(bank, answered) == levels(bank, alone)
    for item, answer in agreed.items():
        if answer.cleared:
            assert levels(bank, {**answered, item: without[item]}) == levels(bank, answered)
