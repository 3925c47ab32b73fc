"""A bank that changed under an assessment never locks the file.

When a bank drops an item, renames or drops a grade, the work that refers to it is kept
and set aside, never refused:

- a response to an item the bank no longer has moves under `[orphaned.ITEM]`;
- grades the scale no longer has are copied, with the whole response, under
  `[orphaned."ITEM@VERSION"]` (the bank version they were given under) and taken off the
  live response, which keeps its evidence and notes: the item is to grade again;
- a case audit whose grade the scale no longer has is kept as removed, its finding in
  words in `[[unmapped]]`;
- actions and audits on an item the bank no longer has stay as they are (they count
  toward no judgement) and are named in the notes.

`follow` does this to the typed assessment (for reading, in memory; the store lays the
result into the document when the file is opened for editing, and it is saved with the
bank's new hash, so the file is consistent with its bank from then on). A file whose
recorded hash is its bank's own was not changed by a bank: a grade that is not on the
scale there is a typing mistake, and is refused with its line as before.
"""

from __future__ import annotations

from datetime import datetime

import msgspec

from readiness.assessment import (
    Agreed,
    Assessment,
    Entry,
    Response,
    Unmapped,
    derived_id,
    orphans,
    snapshot_off_scale,
)
from readiness.banks import Bank


class Followed(msgspec.Struct, frozen=True):
    """The assessment laid onto its changed bank, and what was set aside, in words."""

    assessment: Assessment
    notes: list[str]


def changed(assessment: Assessment, bank: Bank) -> bool:
    """The bank changed since the file was last saved (a file with no hash was written by
    hand or by an older version: it is checked as it stands)."""
    return bool(assessment.bank_hash) and assessment.bank_hash != bank.digest


def stale(response: Response, bank: Bank) -> list[str]:
    """The grades of a response that the bank's scale does not have."""
    index = bank.grade_index
    found = [e.grade for e in response.assessor_entries() if e.grade and e.grade not in index]
    found += [a.grade for a in ([response.agreed] if response.agreed else [])
              + response.agreements if a.grade and a.grade not in index]
    return list(dict.fromkeys(found))


def follow(assessment: Assessment, bank: Bank, at: datetime) -> Followed:
    """Set aside what the bank no longer has (see the module's words); the rest as it was."""
    data = msgspec.structs.replace(assessment, responses=dict(assessment.responses),
                                   orphaned=dict(assessment.orphaned),
                                   audits=list(assessment.audits),
                                   snapshots=list(assessment.snapshots),
                                   unmapped=list(assessment.unmapped))
    notes: list[str] = []
    moved = orphans(data, bank)
    for item_id in moved:
        data.orphaned[item_id] = data.responses.pop(item_id)
    version = assessment.bank_version or "earlier"
    regrade: list[str] = []
    old_grades: list[str] = []
    for item_id, response in list(data.responses.items()):
        gone = stale(response, bank)
        if not gone:
            continue
        key = f"{item_id}@{version}"
        data.orphaned.setdefault(key, response)
        data.responses[item_id] = _without(response, bank, at)
        regrade.append(item_id)
        old_grades += gone
    audits_aside = 0
    for n, audit in enumerate(data.audits):
        if audit.removed_at is None and audit.grade not in bank.grade_index:
            data.audits[n] = msgspec.structs.replace(audit, removed_at=at)
            data.unmapped.append(Unmapped(
                id=derived_id("bank-change", audit.id), bank=f"{bank.id} {version}",
                kind="audit", item=audit.item,
                text=f"case {audit.case}: {audit.grade.replace('_', ' ')} (a grade the "
                     f"{bank.id} bank no longer has), audited by {audit.by} on "
                     f"{audit.at:%d %B %Y}" + (f": {audit.note}" if audit.note else ""),
                at=at))
            audits_aside += 1
    kept = []
    for snapshot in data.snapshots:
        gone = snapshot_off_scale(snapshot, bank)
        if not gone:
            kept.append(snapshot)
            continue
        likely = ", ".join(f"{j} {s.likely.replace('_', ' ')}"
                           for j, s in snapshot.judgements.items())
        data.unmapped.append(Unmapped(
            id=derived_id("bank-change", "snapshot", snapshot.id or snapshot.label),
            bank=f"{bank.id} {version}", kind="snapshot",
            text=f"{snapshot.label} ({snapshot.taken:%d %B %Y}): {likely}", at=at))
    if len(kept) < len(data.snapshots):
        notes.append(f"{_count(len(data.snapshots) - len(kept), 'snapshot uses', 'snapshots use')}"
                     " grades the scale no longer has: kept in words under [[unmapped]] (a "
                     "pack cannot compare with it)")
        data.snapshots = kept
    if moved:
        notes.append(f"responses to {_few(moved)}, which the {bank.id} bank no longer has, "
                     "are kept under [orphaned] in the file")
    if regrade:
        notes.append(
            f"{_count(len(regrade), 'item has', 'items have')} grades the scale no longer has "
            f"({', '.join(repr(g) for g in dict.fromkeys(old_grades))}): they are kept under "
            f"[orphaned] as given (e.g. {regrade[0]}@{version}); grade "
            f"{'it' if len(regrade) == 1 else 'them'} again: {_few(regrade)}")
    if audits_aside:
        notes.append(f"{_count(audits_aside, 'case audit', 'case audits')} with a grade the "
                     "scale no longer has are kept as removed, their findings under "
                     "[[unmapped]]")
    return Followed(data, notes)


def _without(response: Response, bank: Bank, at: datetime) -> Response:
    """The response with the grades its bank no longer has taken off (cleared, dated)."""
    index = bank.grade_index

    def entry(e: Entry) -> Entry:
        if e.grade is None or e.grade in index:
            return e
        return msgspec.structs.replace(e, grade=None, serious=False, at=at, cleared_at=at)

    def agreed(a: Agreed) -> Agreed:
        if a.grade is None or a.grade in index:
            return a
        return msgspec.structs.replace(a, grade=None, serious=False, at=at, cleared_at=at)

    own = {}
    if response.grade is not None and response.grade not in index:
        own = {"grade": None, "serious": False, "at": at, "cleared_at": at}
    return msgspec.structs.replace(
        response, **own, entries=[entry(e) for e in response.entries],
        agreed=agreed(response.agreed) if response.agreed is not None else None,
        agreements=[agreed(a) for a in response.agreements])


def references(assessment: Assessment, bank: Bank) -> list[str]:
    """Things that name what the bank does not have, which count toward nothing and are
    shown, never refused: actions and audits on such items, proposals not on the scale."""
    known = bank.item_map
    notes: list[str] = []
    actions = [assessment.action_label(a.id) for a in assessment.actions
               if a.item not in known]
    if actions:
        items = sorted({a.item for a in assessment.actions if a.item not in known})
        notes.append(f"{_count(len(actions), 'action refers', 'actions refer')} to "
                     f"{_few(items)}, which the {bank.id} bank does not have "
                     f"({', '.join(actions)}): kept, counted toward nothing")
    audits = [a for a in assessment.live_audits() if a.item not in known]
    if audits:
        items = sorted({a.item for a in audits})
        notes.append(f"{_count(len(audits), 'case audit refers', 'case audits refer')} to "
                     f"{_few(items)}, which the {bank.id} bank does not have: kept, "
                     "counted toward nothing")
    return notes


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _few(ids: list[str], most: int = 6) -> str:
    shown = ", ".join(ids[:most])
    return shown + (f" and {len(ids) - most} more" if len(ids) > most else "")
