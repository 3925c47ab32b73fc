"""An assessment: one authority's responses to one bank, and the one place its shape is defined.

The file is TOML a person can read and edit. This module defines its shape (msgspec
Structs, which also give a JSON Schema), reads it with `tomllib` for the light commands
(summary, export), and checks it against its bank. Edits go through `readiness.edits`,
which works on the tomlkit document so comments and hand edits survive.

Workshops are designed in from the start: a response holds one entry per assessor and
an optional agreed grade. With one assessor the entry's fields sit directly on the
response, so the common file stays simple; both forms are read the same way.

Since format 2 the file is a set of small facts, each with its own identity and time, so
copies from several people merge without losing anything (`readiness.merge`): one
assessor's entry on one item (`item`, `by`, its `at`), an agreed grade (its own `id`),
an action, a register entry, an audit or a snapshot (a short random `id`: two laptops
never make the same one), an evidence reference or case ID on an item. Deleting is a
fact too: a cleared grade keeps `cleared_at`, a removed reference, action or register
entry leaves its time in a `*_removed` table, so a merge with an older copy does not
bring it back.
"""

import hashlib
import re
import tomllib
import uuid
from collections.abc import Callable, Iterator, MutableMapping
from datetime import UTC, datetime
from datetime import date as Date
from pathlib import Path
from typing import Any, Literal

import msgspec

from readiness import limits
from readiness.banks import Bank
from readiness.errors import AssessmentError

SCHEMA = 2
"""The assessment file format this version writes. Older files are migrated on load."""

Strength = Literal["none", "partial", "strong"]
STRENGTHS: tuple[Strength, ...] = ("none", "partial", "strong")
ActionStatus = Literal["open", "in_progress", "done", "dropped"]
ACTION_STATUSES: tuple[ActionStatus, ...] = ("open", "in_progress", "done", "dropped")
LocationKind = Literal["file", "url", "reference"]
Recommendation = Literal["note", "endorse", "agree"]
RECOMMENDATIONS: tuple[Recommendation, ...] = ("note", "endorse", "agree")
Marking = Literal["OFFICIAL", "OFFICIAL-SENSITIVE"]
MARKINGS: tuple[Marking, ...] = ("OFFICIAL", "OFFICIAL-SENSITIVE")

CASE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$")
"""A case reference is an ID from the case system: no spaces, so no names."""


class _Shape(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, omit_defaults=True):
    pass


class Entry(_Shape, kw_only=True):
    """One assessor's view of an item."""

    by: str = ""
    grade: str | None = None
    evidence_strength: Strength | None = None
    note: str = ""
    at: datetime | None = None
    serious: bool = False
    """The grade (the worst of the scale) is a serious failure: children harmed or at risk."""
    cleared_at: datetime | None = None
    """When this assessor's grade was taken off (a merge with an older copy keeps it off)."""

    @property
    def is_empty(self) -> bool:
        return self.grade is None and not self.note and self.evidence_strength is None


class Agreed(_Shape, kw_only=True):
    """The grade a workshop agreed; when present it is the item's grade.

    Each agreement has its own `id`: changing it keeps the id (a later `at` wins), so an
    agreement changed on one laptop replaces the older one in a merge, while grades agreed
    apart on two laptops are both kept and the item is to agree again. A cleared agreement
    keeps its id and `cleared_at`, without a grade.
    """

    id: str = ""
    grade: str | None = None
    serious: bool = False
    evidence_strength: Strength | None = None
    by: str = ""
    at: datetime | None = None
    note: str = ""
    cleared_at: datetime | None = None

    @property
    def live(self) -> bool:
        return self.grade is not None


class Carried(_Shape, kw_only=True):
    """A grade proposed by an assessment on another framework (`readiness carry`).

    It counts toward nothing: the item stays "to review" until someone gives it a grade
    or confirms this one (`reviewed_at`). The record stays as the item's history.
    """

    id: str
    bank: str
    """The framework it came from (its bank id)."""
    item: str
    """The item it came from there."""
    grade: str = ""
    """The grade that counted there (a slug of that bank's scale; empty if none)."""
    proposed: str = ""
    """The grade proposed here (a slug of this bank's scale; empty if none)."""
    relationship: str = ""
    """How the two items relate (the crosswalk's equal, subset, superset or overlap)."""
    note: str = ""
    """What the assessors wrote there (their rationale)."""
    not_applicable: bool = False
    """The item was marked not applicable there."""
    evidence_strength: str = ""
    """How strongly evidenced it was there (none, partial, strong; empty if not rated)."""
    evidence: list[str] = []
    """The evidence codes it cited there (attached here too)."""
    cases: list[str] = []
    """The case IDs it cited there (attached here too)."""
    by: str = ""
    """Who carried it."""
    at: datetime | None = None
    reviewed_at: datetime | None = None
    """When someone confirmed the proposal or gave the item a grade of their own."""
    reviewed_by: str = ""

    @property
    def live(self) -> bool:
        return self.reviewed_at is None


class Response(_Shape, kw_only=True, dict=True):
    """An item's response. Single-assessor fields sit here; more assessors go in `entries`.

    A response is replaced, never changed in place, when an item is edited (the engine
    remembers its view of each response on the response itself).

    `agreed` is the agreed grade that counts; `agreements` keeps the others: cleared ones,
    the same grade agreed twice, and, when grades were agreed apart and differ, all of
    them (then `agreed` is empty, each counts as an assessor's grade and the item is to
    agree: `to_agree`). Every response is put in that form when it is made.
    """

    grade: str | None = None
    evidence_strength: Strength | None = None
    note: str = ""
    by: str = ""
    at: datetime | None = None
    serious: bool = False
    cleared_at: datetime | None = None
    entries: list[Entry] = []
    agreed: Agreed | None = None
    agreements: list[Agreed] = []
    evidence: list[str] = []
    """Codes in the assessment's evidence register."""
    evidence_removed: dict[str, datetime] = {}
    """Codes taken off this item, with when (kept so an older copy does not bring them back)."""
    evidence_added: dict[str, datetime] = {}
    """Codes put back after being taken off, with when."""
    cases: list[str] = []
    """Case IDs (never names) that back the grade; left out of exports unless asked for."""
    cases_removed: dict[str, datetime] = {}
    cases_added: dict[str, datetime] = {}
    not_applicable: bool = False
    """The item does not apply here (ESN 41, 75, 88 where nothing is delegated)."""
    not_applicable_at: datetime | None = None
    """When `not_applicable` was last set or taken off."""
    carried: list[Carried] = []
    """Grades proposed by an assessment on another framework, to review."""

    def __post_init__(self) -> None:
        if self.agreements or (self.agreed is not None and not self.agreed.live):
            self.agreed, self.agreements = settle(
                ([self.agreed] if self.agreed is not None else []) + self.agreements)

    def own(self) -> Entry | None:
        """The entry whose fields sit on the response itself, if there is one."""
        if self.grade is None and self.evidence_strength is None and not self.note \
                and not self.by and self.at is None and self.cleared_at is None \
                and not self.serious:
            return None
        return Entry(by=self.by, grade=self.grade, evidence_strength=self.evidence_strength,
                     note=self.note, at=self.at, serious=self.serious,
                     cleared_at=self.cleared_at)

    def assessor_entries(self) -> list[Entry]:
        """Every assessor's own entry (the single-assessor form included)."""
        own = self.own()
        if own is None or (own.is_empty and not own.by):
            return list(self.entries)
        return [own, *self.entries]

    def assessors(self) -> list[Entry]:
        """Every assessor's entry; grades agreed apart that differ count as assessors' too."""
        found = self.assessor_entries()
        if self.to_agree:
            found += [Entry(by=f"{a.by or 'unnamed'} (agreed)", grade=a.grade,
                            evidence_strength=a.evidence_strength, note=a.note, at=a.at,
                            serious=a.serious)
                      for a in self.agreements if a.live]
        return found

    def live_agreements(self) -> list[Agreed]:
        return [a for a in ([self.agreed] if self.agreed else []) + self.agreements if a.live]

    @property
    def to_agree(self) -> bool:
        """Different grades were agreed apart (two laptops, two rooms): agree it again."""
        return self.agreed is None and any(a.live for a in self.agreements)

    def grades(self) -> list[str]:
        if self.agreed is not None and self.agreed.grade is not None:
            return [self.agreed.grade]
        return [e.grade for e in self.assessors() if e.grade is not None]

    @property
    def assessed(self) -> bool:
        return bool(self.grades())


def _latest(agreement: Agreed) -> tuple[datetime, str]:
    return stamp(agreement.at), agreement.id


def settle(records: list[Agreed]) -> tuple[Agreed | None, list[Agreed]]:
    """The agreement that counts (one grade agreed, the latest record of it), and the rest.

    When the live records agree on different grades (or one marks a serious failure and
    another not), none counts: all are kept and the item is to agree.
    """
    live = [r for r in records if r.live]
    if len({(r.grade, r.serious) for r in live}) == 1:
        chosen = max(live, key=_latest)
        return chosen, sorted((r for r in records if r is not chosen), key=lambda r: r.id)
    return None, sorted(records, key=lambda r: r.id)


class Action(_Shape, kw_only=True):
    """An improvement action. `id` is random and never shown: people see A1, A2… (the
    action's place in the file, `Assessment.action_label`)."""

    id: str
    item: str
    text: str
    owner: str = ""
    due: Date | None = None
    status: ActionStatus = "open"
    created: datetime | None = None
    at: datetime | None = None
    """When it was last changed (`created` until then)."""
    carried_from: str = ""
    """Where a carried action came from ("sif-2015 ESN06")."""


class Document(_Shape, kw_only=True):
    """A document registered under a code: its own `id`, so two registered apart stay two."""

    id: str = ""
    title: str
    location: str = ""
    kind: LocationKind | None = None
    date: Date | None = None
    at: datetime | None = None
    """When it was registered or last changed."""


class EvidenceRef(Document, kw_only=True):
    """A document in the authority's evidence register, keyed by its code.

    `also` holds other documents registered under the same code on another copy of the
    file (found by a merge): kept, and shown so someone gives one of them a new code.
    """

    also: list[Document] = []


class Conflict(_Shape, kw_only=True):
    """A version of a fact a merge could not keep in place, kept here so nothing is lost.

    `same-time`: two copies changed the same fact in the same second (the other version
    counts; this one waits here). `both-changed`: two people changed the same field since
    the version they both read (a save over a changed file, or git); the later counts.
    """

    id: str
    fact: list[str]
    """What it is about: ["entry", ITEM, BY], ["agreed", ITEM, ID], ["action", ID]…"""
    kind: Literal["same-time", "both-changed"]
    values: dict[str, Any]
    """The version set aside (for both-changed: the fields changed on both sides)."""
    at: datetime | None = None
    """When the version set aside was made."""
    kept: dict[str, Any] = {}
    """What counts instead, as it was when the merge found it."""
    found: datetime | None = None
    resolved_at: datetime | None = None
    """When someone chose between the two (it stays, as a record)."""

    @property
    def open(self) -> bool:
        return self.resolved_at is None


AUDIT_ID = re.compile(r"^[0-9a-f]{8}$")
"""An audit's id: 8 hex characters, random, so two people's audits never collide."""


class Audit(_Shape, kw_only=True):
    """One case audited against one item: the grade of practice found, on the bank's scale.

    Audits are evidence people read; they do not change the engine's grades. Removing one
    leaves a tombstone (`removed_at`), so a merge with an older copy does not bring it back.
    """

    id: str
    case: str
    """A case ID from the case system, never a name."""
    item: str
    grade: str
    note: str = ""
    by: str = ""
    at: datetime
    removed_at: datetime | None = None
    carried_from: str = ""
    """Where a carried audit came from ("sif-2015 ESN08")."""

    @property
    def removed(self) -> bool:
        return self.removed_at is not None


class Unmapped(_Shape, kw_only=True):
    """Something carried from another framework that has no counterpart item here: kept,
    listed, never dropped (`readiness carry`)."""

    id: str
    bank: str
    kind: Literal["response", "action", "audit", "snapshot", "setting", "conflict"]
    item: str = ""
    """The item it belonged to there."""
    judgement: str = ""
    """Where the crosswalk points it here when only a judgement (not an item) fits."""
    text: str
    """What it held, in words: a grade and rationale, an action, an audit."""
    at: datetime | None = None


class SnapshotJudgement(_Shape, kw_only=True):
    likely: str
    low: str
    high: str
    assessed: int = 0
    evidenced: int = 0


class Snapshot(_Shape, kw_only=True):
    """The state frozen for a board (`readiness snapshot`), to compare later packs with."""

    id: str = ""
    label: str
    taken: datetime
    judgements: dict[str, SnapshotJudgement] = {}
    grades: dict[str, str] = {}


class MockSettings(_Shape, kw_only=True):
    """A mock inspection's settings, kept with the assessment so the whole team sees them."""

    notified: Date | None = None
    """The day Ofsted rang (or the rehearsal's pretend call)."""
    region: Literal["england", "wales", "scotland"] = "england"
    """Whose bank holidays the timeline skips."""
    lists: str = ""
    """The folder (or workbook) of the authority's Annex A child-level lists: a path
    relative to the assessment's folder, or absolute."""
    profile: str = ""
    """The sample profile to draw (the bank's `[[sample]]`)."""
    seed: int | None = None
    """The same lists and seed give the same sample."""


class Board(_Shape, kw_only=True):
    """The board a pack goes to (`[board]`): remembered so the next export reuses it."""

    name: str = ""
    """"Corporate Parenting Board"."""
    meeting: Date | None = None
    lead: str = ""
    """The lead officer presenting the paper ("Director of Children's Services")."""
    recommendation: Recommendation | None = None
    """What the board is asked to do with the paper: note, endorse or agree it."""
    marking: Marking | None = None
    """Government Security Classification of the paper."""
    by_framework: str = ""
    """Group the paper's strengths and priorities by this framework's outcomes (a bank id,
    through a crosswalk where it is not the assessment's own); "" or "own": by the bank's
    own judgements."""

    def over(self, base: "Board | None") -> "Board":
        """These fields where given, else the base's (what was remembered)."""
        if base is None:
            return self
        given = {name: getattr(self, name) for name in self.__struct_fields__
                 if getattr(self, name) not in (None, "")}
        return msgspec.structs.replace(base, **given)


class Assessment(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    schema: int
    bank: str
    bank_hash: str = ""
    bank_version: str = ""
    authority: str
    title: str = ""
    demo: bool = False
    created: datetime | None = None
    updated: datetime | None = None
    roster: list[str] = []
    """The people scoring in this workshop, typed once (`readiness roster`)."""
    roster_removed: dict[str, datetime] = {}
    roster_added: dict[str, datetime] = {}
    responses: dict[str, Response] = {}
    actions: list[Action] = []
    actions_removed: dict[str, datetime] = {}
    """Actions removed (by id), with when."""
    evidence: dict[str, EvidenceRef] = {}
    evidence_removed: dict[str, datetime] = {}
    """Codes taken out of the register, with when."""
    orphaned: dict[str, Response] = {}
    """Responses to items the bank no longer has: kept, reported, never dropped."""
    snapshots: list[Snapshot] = []
    mock: MockSettings | None = None
    audits: list[Audit] = []
    """Case audits, removed ones kept as tombstones (see `live_audits`)."""
    unmapped: list[Unmapped] = []
    """What an assessment on another framework held that nothing here answers to."""
    board: Board | None = None
    """The board the next pack goes to, as last given (`readiness export --board ...`)."""
    conflicts: list[Conflict] = []
    """Versions a merge set aside (see `Conflict`)."""

    def response(self, item_id: str) -> Response | None:
        return self.responses.get(item_id)

    def actions_for(self, item_id: str) -> list[Action]:
        return [a for a in self.actions if a.item == item_id]

    def action_label(self, action_id: str) -> str:
        """What people call an action: A1, A2… in the order of the file."""
        for n, action in enumerate(self.actions, start=1):
            if action.id == action_id:
                return f"A{n}"
        return action_id

    def find_action(self, text: str) -> Action | None:
        """An action by its label (A3, a3) or its id."""
        wanted = text.strip().lower()
        for action in self.actions:
            if action.id.lower() == wanted:
                return action
        match = re.fullmatch(r"a\s*(\d+)", wanted)
        if match and 1 <= int(match.group(1)) <= len(self.actions):
            return self.actions[int(match.group(1)) - 1]
        return None

    def people(self) -> list[str]:
        """The roster, then anyone else who has an entry, in the order first met."""
        found = dict.fromkeys(self.roster)
        for response in self.responses.values():
            for entry in response.assessor_entries():
                if entry.by:
                    found.setdefault(entry.by)
        return list(found)

    def open_conflicts(self) -> list[Conflict]:
        return [c for c in self.conflicts if c.open]

    def live_audits(self, item_id: str | None = None) -> list[Audit]:
        """The audits that stand (not removed), of one item or of all."""
        return [a for a in self.audits if a.removed_at is None
                and (item_id is None or a.item == item_id)]

    def evidence_uses(self) -> dict[str, list[str]]:
        """Evidence code to the items that cite it."""
        uses: dict[str, list[str]] = {code: [] for code in self.evidence}
        for item_id, response in self.responses.items():
            for code in response.evidence:
                uses.setdefault(code, []).append(item_id)
        return uses


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


EARLIEST = datetime.min.replace(tzinfo=UTC)


def stamp(at: datetime | None) -> datetime:
    """A time to compare: none is the earliest; a time written without a zone is UTC."""
    if at is None:
        return EARLIEST
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


def new_id() -> str:
    """A short random id (8 hex digits of a uuid4): two laptops never make the same one."""
    return uuid.uuid4().hex[:8]


def derived_id(*parts: object) -> str:
    """A short id worked out from what a thing is, so two copies migrate to the same id."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:8]


TODAY_ENV = "READINESS_TODAY"


def today() -> Date:
    """Today's date, for what is overdue and what a pack is dated: READINESS_TODAY
    (YYYY-MM-DD) fixes it, so tests, screenshots and rehearsals are repeatable."""
    import os

    fixed = os.environ.get(TODAY_ENV, "").strip()
    if fixed:
        try:
            return Date.fromisoformat(fixed)
        except ValueError:
            pass
    return Date.today()


# --- reading ----------------------------------------------------------------------


def parse(text: str, path: Path) -> Assessment:
    """Text to a checked `Assessment` (shape only; `check` compares it with its bank)."""
    limits.check_toml(text, path, limits.ASSESSMENT, AssessmentError)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        from readiness.tomlpos import toml_error

        message, line = toml_error(str(exc), text)
        raise AssessmentError(f"the file is damaged: {message}", file=path, line=line) from None
    return from_dict(raw, text, path)


_INLINE_COMMA = re.compile(r",[ \t]*\}")
_INLINE_LINES = re.compile(r"\{[^}\n]*\n")
_ESCAPE = re.compile(r"\\[xe]")
_MINUTES = re.compile(r":[0-9]{2}(?![:0-9])(?<![0-9]{2}:[0-9]{2}:[0-9]{2})")
"""Minutes not followed by seconds (nor themselves the seconds of a time)."""
_BEFORE_TIME = re.compile(r"(?:^|[=,\[{])[ \t]*(?:[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ])?[0-9]{2}$")


def _newer_toml(text: str) -> bool:
    """Whether the text may hold what rtoml reads (TOML 1.1) and tomllib does not (TOML
    1.0): a trailing comma or a line break in an inline table, the \\xHH and \\e escapes,
    a time without seconds. Seen anywhere, even in a string, the file is read with
    tomllib, which names the problem when there is one. (A search for each, with a
    literal first where it can: one pattern for all four takes tenfold longer.)"""
    if text.startswith("\ufeff") or _INLINE_COMMA.search(text) or _INLINE_LINES.search(text):
        return True
    for found in _ESCAPE.finditer(text):
        before = found.start() - 1
        while before >= 0 and text[before] == "\\":
            before -= 1
        if (found.start() - 1 - before) % 2 == 0:
            return True  # an even number of backslashes before this one: an escape
    for found in _MINUTES.finditer(text):
        line_start = text.rfind("\n", 0, found.start()) + 1
        if _BEFORE_TIME.search(text, line_start, found.start()):
            return True
    return False


def parse_fast(text: str, path: Path, *, limits_checked: bool = False) -> Assessment:
    """`parse`, about ten times faster (rtoml; 1.2 MB in 0.02 s, against tomllib's 0.3 s).

    What rtoml reads that tomllib does not (TOML 1.1's additions, a byte order mark) is
    read with tomllib, as is a file rtoml will not read, so a file reads the same as with
    `parse` and problems are named exactly as `parse` names them (tested).
    `limits_checked`: the caller checked the text against `limits` already.
    """
    if not limits_checked:
        limits.check_toml(text, path, limits.ASSESSMENT, AssessmentError)
    raw = loads_fast(text)
    return parse(text, path) if raw is None else from_dict(raw, text, path)


def loads_fast(text: str) -> dict[str, Any] | None:
    """The TOML text as tomllib reads it, read with rtoml (about ten times faster); None
    when only tomllib can tell (TOML 1.1's additions, a byte order mark, a text rtoml
    will not read: tomllib then reads it, and names any problem). Check the limits
    first."""
    try:
        import rtoml
    except ImportError:  # pragma: no cover - rtoml is a dependency; tomllib still works
        return None
    if _newer_toml(text):
        return None
    try:
        found: dict[str, Any] = rtoml.loads(text)
    except ValueError:
        return None
    return found


Migration = Callable[[MutableMapping[str, Any]], None]


def _part(value: object) -> str:
    """A value as text for `derived_id`, the same whether tomllib or tomlkit read it."""
    if isinstance(value, datetime | Date):
        return value.isoformat()
    return str(value)


def _to_format_2(raw: MutableMapping[str, Any]) -> None:
    """Format 1 to 2: ids for agreed grades, actions, register entries and snapshots.

    The ids are worked out from what each thing is (not random), so two copies of one
    format-1 file migrated on two laptops give the same ids and still merge. Action
    ids `A1`, `A2` become ids; people still call them A1, A2 (their place in the file).
    Nothing else changes: format 1 is a format-2 file with no tombstones yet.
    """
    for where in ("responses", "orphaned"):
        for item_id, response in (raw.get(where) or {}).items():
            agreed = response.get("agreed")
            if agreed is not None and "id" not in agreed:
                agreed["id"] = derived_id("agreed", item_id)
    for action in raw.get("actions") or []:
        action["id"] = derived_id("action", *(_part(action.get(k, "")) for k in
                                              ("id", "item", "created")))
    for code, entry in (raw.get("evidence") or {}).items():
        if "id" not in entry:
            entry["id"] = derived_id("evidence", code)
    for snapshot in raw.get("snapshots") or []:
        if "id" not in snapshot:
            snapshot["id"] = derived_id("snapshot", _part(snapshot.get("label", "")),
                                        _part(snapshot.get("taken", "")))


MIGRATIONS: dict[int, Migration] = {1: _to_format_2}
"""Format N -> a function that turns a version-N file into version N+1, in place.

Migrations work on any mapping, so the light read (tomllib dicts) and the edit (tomlkit
document) share them.
"""


def migrate(raw: MutableMapping[str, Any], path: Path) -> int | None:
    """Bring a file's data to the current format in place; answer the format it had."""
    version = raw.get("schema")
    if not isinstance(version, int) or isinstance(version, bool):
        raise AssessmentError("the file has no `schema = N` line, so it is not an assessment "
                              "made by readiness", file=path, line=1)
    if version > SCHEMA:
        raise AssessmentError(
            f"this file was written by a newer version of readiness (file format {version}; "
            f"this version reads up to {SCHEMA})",
            file=path, hint="Update readiness to open it; nothing was changed.",
        )
    if version == SCHEMA:
        return None
    for step in range(version, SCHEMA):
        if step not in MIGRATIONS:
            raise AssessmentError(f"this version of readiness cannot read file format {version}",
                                  file=path)
        MIGRATIONS[step](raw)
        raw["schema"] = step + 1
    return version


def declared_schema(text: str) -> int | None:
    """The `schema = N` at the top of a file (its data is migrated as it is read)."""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            break
        key, _, value = stripped.partition("=")
        if key.strip() == "schema":
            value = value.split("#", 1)[0].strip()
            return int(value) if value.isascii() and value.isdigit() else None
    return None


def from_dict(raw: MutableMapping[str, Any], text: str, path: Path) -> Assessment:
    migrate(raw, path)
    try:
        return msgspec.convert(raw, Assessment)
    except msgspec.ValidationError as exc:
        from readiness.tomlpos import validation_error

        where, line, detail = validation_error(str(exc), text)
        label = ".".join(str(p) for p in where)
        raise AssessmentError(
            f"{label}: {detail}" if label else detail, file=path, line=line
        ) from None


class Problem(msgspec.Struct, frozen=True):
    message: str
    where: tuple[str | int, ...]


def check(assessment: Assessment, bank: Bank) -> Iterator[Problem]:
    """Ways a (hand-edited) file disagrees with its bank that would make a score wrong."""
    grades = bank.grade_index
    scale = ", ".join(grades)
    for item_id, response in assessment.responses.items():
        where: tuple[str | int, ...] = ("responses", item_id)
        if response.grade is not None and response.grade not in grades:
            yield Problem(f"{item_id}: grade {response.grade!r} is not in the scale ({scale})",
                          (*where, "grade"))
        for n, entry in enumerate(response.entries):
            if entry.grade is not None and entry.grade not in grades:
                yield Problem(
                    f"{item_id}: {entry.by or 'an assessor'} gave grade {entry.grade!r}, "
                    f"which is not in the scale ({scale})", (*where, "entries", n, "grade"))
        worst = bank.scale[-1].slug if bank.scale else ""
        not_worst = (f"only {bank.grade_label(worst).lower()} can be marked a serious failure"
                     if worst else "")
        if response.serious and response.grade != worst:
            yield Problem(f"{item_id}: serious = true on grade {response.grade!r}; {not_worst}",
                          (*where, "serious"))
        for n, entry in enumerate(response.entries):
            if entry.serious and entry.grade != worst:
                yield Problem(f"{item_id}: {entry.by or 'an assessor'} marked grade "
                              f"{entry.grade!r} serious; {not_worst}",
                              (*where, "entries", n, "serious"))
        agreements = ([response.agreed] if response.agreed else []) + response.agreements
        for agreement in agreements:
            if agreement.grade is None:
                continue
            at = ("agreed",) if agreement is response.agreed else \
                ("agreements", response.agreements.index(agreement))
            if agreement.grade not in grades:
                yield Problem(f"{item_id}: agreed grade {agreement.grade!r} is not in the "
                              f"scale ({scale})", (*where, *at, "grade"))
            elif agreement.serious and agreement.grade != worst:
                yield Problem(f"{item_id}: the agreed grade is marked a serious failure but "
                              f"is not {bank.grade_label(worst).lower()}",
                              (*where, *at, "serious"))
        for code in response.evidence:
            if code not in assessment.evidence:
                yield Problem(f"{item_id}: evidence {code!r} is not in the evidence register",
                              (*where, "evidence"))
        for case in response.cases:
            if not CASE_ID.match(case):
                yield Problem(f"{item_id}: case reference {case!r} is not an ID (letters, "
                              "digits, / _ . - and no spaces; never a child's name)",
                              (*where, "cases"))
        for n, carried in enumerate(response.carried):
            if carried.proposed and carried.proposed not in grades:
                yield Problem(f"{item_id}: the grade carried from {carried.item} proposes "
                              f"{carried.proposed!r}, which is not in the scale ({scale})",
                              (*where, "carried", n, "proposed"))
    # An action or audit on an item the bank does not have is kept and named, never
    # refused (`bankchange.references`): it counts toward no judgement.
    yield from _check_audits(assessment, bank)
    yield from _check_snapshots(assessment, bank)


def snapshot_off_scale(snapshot: Snapshot, bank: Bank) -> list[str]:
    """The grades a snapshot holds that are not on the scale (nor "not_assessed", nor an
    item's "not_applicable")."""
    known = {*bank.grade_index, "not_assessed", "not_applicable"}
    found = [g for j in snapshot.judgements.values() for g in (j.likely, j.low, j.high)]
    found += list(snapshot.grades.values())
    return [g for g in dict.fromkeys(found) if g not in known]


def _check_snapshots(assessment: Assessment, bank: Bank) -> Iterator[Problem]:
    for n, snapshot in enumerate(assessment.snapshots):
        for grade in snapshot_off_scale(snapshot, bank):
            yield Problem(f"snapshot {snapshot.label!r}: grade {grade!r} is not in the scale "
                          f"({', '.join(bank.grade_index)}) nor not_assessed",
                          ("snapshots", n))
        for judgement, held in snapshot.judgements.items():
            if min(held.assessed, held.evidenced) < 0 or held.evidenced > held.assessed:
                yield Problem(f"snapshot {snapshot.label!r}: {judgement} counts "
                              f"{held.evidenced} strongly evidenced of {held.assessed} "
                              "scored, which cannot be", ("snapshots", n))


def _check_audits(assessment: Assessment, bank: Bank) -> Iterator[Problem]:
    grades = bank.grade_index
    seen: set[str] = set()
    for n, audit in enumerate(assessment.audits):
        where: tuple[str | int, ...] = ("audits", n)
        if not AUDIT_ID.match(audit.id):
            yield Problem(f"audit {audit.id!r}: an audit's id is 8 hex characters (0-9, a-f)",
                          (*where, "id"))
        elif audit.id in seen:
            yield Problem(f"audit {audit.id}: the id is used twice", (*where, "id"))
        seen.add(audit.id)
        if not CASE_ID.match(audit.case):
            yield Problem(f"audit {audit.id}: case reference {audit.case!r} is not an ID "
                          "(letters, digits, / _ . - and no spaces; never a child's name)",
                          (*where, "case"))
        if audit.grade not in grades and audit.removed_at is None:
            yield Problem(f"audit {audit.id}: grade {audit.grade!r} is not in the scale "
                          f"({', '.join(grades)})", (*where, "grade"))


def orphans(assessment: Assessment, bank: Bank) -> list[str]:
    """Responses whose items the bank no longer has (it changed since the file was made)."""
    return [item_id for item_id in assessment.responses if item_id not in bank.item_map]


def raise_problems(assessment: Assessment, bank: Bank, text: str, path: Path) -> None:
    problems = [p for p in check(assessment, bank) if p.where[1] not in orphans(assessment, bank)]
    if problems:
        from readiness.errors import ErrorList
        from readiness.tomlpos import TomlPositions

        positions = TomlPositions(text)
        errors = [AssessmentError(p.message, file=path, line=positions.line_of(p.where))
                  for p in problems]
        raise errors[0] if len(errors) == 1 else ErrorList(list(errors))


def read_bytes(path: Path) -> bytes:
    try:
        return limits.read_bytes(path, limits.ASSESSMENT, AssessmentError)
    except FileNotFoundError:
        raise AssessmentError(
            "no such assessment file", file=path,
            hint="Create one with `readiness new FILE --bank sif-2015 --authority NAME`.",
        ) from None
    except IsADirectoryError:
        raise AssessmentError("this is a folder, not an assessment file", file=path) from None
    except OSError as exc:
        raise AssessmentError(f"cannot read the file: {exc.strerror}", file=path) from None


def decode(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise AssessmentError("the file is damaged: it is not UTF-8 text", file=path,
                              line=line) from None
