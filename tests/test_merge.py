"""What a merge does with what people wrote: the rules, one example each, and the
three-way merge (a save over a changed file, git) stated as properties."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings

from readiness.assessment import Action, Agreed, Assessment, Entry, Response
from readiness.banks import BankSet
from readiness.judgement import judge
from readiness.merge import MergeError, facts, merge, merge3, same_facts
from tests.conftest import FIXTURES
from tests.strategies import assessment

T1, T2, T3 = (datetime(2026, 11, d, 10, 0, tzinfo=UTC) for d in (1, 2, 3))


def copy(**fields: object) -> Assessment:
    return Assessment(schema=2, bank="mini", authority="Northshire", **fields)  # type: ignore[arg-type]


def one(item: str, *entries: Entry, **fields: object) -> Assessment:
    return copy(responses={item: Response(entries=list(entries), **fields)})  # type: ignore[arg-type]


def test_the_later_change_to_one_assessors_entry_counts() -> None:
    old = one("H01", Entry(by="Ann", grade="good", note="first look", at=T1))
    new = one("H01", Entry(by="Ann", grade="inadequate", serious=True, at=T2))
    merged = merge(old, new).responses["H01"]
    assert [(e.by, e.grade, e.serious, e.note) for e in merged.assessor_entries()] == \
        [("Ann", "inadequate", True, "")]
    assert not merged.entries and merged.by == "Ann"  # one assessor: on the response


def test_two_assessors_never_overwrite_each_other() -> None:
    ann = one("H01", Entry(by="Ann", grade="good", at=T3))
    bob = one("H01", Entry(by="Bob", grade="requires_improvement", at=T1))
    merged = merge(ann, bob).responses["H01"]
    assert {e.by: e.grade for e in merged.assessor_entries()} == \
        {"Ann": "good", "Bob": "requires_improvement"}


def test_grades_agreed_apart_are_both_kept_and_the_item_is_to_agree() -> None:
    room_1 = one("H01", Entry(by="Ann", grade="good", at=T1),
                 agreed=Agreed(id="aaaa0001", grade="good", by="B. Smith", at=T2))
    room_2 = one("H01", Entry(by="Ann", grade="good", at=T1),
                 agreed=Agreed(id="bbbb0002", grade="inadequate", by="C. Jones", at=T1))
    merged = merge(room_1, room_2)
    response = merged.responses["H01"]
    assert response.agreed is None and response.to_agree
    assert {(a.id, a.grade) for a in response.live_agreements()} == \
        {("aaaa0001", "good"), ("bbbb0002", "inadequate")}
    # counted as assessors' grades: Ann's good, good and inadequate agreed apart
    grades = sorted(e.grade or "" for e in response.assessors())
    assert grades == ["good", "good", "inadequate"]
    view = judge(BankSet(FIXTURES).get("mini"), merged).views["H01"]
    assert view.split and view.likely == 1  # the middle grade, flagged as disputed


def test_an_agreement_changed_on_one_laptop_replaces_its_older_copy() -> None:
    before = one("H01", agreed=Agreed(id="aaaa0001", grade="good", by="B. Smith", at=T1))
    after = one("H01", agreed=Agreed(id="aaaa0001", grade="requires_improvement",
                                     by="B. Smith", at=T2))
    response = merge(before, after).responses["H01"]
    assert not response.to_agree and response.agreed is not None
    assert response.agreed.grade == "requires_improvement"


def test_a_cleared_agreement_is_not_brought_back_by_an_older_copy() -> None:
    before = one("H01", agreed=Agreed(id="aaaa0001", grade="good", by="B. Smith", at=T1))
    cleared = one("H01", agreements=[Agreed(id="aaaa0001", by="B. Smith", at=T2,
                                            cleared_at=T2)])
    response = merge(before, cleared).responses["H01"]
    assert response.agreed is None and not response.to_agree and not response.assessed


def test_removed_references_actions_and_register_entries_stay_removed() -> None:
    old = copy(responses={"H01": Response(evidence=["1.07", "QA-1"], cases=["C-1"])},
               actions=[Action(id="aaaa0001", item="H01", text="Relaunch", created=T1)])
    new = copy(responses={"H01": Response(evidence=["1.07"], evidence_removed={"QA-1": T2},
                                          cases_removed={"C-1": T2})},
               actions_removed={"aaaa0001": T2})
    merged = merge(old, new)
    assert merged.responses["H01"].evidence == ["1.07"]
    assert merged.responses["H01"].cases == [] and merged.actions == []
    assert merged.responses["H01"].evidence_removed == {"QA-1": T2}


def test_a_reference_put_back_after_removal_wins_over_the_removal() -> None:
    removed = one("H01", evidence_removed={"QA-1": T2})
    put_back = one("H01", evidence=["QA-1"], evidence_added={"QA-1": T3})
    assert merge(removed, put_back).responses["H01"].evidence == ["QA-1"]


def test_sets_merge_as_unions() -> None:
    ann = one("H01", evidence=["1.07"], cases=["C-1"])
    bob = one("H01", evidence=["QA-1"], cases=["C-2"])
    merged = merge(ann, bob).responses["H01"]
    assert (merged.evidence, merged.cases) == (["1.07", "QA-1"], ["C-1", "C-2"])


def test_two_versions_made_in_the_same_second_are_both_kept() -> None:
    ann_1 = one("H01", Entry(by="Ann", grade="good", at=T1))
    ann_2 = one("H01", Entry(by="Ann", grade="inadequate", at=T1))
    merged = merge(ann_1, ann_2)
    counts = merged.responses["H01"].assessor_entries()[0].grade
    [kept] = merged.conflicts
    assert kept.kind == "same-time" and kept.fact == ["entry", "H01", "Ann"]
    assert {counts, kept.values["grade"]} == {"good", "inadequate"}
    assert merge(ann_2, ann_1) == merged


def test_assessments_of_different_banks_are_refused() -> None:
    other = Assessment(schema=2, bank="sif-2015", authority="Northshire")
    with pytest.raises(MergeError, match="only assessments of the same bank"):
        merge(copy(), other)


# --- three-way -----------------------------------------------------------------------------


def test_changes_to_different_fields_of_one_entry_merge_without_conflict() -> None:
    base = one("H01", Entry(by="Ann", grade="good", note="first", at=T1))
    mine = one("H01", Entry(by="Ann", grade="inadequate", note="first", at=T2))
    theirs = one("H01", Entry(by="Ann", grade="good", note="cases drifted", at=T3))
    result = merge3(base, mine, theirs)
    [entry] = result.assessment.responses["H01"].assessor_entries()
    assert (entry.grade, entry.note, entry.at) == ("inadequate", "cases drifted", T3)
    assert result.conflicts == [] and result.assessment.conflicts == []


def test_the_same_field_changed_by_both_is_one_conflict_and_nothing_is_lost() -> None:
    base = one("H01", Entry(by="Ann", grade="good", at=T1))
    mine = one("H01", Entry(by="Ann", grade="inadequate", serious=True, at=T3))
    theirs = one("H01", Entry(by="Ann", grade="requires_improvement", at=T2))
    result = merge3(base, mine, theirs)
    [conflict] = result.conflicts
    assert result.assessment.conflicts == [conflict]
    assert conflict.kind == "both-changed" and conflict.fact == ["entry", "H01", "Ann"]
    assert conflict.values == {"grade": "requires_improvement"}  # theirs, kept aside
    assert conflict.kept == {"grade": "inadequate", "serious": True}  # mine, the later
    assert result.assessment.responses["H01"].grade == "inadequate"


def test_what_came_in_from_the_other_side_is_listed() -> None:
    base = copy()
    theirs = one("H02", Entry(by="Bob", grade="good", at=T2))
    result = merge3(base, copy(), theirs)
    assert [c.fact for c in result.incoming] == [("entry", "H02", "Bob")]


MERGE3 = settings(max_examples=100, deadline=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@MERGE3
@given(assessment(), assessment(), assessment())
def test_a_side_that_changed_nothing_takes_the_other(base: Assessment, x: Assessment,
                                                     y: Assessment) -> None:
    mine, theirs = merge(base, x), merge(base, y)
    assert same_facts(merge3(base, mine, base).assessment, mine)
    assert same_facts(merge3(base, base, theirs).assessment, theirs)
    assert same_facts(merge3(base, mine, mine).assessment, mine)


@MERGE3
@given(assessment(), assessment(), assessment())
def test_a_fact_changed_on_one_side_only_is_in_the_result(base: Assessment, x: Assessment,
                                                          y: Assessment) -> None:
    mine, theirs = merge(base, x), merge(base, y)
    before, ours, other = facts(base), facts(mine), facts(theirs)
    result = facts(merge3(base, mine, theirs).assessment)
    for side, rest in ((ours, other), (other, ours)):
        for key, versions in side.facts.items():
            if key[0] == "doc" and key[1] in result.tombs:
                continue
            if before.facts.get(key) != versions and rest.facts.get(key) == \
                    before.facts.get(key):
                assert [v.body for v in result.facts[key]] == [v.body for v in versions]
    for cid in ours.conflicts.keys() | other.conflicts.keys():
        assert cid in result.conflicts
