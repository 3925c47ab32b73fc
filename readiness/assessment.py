"""An assessment: one authority's responses to one bank, and the one place its shape is defined.

The file is TOML a person can read and edit. This module defines its shape (msgspec
Structs, which also give a JSON Schema), reads it with `tomllib` for the light commands
(summary, export), and checks it against its bank. Edits go through `readiness.edits`,
which works on the tomlkit document so comments and hand edits survive.

Workshops are designed in from the start: a response holds one entry per assessor and
an optional agreed grade. With one assessor the entry's fields sit directly on the
response, so the common file stays simple; both forms are read the same way.
"""

import re
import tomllib
from collections.abc import Callable, Iterator, MutableMapping
from datetime import UTC, datetime
from datetime import date as Date
from pathlib import Path
from typing import Any, Literal

import msgspec

from readiness import limits
from readiness.banks import Bank
from readiness.errors import AssessmentError

SCHEMA = 1
"""The assessment file format this version writes. Older files are migrated on load."""

Strength = Literal["none", "partial", "strong"]
STRENGTHS: tuple[Strength, ...] = ("none", "partial", "strong")
ActionStatus = Literal["open", "in_progress", "done", "dropped"]
ACTION_STATUSES: tuple[ActionStatus, ...] = ("open", "in_progress", "done", "dropped")
LocationKind = Literal["file", "url", "reference"]

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

    @property
    def is_empty(self) -> bool:
        return self.grade is None and not self.note and self.evidence_strength is None


class Agreed(_Shape, kw_only=True):
    """The grade a workshop agreed; when present it is the item's grade."""

    grade: str
    evidence_strength: Strength | None = None
    by: str = ""
    at: datetime | None = None
    note: str = ""
    serious: bool = False


class Response(_Shape, kw_only=True, dict=True):
    """An item's response. Single-assessor fields sit here; more assessors go in `entries`.

    A response is replaced, never changed in place, when an item is edited (the engine
    remembers its view of each response on the response itself).
    """

    grade: str | None = None
    evidence_strength: Strength | None = None
    note: str = ""
    by: str = ""
    at: datetime | None = None
    serious: bool = False
    entries: list[Entry] = []
    agreed: Agreed | None = None
    evidence: list[str] = []
    """Codes in the assessment's evidence register."""
    cases: list[str] = []
    """Case IDs (never names) that back the grade; left out of exports unless asked for."""
    not_applicable: bool = False
    """The item does not apply here (ESN 41, 75, 88 where nothing is delegated)."""

    def assessors(self) -> list[Entry]:
        """Every assessor's entry, the single-assessor form included."""
        if self.grade is None and self.evidence_strength is None and not self.note \
                and not self.by:
            return self.entries
        own = Entry(
            by=self.by, grade=self.grade, evidence_strength=self.evidence_strength,
            note=self.note, at=self.at, serious=self.serious,
        )
        return ([] if own.is_empty and not self.by else [own]) + list(self.entries)

    def grades(self) -> list[str]:
        if self.agreed is not None:
            return [self.agreed.grade]
        return [e.grade for e in self.assessors() if e.grade is not None]

    @property
    def assessed(self) -> bool:
        return bool(self.grades())


class Action(_Shape, kw_only=True):
    id: str
    item: str
    text: str
    owner: str = ""
    due: Date | None = None
    status: ActionStatus = "open"
    created: datetime | None = None


class EvidenceRef(_Shape, kw_only=True):
    """A document in the authority's evidence register, keyed by its code."""

    title: str
    location: str = ""
    kind: LocationKind | None = None
    date: Date | None = None


class SnapshotJudgement(_Shape, kw_only=True):
    likely: str
    low: str
    high: str
    assessed: int = 0
    evidenced: int = 0


class Snapshot(_Shape, kw_only=True):
    """The state frozen for a board (`readiness snapshot`), to compare later packs with."""

    label: str
    taken: datetime
    judgements: dict[str, SnapshotJudgement] = {}
    grades: dict[str, str] = {}


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
    responses: dict[str, Response] = {}
    actions: list[Action] = []
    evidence: dict[str, EvidenceRef] = {}
    orphaned: dict[str, Response] = {}
    """Responses to items the bank no longer has: kept, reported, never dropped."""
    snapshots: list[Snapshot] = []

    def response(self, item_id: str) -> Response | None:
        return self.responses.get(item_id)

    def actions_for(self, item_id: str) -> list[Action]:
        return [a for a in self.actions if a.item == item_id]

    def evidence_uses(self) -> dict[str, list[str]]:
        """Evidence code to the items that cite it."""
        uses: dict[str, list[str]] = {code: [] for code in self.evidence}
        for item_id, response in self.responses.items():
            for code in response.evidence:
                uses.setdefault(code, []).append(item_id)
        return uses


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


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


Migration = Callable[[MutableMapping[str, Any]], None]
MIGRATIONS: dict[int, Migration] = {}
"""Format N -> a function that turns a version-N file into version N+1, in place.

Format 1 is the first released format, so there is nothing to migrate yet; the next
change to the format adds `MIGRATIONS[1]`. Migrations work on any mapping, so the light
read (tomllib dicts) and the edit (tomlkit document) share them.
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
            return int(value) if value.isdigit() else None
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
        if response.agreed is not None and response.agreed.serious \
                and response.agreed.grade != worst:
            yield Problem(f"{item_id}: the agreed grade is marked a serious failure but is not "
                          f"{bank.grade_label(worst).lower()}", (*where, "agreed", "serious"))
        if response.agreed is not None and response.agreed.grade not in grades:
            yield Problem(f"{item_id}: agreed grade {response.agreed.grade!r} is not in the "
                          f"scale ({scale})", (*where, "agreed", "grade"))
        for code in response.evidence:
            if code not in assessment.evidence:
                yield Problem(f"{item_id}: evidence {code!r} is not in the evidence register",
                              (*where, "evidence"))
        for case in response.cases:
            if not CASE_ID.match(case):
                yield Problem(f"{item_id}: case reference {case!r} is not an ID (letters, "
                              "digits, / _ . - and no spaces; never a child's name)",
                              (*where, "cases"))
    for n, action in enumerate(assessment.actions):
        if action.item not in bank.item_map and action.item not in assessment.orphaned:
            yield Problem(f"action {action.id}: item {action.item!r} is not in bank {bank.id}",
                          ("actions", n, "item"))


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
