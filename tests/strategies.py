"""Generated assessments for merge properties: few names, few times, so copies collide.

Several assessors per item, agreed grades (some agreed apart, some cleared), serious
flags, evidence and case IDs with tombstones and put-backs, actions (some removed),
register documents (some registered twice under one code, some codes taken out),
audits (some removed), snapshots, and both kinds of conflict records; entries sit on
the response or under `entries`, as hand-written files have them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from hypothesis import strategies as st

from readiness.assessment import (
    Action,
    Agreed,
    Assessment,
    Audit,
    Board,
    Conflict,
    Document,
    Entry,
    EvidenceRef,
    MockSettings,
    Response,
    Snapshot,
)

SLUGS = ["outstanding", "good", "requires_improvement", "inadequate"]
ITEMS = ["H01", "H02", "H03"]
PEOPLE = ["Ann", "Bob", "Cy"]
TIMES = [datetime(2026, 11, d, 10, 0, tzinfo=UTC) for d in (1, 2, 3)]
CODES = ["1.07", "QA-1"]
CASES = ["C-1", "C-2"]
IDS = ["0000aaaa", "0000bbbb", "0000cccc"]

times = st.sampled_from(TIMES)
maybe_times = st.none() | times
notes = st.sampled_from(["", "audit", "two cases drifted"])


@st.composite
def entry(draw: st.DrawFn, by: str) -> Entry:
    grade = draw(st.none() | st.sampled_from(SLUGS))
    return Entry(
        by=by, grade=grade,
        evidence_strength=draw(st.none() | st.sampled_from(["none", "partial", "strong"])),
        note=draw(notes), at=draw(maybe_times),
        serious=grade == "inadequate" and draw(st.booleans()),
        cleared_at=draw(times) if grade is None and draw(st.booleans()) else None)


@st.composite
def agreement(draw: st.DrawFn, agreement_id: str) -> Agreed:
    grade = draw(st.none() | st.sampled_from(SLUGS))
    return Agreed(id=agreement_id, grade=grade,
                  serious=grade == "inadequate" and draw(st.booleans()),
                  by=draw(st.sampled_from(PEOPLE)), at=draw(maybe_times), note=draw(notes),
                  cleared_at=draw(times) if grade is None else None)


def _timed_set(draw: st.DrawFn, pool: list[str]) -> tuple[list[str], dict[str, datetime],
                                                        dict[str, datetime]]:
    present = draw(st.lists(st.sampled_from(pool), unique=True))
    removed = {v: draw(times) for v in pool if v not in present and draw(st.booleans())}
    added = {v: draw(times) for v in present if draw(st.booleans())}
    return present, added, removed


@st.composite
def response(draw: st.DrawFn) -> Response:
    people = draw(st.lists(st.sampled_from(PEOPLE), unique=True, max_size=3))
    entries = [draw(entry(by)) for by in people]
    own: dict[str, Any] = {}
    if entries and draw(st.booleans()):
        first = entries.pop(0)
        own = {f: getattr(first, f) for f in ("by", "grade", "evidence_strength", "note",
                                               "at", "serious", "cleared_at")}
    agreements = [draw(agreement(i)) for i in draw(st.lists(st.sampled_from(IDS[:2]),
                                                            unique=True, max_size=2))]
    evidence, evidence_added, evidence_removed = _timed_set(draw, CODES)
    cases, cases_added, cases_removed = _timed_set(draw, CASES)
    na = draw(st.booleans()) and draw(st.booleans())
    return Response(**own, entries=entries, agreements=agreements, evidence=evidence,
                    evidence_added=evidence_added, evidence_removed=evidence_removed,
                    cases=cases, cases_added=cases_added, cases_removed=cases_removed,
                    not_applicable=na, not_applicable_at=draw(maybe_times) if na or
                    draw(st.booleans()) else None)


@st.composite
def action(draw: st.DrawFn, action_id: str) -> Action:
    return Action(id=action_id, item=draw(st.sampled_from(ITEMS)),
                  text=draw(st.sampled_from(["Relaunch thresholds", "Audit plans"])),
                  owner=draw(st.sampled_from(["", "Head of MASH"])),
                  status=draw(st.sampled_from(["open", "in_progress", "done"])),
                  created=TIMES[0], at=draw(maybe_times))


@st.composite
def document(draw: st.DrawFn, doc_id: str) -> Document:
    return Document(id=doc_id, title=draw(st.sampled_from(["Thresholds", "Audit"])),
                    location=draw(st.sampled_from(["", "docs/a.pdf"])), at=draw(maybe_times))


@st.composite
def conflict(draw: st.DrawFn, conflict_id: str) -> Conflict:
    item, by = draw(st.sampled_from(ITEMS)), draw(st.sampled_from(PEOPLE))
    if draw(st.booleans()):
        return Conflict(id=conflict_id, fact=["entry", item, by], kind="both-changed",
                        values={"grade": draw(st.sampled_from(SLUGS))},
                        kept={"grade": draw(st.sampled_from(SLUGS))}, at=draw(maybe_times),
                        found=draw(maybe_times), resolved_at=draw(maybe_times))
    version = draw(entry(by))
    values = {k: v for k, v in {
        "by": by, "grade": version.grade, "note": version.note, "at": version.at,
        "serious": version.serious or None}.items() if v not in (None, "")}
    return Conflict(id=conflict_id, fact=["entry", item, by], kind="same-time",
                    values=values, at=version.at)


@st.composite
def assessment(draw: st.DrawFn) -> Assessment:
    """One copy of an assessment of the `mini` bank, as someone's laptop might hold it."""
    responses = {i: draw(response()) for i in draw(st.lists(st.sampled_from(ITEMS),
                                                              unique=True))}
    orphaned = {"X99": draw(response())} if draw(st.booleans()) and draw(st.booleans()) \
        else {}
    action_ids = draw(st.lists(st.sampled_from(IDS), unique=True))
    actions = [draw(action(i)) for i in action_ids]
    removed = {i: draw(times) for i in IDS if i not in action_ids and draw(st.booleans())}
    register: dict[str, EvidenceRef] = {}
    for code in draw(st.lists(st.sampled_from(CODES), unique=True)):
        ids = draw(st.lists(st.sampled_from(IDS[:2]), unique=True, min_size=1))
        first, *rest = [draw(document(i)) for i in ids]
        register[code] = EvidenceRef(**{f: getattr(first, f) for f in
                                        Document.__struct_fields__}, also=rest)
    taken_out = {c: draw(times) for c in CODES if draw(st.booleans()) and draw(st.booleans())}
    audits = [Audit(id=i, case=draw(st.sampled_from(CASES)), item=draw(st.sampled_from(ITEMS)),
                    grade=draw(st.sampled_from(SLUGS)), by=draw(st.sampled_from(PEOPLE)),
                    at=draw(times), removed_at=draw(st.none() | times))
              for i in draw(st.lists(st.sampled_from(IDS), unique=True, max_size=2))]
    snapshots = [Snapshot(id=i, label=f"Board {i[-1]}", taken=draw(times))
                 for i in draw(st.lists(st.sampled_from(IDS[:2]), unique=True, max_size=2))]
    conflicts = [draw(conflict(i)) for i in draw(st.lists(st.sampled_from(IDS), unique=True,
                                                          max_size=2))]
    roster, roster_added, roster_removed = _timed_set(draw, PEOPLE)
    mock = draw(st.none() | st.builds(MockSettings, notified=st.sampled_from(
        [None, date(2026, 3, 31)]), region=st.sampled_from(["england", "wales"])))
    board = draw(st.none() | st.builds(Board, name=st.sampled_from(["", "Corporate parenting"]),
                                       meeting=st.sampled_from([None, date(2026, 12, 1)])))
    return Assessment(
        schema=2, bank="mini", authority=draw(st.sampled_from(["Northshire", "Southshire"])),
        title=draw(st.sampled_from(["", "Q3"])), created=draw(maybe_times),
        updated=draw(maybe_times), roster=roster, roster_added=roster_added,
        roster_removed=roster_removed, responses=responses, orphaned=orphaned,
        actions=actions, actions_removed=removed, evidence=register,
        evidence_removed=taken_out, audits=audits, snapshots=snapshots, conflicts=conflicts,
        mock=mock, board=board)
