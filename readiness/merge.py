"""Merging what several people wrote: commutative, associative, idempotent, nothing lost.

An assessment is read here as a set of small facts, each with its identity (a key) and
its time, not as a document:

- one assessor's entry on one item, `("entry", ITEM, BY)`: the later `at` wins; two
  assessors never touch each other's entry;
- an agreed grade, `("agreed", ITEM, ID)`: an agreement changed keeps its id (the later
  wins), so grades agreed apart have different ids and are both kept: the item is then
  to agree (`Response.to_agree`);
- an action, register document, audit or snapshot by its random id; the header (title,
  authority) by the file's `updated`;
- presences: a person on the roster, an evidence code or case ID on an item, an item
  marked not applicable. Each is present or removed with the time of the last change,
  and the later wins, so a removal (a tombstone) is not undone by an older copy;
- the evidence register's tombstone per code, and which items are orphaned, only grow.

Two versions of one fact with the same time but different content are both kept: one
counts (the greater, by content, so the choice does not depend on the order of the
inputs) and the other waits in `[[conflicts]]` (`same-time`). The join of two fact sets
is therefore a least upper bound: `merge` is commutative, associative and idempotent
and keeps, for every fact, every version any input held at that fact's latest time.

`merge3(base, mine, theirs)` is the three-way merge of a save over a changed file and of
git's merge driver: a fact changed on one side only takes that side; a fact changed on
both is merged field by field, and only a field changed on both sides to different
values is a conflict: the later change counts and the other is recorded in the file
(`both-changed`), so nothing is lost.

The bank is never needed: files on a bank that changed still merge.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

import msgspec

from readiness.assessment import (
    EARLIEST,
    Action,
    Agreed,
    Assessment,
    Audit,
    Board,
    Carried,
    Conflict,
    Document,
    Entry,
    EvidenceRef,
    MockSettings,
    Response,
    Snapshot,
    Unmapped,
    derived_id,
    now,
    stamp,
)
from readiness.errors import ReadinessError

Key = tuple[str, ...]
_ENCODE = msgspec.json.Encoder().encode
_BUILTIN = (datetime, date)


class MergeError(ReadinessError):
    title = "Cannot merge"


class Header(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """What a file says about itself, and its settings; its time is the file's `updated`."""

    authority: str
    title: str = ""
    demo: bool = False
    bank_version: str = ""
    bank_hash: str = ""
    mock: MockSettings | None = None
    board: Board | None = None


class Removed(msgspec.Struct, frozen=True):
    """An action that was removed (its tombstone)."""


REMOVED = Removed()

PRESENCE = frozenset({"roster", "na", "evidence", "case"})
"""Facts that are present or not: the later change wins; at the same time, present."""
RECORDS: dict[str, type[msgspec.Struct]] = {
    "header": Header, "entry": Entry, "agreed": Agreed, "action": Action,
    "doc": Document, "audit": Audit, "snapshot": Snapshot, "carried": Carried,
    "unmapped": Unmapped}
GROUPS: dict[str, tuple[tuple[str, ...], ...]] = {
    "header": (("authority",), ("title",), ("demo",), ("bank_version", "bank_hash"),
               ("mock",), ("board",)),
    "entry": (("grade", "serious", "cleared_at"), ("evidence_strength",), ("note",)),
    "agreed": (("grade", "serious", "cleared_at", "by"), ("evidence_strength",), ("note",)),
    "action": (("item",), ("text",), ("owner",), ("due",), ("status",), ("carried_from",)),
    "doc": (("title",), ("location", "kind"), ("date",)),
    "audit": (("case",), ("item",), ("grade",), ("note",), ("by",), ("at",), ("removed_at",),
              ("carried_from",)),
    "carried": (("reviewed_at", "reviewed_by"),),
}
"""Fields that change together: a three-way merge takes each group from one side."""
TIMES = {"entry": "at", "agreed": "at", "action": "at", "doc": "at"}
"""The field holding when a record last changed (an audit's `at` is the day it was done)."""


class Version(NamedTuple):
    """One version of a fact: its time, its content as bytes (to compare), its value."""

    when: datetime
    body: bytes
    value: Any


class Change(msgspec.Struct, frozen=True):
    """A fact whose value differs between two states (what came in from someone else)."""

    fact: Key
    before: Any
    after: Any


class Facts:
    """An assessment as facts. `facts[key]` holds the versions at that fact's latest time,
    the one that counts first (more than one only when copies changed it in one second)."""

    __slots__ = ("bank", "conflicts", "created", "facts", "orphans", "tombs")

    def __init__(self, bank: str, created: datetime | None = None) -> None:
        self.bank = bank
        self.created = created
        self.facts: dict[Key, list[Version]] = {}
        self.tombs: dict[str, datetime] = {}
        """Evidence codes taken out of the register: documents registered before go."""
        self.orphans: set[str] = set()
        self.conflicts: dict[str, Conflict] = {}
        """Both-changed records (same-time ones are versions in `facts`)."""

    def winners(self) -> dict[Key, Version]:
        return {key: versions[0] for key, versions in self.facts.items()}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Facts):
            return NotImplemented
        return (self.bank, self.created, self.tombs, self.orphans, self.conflicts) == \
            (other.bank, other.created, other.tombs, other.orphans, other.conflicts) and \
            {k: [(v.when, v.body) for v in vs] for k, vs in self.facts.items()} == \
            {k: [(v.when, v.body) for v in vs] for k, vs in other.facts.items()}

    __hash__ = None  # type: ignore[assignment]


# --- versions --------------------------------------------------------------------------


def _version(when: datetime | None, value: Any) -> Version:
    if isinstance(value, bool):
        return Version(stamp(when), b"1" if value else b"0", value)
    return Version(stamp(when), b"" if value is REMOVED else _ENCODE(value), value)


def _join(kind: str, ours: list[Version], theirs: list[Version]) -> list[Version]:
    """The versions at the latest time of either; the greatest content first."""
    if ours is theirs or ours == theirs:
        return ours
    top = max(ours[0].when, theirs[0].when)
    pool = {v.body: v for v in ours if v.when == top}
    for v in theirs:
        if v.when == top:
            pool.setdefault(v.body, v)
    if kind in PRESENCE or len(pool) == 1:
        return [pool[max(pool)]]
    return [pool[body] for body in sorted(pool, reverse=True)]


def _add(facts: Facts, key: Key, version: Version) -> None:
    found = facts.facts.get(key)
    facts.facts[key] = [version] if found is None else _join(key[0], found, [version])


def _join_conflict(one: Conflict, other: Conflict) -> Conflict:
    if one == other:
        return one
    bare = [msgspec.structs.replace(c, found=None, resolved_at=None) for c in (one, other)]
    chosen = one if _ENCODE(bare[0]) >= _ENCODE(bare[1]) else other
    found = [c.found for c in (one, other) if c.found is not None]
    resolved = [c.resolved_at for c in (one, other) if c.resolved_at is not None]
    return msgspec.structs.replace(chosen, found=min(found, key=stamp) if found else None,
                                   resolved_at=max(resolved, key=stamp) if resolved else None)


# --- an assessment as facts ---------------------------------------------------------------


EMPTY_ENTRY = Entry()


def facts(assessment: Assessment) -> Facts:
    """The facts an assessment holds (the same facts however the file lays them out)."""
    a = assessment
    out = Facts(a.bank, a.created)
    _add(out, ("header",), _version(a.updated, Header(
        authority=a.authority, title=a.title, demo=a.demo, bank_version=a.bank_version,
        bank_hash=a.bank_hash, mock=a.mock, board=a.board)))
    _presences(out, ("roster",), a.roster, a.roster_added, a.roster_removed)
    for place, responses in (("responses", a.responses), ("orphaned", a.orphaned)):
        for item, response in responses.items():
            before = len(out.facts)
            _response_facts(out, item, response)
            if place == "orphaned" and len(out.facts) > before:  # an empty table says nothing
                out.orphans.add(item)
    for action in a.actions:
        _add(out, ("action", action.id), _version(action.at or action.created, action))
    for action_id, when in a.actions_removed.items():
        _add(out, ("action", action_id), _version(when, REMOVED))
    for code, when in a.evidence_removed.items():
        out.tombs[code] = max(out.tombs.get(code, EARLIEST), stamp(when))
    for code, ref in a.evidence.items():
        for document in (_document(ref), *ref.also):
            _add(out, ("doc", code, document.id), _version(document.at, document))
    for unmapped in a.unmapped:
        _add(out, ("unmapped", unmapped.id), _version(unmapped.at, unmapped))
    for audit in a.audits:
        _add(out, ("audit", audit.id),
             _version(max(stamp(audit.at), stamp(audit.removed_at)), audit))
    for snapshot in a.snapshots:
        key = snapshot.id or derived_id("snapshot", snapshot.label, snapshot.taken.isoformat())
        _add(out, ("snapshot", key), _version(snapshot.taken, snapshot))
    for conflict in a.conflicts:
        revived = _revive(conflict) if conflict.kind == "same-time" else None
        if revived is not None:
            _add(out, tuple(conflict.fact), _version(conflict.at, revived))
        else:
            found = out.conflicts.get(conflict.id)
            out.conflicts[conflict.id] = conflict if found is None else \
                _join_conflict(found, conflict)
    _prune(out)
    return out


def same_response(item: str, one: Response, other: Response) -> bool:
    """Whether two responses to an item hold the same facts (however a file lays them out:
    a merge gives each assessor an entry, where a file may keep the first on the response)."""
    if one == other:
        return True
    facts_of = Facts(""), Facts("")
    _response_facts(facts_of[0], item, one)
    _response_facts(facts_of[1], item, other)
    return facts_of[0] == facts_of[1]


def _presences(out: Facts, prefix: Key, present: Iterable[str], added: dict[str, datetime],
               removed: dict[str, datetime]) -> None:
    for value in present:
        _add(out, (*prefix, value), _version(added.get(value), True))
    for value, when in removed.items():
        _add(out, (*prefix, value), _version(when, False))


def _response_facts(out: Facts, item: str, response: Response) -> None:
    own = response.own()
    for entry in ([own] if own is not None else []) + response.entries:
        if entry != EMPTY_ENTRY:
            _add(out, ("entry", item, entry.by), _version(entry.at, entry))
    if response.not_applicable or response.not_applicable_at is not None:
        _add(out, ("na", item), _version(response.not_applicable_at, response.not_applicable))
    _presences(out, ("evidence", item), response.evidence, response.evidence_added,
               response.evidence_removed)
    _presences(out, ("case", item), response.cases, response.cases_added,
               response.cases_removed)
    for agreement in ([response.agreed] if response.agreed else []) + response.agreements:
        _add(out, ("agreed", item, agreement.id), _version(agreement.at, agreement))
    for carried in response.carried:
        _add(out, ("carried", item, carried.id),
             _version(carried.reviewed_at or carried.at, carried))


def _document(ref: EvidenceRef) -> Document:
    return Document(id=ref.id, title=ref.title, location=ref.location, kind=ref.kind,
                    date=ref.date, at=ref.at)


IDENTITY = {"entry": (2, "by"), "agreed": (2, "id"), "action": (1, "id"),
            "doc": (2, "id"), "audit": (1, "id"), "snapshot": (1, "id"),
            "carried": (2, "id"), "unmapped": (1, "id")}
"""Where a fact's key holds the value's own identity (a record must agree with it)."""


def _revive(conflict: Conflict) -> Any:
    """The version a same-time record holds, as the value its fact takes; None when the
    record does not describe a fact this version keeps (it is then kept as it is)."""
    fact = conflict.fact
    kind = fact[0] if fact else ""
    if kind == "action" and len(fact) == 2 and conflict.values.get("removed") is True:
        return REMOVED
    shape = RECORDS.get(kind)
    where = IDENTITY.get(kind)
    if shape is None or len(fact) != (where[0] + 1 if where else 1):
        return None
    try:
        value = msgspec.convert(conflict.values, shape)
    except msgspec.ValidationError:
        return None
    if where is not None and getattr(value, where[1]) != fact[where[0]]:
        value = msgspec.structs.replace(value, **{where[1]: fact[where[0]]})
    return value


def _prune(out: Facts) -> None:
    """Register documents made before their code was taken out of the register go."""
    if not out.tombs:
        return
    for key in [k for k in out.facts if k[0] == "doc" and k[1] in out.tombs]:
        if out.facts[key][0].when <= out.tombs[key[1]]:
            del out.facts[key]


# --- facts back to an assessment --------------------------------------------------------


def _time(when: datetime) -> datetime | None:
    return None if when == EARLIEST else when


class _Item:
    __slots__ = ("agreements", "carried", "cases", "entries", "evidence", "na")

    def __init__(self) -> None:
        self.carried: list[Carried] = []
        self.entries: list[Entry] = []
        self.agreements: list[Agreed] = []
        self.na: Version | None = None
        self.evidence: dict[str, Version] = {}
        self.cases: dict[str, Version] = {}


def build(source: Facts) -> Assessment:
    """The assessment holding exactly these facts, in one canonical layout.

    One assessor's entry sits on the response, several are all under `entries` (sorted by
    name); lists are sorted. `apply` (readiness.docpatch) lays the same facts into a file
    the user already has, keeping its layout and comments instead.
    """
    header: Header | None = None
    updated: datetime | None = None
    roster: list[str] = []
    roster_added: dict[str, datetime] = {}
    roster_removed: dict[str, datetime] = {}
    items: dict[str, _Item] = {}
    actions: list[Action] = []
    actions_removed: dict[str, datetime] = {}
    documents: dict[str, list[Document]] = {}
    audits: list[Audit] = []
    unmapped: list[Unmapped] = []
    snapshots: list[Snapshot] = []
    conflicts = dict(source.conflicts)

    def item(item_id: str) -> _Item:
        found = items.get(item_id)
        if found is None:
            found = items[item_id] = _Item()
        return found

    for key, versions in source.facts.items():
        kind, win = key[0], versions[0]
        for other in versions[1:]:
            record = same_time(key, other)
            conflicts[record.id] = record
        value = win.value
        if kind == "header":
            header, updated = value, _time(win.when)
        elif kind == "roster":
            if value:
                roster.append(key[1])
                if win.when != EARLIEST:
                    roster_added[key[1]] = win.when
            else:
                roster_removed[key[1]] = win.when
        elif kind == "entry":
            item(key[1]).entries.append(value)
        elif kind == "agreed":
            item(key[1]).agreements.append(value)
        elif kind == "na":
            item(key[1]).na = win
        elif kind == "evidence":
            item(key[1]).evidence[key[2]] = win
        elif kind == "case":
            item(key[1]).cases[key[2]] = win
        elif kind == "action":
            if value is REMOVED:
                actions_removed[key[1]] = win.when
            else:
                actions.append(value)
        elif kind == "doc":
            documents.setdefault(key[1], []).append(value)
        elif kind == "audit":
            audits.append(value)
        elif kind == "unmapped":
            unmapped.append(value)
        elif kind == "carried":
            item(key[1]).carried.append(value)
        elif kind == "snapshot":
            snapshots.append(value)
    if header is None:
        raise MergeError("there is nothing to merge")
    responses: dict[str, Response] = {}
    orphaned: dict[str, Response] = {}
    for item_id in sorted(items):
        (orphaned if item_id in source.orphans else responses)[item_id] = \
            _response(items[item_id])
    register: dict[str, EvidenceRef] = {}
    for code in sorted(documents):
        first, *rest = sorted(documents[code], key=lambda d: d.id)
        register[code] = EvidenceRef(**msgspec.structs.asdict(first),
                                     also=rest)
    return Assessment(
        schema=2, bank=source.bank, bank_hash=header.bank_hash,
        bank_version=header.bank_version, authority=header.authority, title=header.title,
        demo=header.demo, created=source.created, updated=updated, mock=header.mock,
        board=header.board,
        roster=sorted(roster), roster_removed=roster_removed, roster_added=roster_added,
        responses=responses,
        actions=sorted(actions, key=lambda a: (stamp(a.created), a.id)),
        actions_removed=actions_removed, evidence=register,
        evidence_removed=dict(sorted(source.tombs.items())), orphaned=orphaned,
        snapshots=sorted(snapshots, key=lambda s: (stamp(s.taken), s.id)),
        audits=sorted(audits, key=lambda a: (stamp(a.at), a.id)),
        unmapped=sorted(unmapped, key=lambda u: (stamp(u.at), u.id)),
        conflicts=sorted(conflicts.values(), key=lambda c: c.id))


def _response(parts: _Item) -> Response:
    entries = sorted(parts.entries, key=lambda e: e.by)
    own: dict[str, Any] = {}
    if len(entries) == 1:
        own = {f: getattr(entries[0], f) for f in
               ("by", "grade", "evidence_strength", "note", "at", "serious", "cleared_at")}
        entries = []
    evidence, evidence_added, evidence_removed = _split(parts.evidence)
    cases, cases_added, cases_removed = _split(parts.cases)
    na = parts.na
    return Response(
        **own, entries=entries, agreements=sorted(parts.agreements, key=lambda a: a.id),
        evidence=evidence, evidence_added=evidence_added, evidence_removed=evidence_removed,
        cases=cases, cases_added=cases_added, cases_removed=cases_removed,
        not_applicable=bool(na and na.value),
        not_applicable_at=_time(na.when) if na is not None else None,
        carried=sorted(parts.carried, key=lambda c: c.id))


def _split(found: dict[str, Version]) -> tuple[list[str], dict[str, datetime],
                                                 dict[str, datetime]]:
    present = sorted(v for v, version in found.items() if version.value)
    added = {v: found[v].when for v in present if found[v].when != EARLIEST}
    removed = {v: version.when for v, version in sorted(found.items()) if not version.value}
    return present, added, removed


def same_time(key: Key, version: Version) -> Conflict:
    """The record of a version that waits because another, made in the same second, counts."""
    values = {"removed": True} if version.value is REMOVED else \
        msgspec.to_builtins(version.value, builtin_types=_BUILTIN)
    return Conflict(id=derived_id("same-time", *key, version.body.decode()), fact=list(key),
                    kind="same-time", values=values, at=_time(version.when))


# --- two-way merge ------------------------------------------------------------------------


def join(one: Facts, other: Facts) -> Facts:
    """The least upper bound of two fact sets (the heart of `merge`)."""
    if one.bank != other.bank:
        raise MergeError(f"one file is an assessment of {one.bank}, the other of "
                         f"{other.bank}: only assessments of the same bank can be merged")
    out = Facts(one.bank, _earliest(one.created, other.created))
    out.facts = dict(one.facts)
    for key, versions in other.facts.items():
        found = out.facts.get(key)
        out.facts[key] = versions if found is None else _join(key[0], found, versions)
    out.tombs = dict(one.tombs)
    for code, when in other.tombs.items():
        out.tombs[code] = max(out.tombs.get(code, EARLIEST), when)
    out.orphans = one.orphans | other.orphans
    out.conflicts = dict(one.conflicts)
    for cid, conflict in other.conflicts.items():
        found_conflict = out.conflicts.get(cid)
        out.conflicts[cid] = conflict if found_conflict is None else \
            _join_conflict(found_conflict, conflict)
    _prune(out)
    return out


def _earliest(*times: datetime | None) -> datetime | None:
    found = [t for t in times if t is not None]
    return min(found, key=stamp) if found else None


def merge(*assessments: Assessment) -> Assessment:
    """Every input's facts in one assessment: commutative, associative, idempotent.

    Every assessor's entries, evidence, notes, actions, snapshots and audits are kept;
    grades agreed apart that differ are kept and the item is to agree; versions made in
    the same second wait in `conflicts`. Refuses assessments of different banks.
    """
    if not assessments:
        raise MergeError("there is nothing to merge")
    found = facts(assessments[0])
    for other in assessments[1:]:
        found = join(found, facts(other))
    return build(found)


def same_facts(one: Assessment, other: Assessment) -> bool:
    """Whether two assessments hold the same facts (however their files lay them out)."""
    return facts(one) == facts(other)


RESPONSE_FACTS = ("entry", "na", "evidence", "case", "agreed", "carried")
"""The kinds of fact that live in an item's response (`_response_facts`)."""


def items_that_differ(one: Facts, other: Facts) -> set[str]:
    """The items whose responses hold different facts in the two."""
    def versions(found: list[Version] | None) -> list[tuple[datetime, bytes]]:
        return [(v.when, v.body) for v in found or []]

    return {key[1] for key in one.facts.keys() | other.facts.keys()
            if key[0] in RESPONSE_FACTS
            and versions(one.facts.get(key)) != versions(other.facts.get(key))}


# --- three-way merge ----------------------------------------------------------------------


class Merged(NamedTuple):
    assessment: Assessment
    conflicts: list[Conflict]
    """Fields two people changed since the base (new records, also in the assessment)."""
    incoming: list[Change]
    """What the result has that `mine` did not: what came in from the other side."""


def merge3(base: Assessment | None, mine: Assessment, theirs: Assessment, *,
           found: datetime | None = None) -> Merged:
    """Merge two versions made from one base (a save over a changed file; git).

    A fact changed on one side takes that side; changed on both, each group of fields
    (a grade with its serious mark, a note, a status…) changed on one side only takes
    that side; a group changed on both to different values is a conflict: the later
    change counts and the other is recorded in the result's `conflicts`.
    """
    ours, other = facts(mine), facts(theirs)
    if ours.bank != other.bank:
        raise MergeError(f"one file is an assessment of {ours.bank}, the other of "
                         f"{other.bank}: only assessments of the same bank can be merged")
    start = facts(base) if base is not None and base.bank == ours.bank else Facts(ours.bank)
    found = found or now()
    out = join(_without_facts(ours), _without_facts(other))
    new: list[Conflict] = []
    for key in ours.facts.keys() | other.facts.keys():
        m, t, b = ours.facts.get(key), other.facts.get(key), start.facts.get(key)
        if m == t or t == b:
            result = m
        elif m == b:
            result = t
        elif m is None or t is None:  # removed by hand on one side, changed on the other
            result = m or t
        elif key[0] in PRESENCE:
            result = _join(key[0], m, t)
        else:
            result, records = _three_way(key, b[0] if b else None, m, t, found)
            new += records
        if result is not None:
            out.facts[key] = result
    for record in new:
        out.conflicts[record.id] = record
    _prune(out)
    merged = build(out)
    return Merged(merged, new, changes(ours, out))


def _without_facts(source: Facts) -> Facts:
    out = Facts(source.bank, source.created)
    out.tombs, out.orphans, out.conflicts = source.tombs, source.orphans, source.conflicts
    return out


def _three_way(key: Key, base: Version | None, mine: list[Version], theirs: list[Version],
               found: datetime) -> tuple[list[Version], list[Conflict]]:
    kind = key[0]
    m, t = mine[0], theirs[0]
    later, earlier = (m, t) if (m.when, m.body) >= (t.when, t.body) else (t, m)
    records = [_both_changed(key, v, {}, {}, found) for v in (*mine[1:], *theirs[1:])]
    groups = GROUPS.get(kind)
    if groups is None or REMOVED in (m.value, t.value) or \
            (base is not None and base.value is REMOVED):
        if m.body != t.body:
            records.append(_both_changed(key, earlier, _values(earlier.value),
                                         _values(later.value), found))
        return [later], records
    fields: dict[str, Any] = {}
    for group in groups:
        vm, vt = _group(m.value, group), _group(t.value, group)
        vb = _group(base.value, group) if base is not None else None
        if vm == vt or vt == vb:
            chosen = vm
        elif vm == vb:
            chosen = vt
        else:
            chosen = _group(later.value, group)
            records.append(_both_changed(key, earlier, dict(zip(group, _group(
                earlier.value, group), strict=True)), dict(zip(group, chosen, strict=True)),
                found))
        fields.update(zip(group, chosen, strict=True))
    when = max(m.when, t.when)
    if kind in TIMES:
        fields[TIMES[kind]] = _time(when)
    if kind == "action":
        fields["created"] = _earliest(m.value.created, t.value.created)
    value = msgspec.structs.replace(m.value, **fields)
    return [_version(when, value)], records


def _group(value: Any, group: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(getattr(value, name) for name in group)


def _values(value: Any) -> dict[str, Any]:
    if value is REMOVED:
        return {"removed": True}
    found: dict[str, Any] = msgspec.to_builtins(value, builtin_types=_BUILTIN)
    return found


def _both_changed(key: Key, version: Version, values: dict[str, Any], kept: dict[str, Any],
                  found: datetime) -> Conflict:
    values = _plain(values or _values(version.value))
    kept = _plain(kept)
    return Conflict(
        id=derived_id("both-changed", *key, _ENCODE(values).decode(), version.when.isoformat()),
        fact=list(key), kind="both-changed", values=values, at=_time(version.when),
        kept=kept, found=found)


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Values TOML can hold: builtins, no None or False (an absent field is its default)."""
    found: dict[str, Any] = msgspec.to_builtins(values, builtin_types=_BUILTIN)
    return {k: v for k, v in found.items() if v is not None and v is not False}


def changes(before: Facts, after: Facts) -> list[Change]:
    """The facts whose value (the version that counts) differs between two states."""
    old, new = before.winners(), after.winners()
    out = []
    for key in sorted(old.keys() | new.keys()):
        was, now_ = old.get(key), new.get(key)
        if (was.body if was else None) != (now_.body if now_ else None):
            out.append(Change(key, was.value if was else None, now_.value if now_ else None))
    return out


def merge_all(assessments: Sequence[Assessment]) -> Assessment:
    return merge(*assessments)
