"""Snapshots: the state shown to a board, frozen, so the next pack can say what moved.

A snapshot is kept inside the assessment file (`[[snapshots]]`): every judgement's
likely grade and range, and every item's grade, under a label ("Q3 board").
"""

from __future__ import annotations

from dataclasses import dataclass

from readiness.assessment import Assessment, Snapshot, SnapshotJudgement, now
from readiness.banks import Bank
from readiness.errors import ReadinessError
from readiness.judgement import NOT_ASSESSED, Readiness, item_view

NOT_APPLICABLE = "not_applicable"


def item_grades(bank: Bank, assessment: Assessment) -> dict[str, str]:
    """Every assessed item's grade as the engine counts it (or not_applicable)."""
    out: dict[str, str] = {}
    for item in bank.items:
        view = item_view(item.id, assessment.responses.get(item.id), bank)
        if view.excluded:
            out[item.id] = NOT_APPLICABLE
        elif view.likely is not None:
            out[item.id] = bank.scale[view.likely].slug
    return out


def take(label: str, bank: Bank, assessment: Assessment, readiness: Readiness) -> Snapshot:
    label = label.strip()
    if not label:
        raise ReadinessError("a snapshot needs a label", hint='Add --label "Q3 board".')
    return Snapshot(
        label=label,
        taken=now(),
        judgements={j.id: SnapshotJudgement(likely=j.likely, low=j.low, high=j.high,
                                            assessed=j.assessed, evidenced=j.evidenced)
                    for j in readiness.judgements},
        grades=item_grades(bank, assessment),
    )


def find(assessment: Assessment, label: str) -> Snapshot:
    for snapshot in assessment.snapshots:
        if snapshot.label == label:
            return snapshot
    for snapshot in assessment.snapshots:
        if snapshot.label.lower() == label.strip().lower():
            return snapshot
    known = ", ".join(repr(s.label) for s in assessment.snapshots) or "none yet"
    raise ReadinessError(f"no snapshot called {label!r}",
                         hint=f"Snapshots in this file: {known} "
                              "(take one with `readiness snapshot FILE --label ...`).")


@dataclass(frozen=True)
class Move:
    """One judgement or item whose grade changed since the snapshot."""

    id: str
    name: str
    before: str
    now: str
    direction: str
    """up, down, new (newly assessed), dropped (no longer assessed), or same."""


@dataclass(frozen=True)
class Comparison:
    label: str
    taken: str
    judgements: list[Move]
    items: list[Move]


def _direction(bank: Bank, before: str, after: str) -> str:
    index = bank.grade_index
    if before == after:
        return "same"
    if before in (NOT_ASSESSED, NOT_APPLICABLE) or before not in index:
        return "new" if after in index else "same"
    if after not in index:
        return "dropped"
    return "up" if index[after] < index[before] else "down"


def compare(bank: Bank, assessment: Assessment, readiness: Readiness,
            snapshot: Snapshot) -> Comparison:
    judgements = []
    for result in readiness.judgements:
        then = snapshot.judgements.get(result.id)
        before = then.likely if then else NOT_ASSESSED
        judgements.append(Move(result.id, bank.judgement_name(result.id), before,
                               result.likely, _direction(bank, before, result.likely)))
    current = item_grades(bank, assessment)
    items = []
    for item in bank.items:
        before = snapshot.grades.get(item.id, NOT_ASSESSED)
        after = current.get(item.id, NOT_ASSESSED)
        direction = _direction(bank, before, after)
        if direction != "same":
            items.append(Move(item.id, item.short or item.id, before, after, direction))
    return Comparison(snapshot.label, f"{snapshot.taken:%d %B %Y}", judgements, items)
