"""Snapshots: the state shown to a board, frozen, so the next pack can say what moved.

A snapshot is kept inside the assessment file (`[[snapshots]]`): every judgement's
likely grade and range, and every item's grade, under a label ("Q3 board").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

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


def latest(assessment: Assessment) -> Snapshot | None:
    """The snapshot taken last: what the last board saw, which a new pack compares with."""
    return max(assessment.snapshots, key=lambda s: s.taken, default=None)


def find(assessment: Assessment, label: str) -> Snapshot:
    """A snapshot by its label (any case) or by a date (2026-09-15 or 15/09/2026).

    A date finds the last snapshot taken on or before that day.
    """
    for snapshot in assessment.snapshots:
        if snapshot.label == label:
            return snapshot
    for snapshot in assessment.snapshots:
        if snapshot.label.lower() == label.strip().lower():
            return snapshot
    day = _as_date(label)
    known = ", ".join(f"{s.label!r} ({s.taken:%Y-%m-%d})" for s in assessment.snapshots) \
        or "none yet"
    if day is not None:
        before = [s for s in assessment.snapshots if s.taken.date() <= day]
        if before:
            return max(before, key=lambda s: s.taken)
        raise ReadinessError(f"no snapshot was taken on or before {day:%d %B %Y}",
                             hint=f"Snapshots in this file: {known}.")
    raise ReadinessError(f"no snapshot called {label!r}",
                         hint=f"Snapshots in this file: {known} "
                              "(take one with `readiness snapshot FILE --label ...`).")


def _as_date(text: str) -> date | None:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class Move:
    """One judgement or item whose grade changed since the snapshot."""

    id: str
    name: str
    before: str
    now: str
    direction: str
    """up, down, new (newly assessed), dropped (no longer assessed), or same."""
    items: tuple[str, ...] = ()
    """For a judgement: the items counting toward it whose grade moved."""


@dataclass(frozen=True)
class Comparison:
    label: str
    taken: str
    judgements: list[Move]
    items: list[Move]
    day: date | None = None
    """The day the snapshot was taken."""


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
    """What moved since the snapshot; each judgement names the moved items that count toward it
    (a judgement with no items of its own, like overall, every moved item)."""
    current = item_grades(bank, assessment)
    items = []
    for item in bank.items:
        before = snapshot.grades.get(item.id, NOT_ASSESSED)
        after = current.get(item.id, NOT_ASSESSED)
        direction = _direction(bank, before, after)
        if direction != "same":
            items.append(Move(item.id, item.short or item.id, before, after, direction))
    moved = {m.id for m in items}
    judgements = []
    for result in readiness.judgements:
        then = snapshot.judgements.get(result.id)
        before = then.likely if then else NOT_ASSESSED
        own = bank.items_by_judgement.get(result.id) or bank.items
        judgements.append(Move(result.id, bank.judgement_name(result.id), before,
                               result.likely, _direction(bank, before, result.likely),
                               tuple(i.id for i in own if i.id in moved)))
    return Comparison(snapshot.label, f"{snapshot.taken:%d %B %Y}", judgements, items,
                      snapshot.taken.date())
