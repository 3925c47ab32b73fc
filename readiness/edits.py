"""Changes to an assessment, made on its tomlkit document so hand edits and comments survive.

Every change is checked first and then applied, so a bad input changes nothing. After
a change the touched part of the document is read back into the typed `Assessment`,
which is what the engine and views use; the document is what the store writes.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import msgspec
import tomlkit
from tomlkit.items import AoT, Table

from readiness.assessment import (
    ACTION_STATUSES,
    CASE_ID,
    STRENGTHS,
    Action,
    Assessment,
    EvidenceRef,
    LocationKind,
    Response,
    Snapshot,
    now,
)
from readiness.banks import Bank, Grade, Item
from readiness.errors import AssessmentError, ReadinessError
from readiness.items import resolve_item


class Editable:
    """An assessment open for editing: its document, its typed view, and its bank."""

    def __init__(self, path: Path, source: tomlkit.TOMLDocument | str, data: Assessment,
                 bank: Bank) -> None:
        self.path = path
        self._doc = source if isinstance(source, tomlkit.TOMLDocument) else None
        self._text = source if isinstance(source, str) else ""
        self._parsing = threading.Lock()
        self.data = data
        self.bank = bank
        self.notes: list[str] = []
        """What happened on opening (orphaned items, a migration), for the user to see."""
        self.dirty = False
        self.fingerprint: Any = None
        """Set by the store: what the file on disk looked like when it was read."""

    @property
    def doc(self) -> tomlkit.TOMLDocument:
        """The editable document, parsed on first use.

        tomlkit takes ~70 ms on a scored SIF file, so opening reads the data with tomllib
        and this parse waits for the first edit (the app starts it in the background).
        """
        if self._doc is None:
            with self._parsing:
                if self._doc is None:
                    from readiness.layout import editable

                    self._doc = editable(self._text, self.path)
        return self._doc

    def resync(self) -> None:
        """Read the whole document back into the typed view (after a direct document edit)."""
        from readiness.assessment import from_dict

        self.data = from_dict(self.doc.unwrap(), self.doc.as_string(), self.path)
        self.dirty = True

    # --- items and assessors ------------------------------------------------------

    def item(self, text: str) -> Item:
        return resolve_item(self.bank, text)

    def grade_slug(self, text: str) -> str:
        """A grade as people type it: `good`, `Good`, `requires improvement`, `RI`, or 1–4."""
        wanted = re.sub(r"[\s-]+", "_", text.strip().lower())
        for n, grade in enumerate(self.bank.scale, start=1):
            if wanted in (grade.slug, grade.label.lower().replace(" ", "_"),
                          grade.short.lower(), str(n)):
                return grade.slug
        choices = ", ".join(g.slug for g in self.bank.scale)
        raise ReadinessError(f"{text!r} is not a grade in {self.bank.id}",
                             hint=f"Use one of: {choices} (or 1–{len(self.bank.scale)}), "
                                  "or n/a where the item does not apply.")

    def _responses(self) -> Table:
        if "responses" not in self.doc:
            self.doc["responses"] = tomlkit.table(is_super_table=True)
        table = self.doc["responses"]
        assert isinstance(table, Table)
        return table

    def _response_table(self, item_id: str, create: bool = True) -> Table | None:
        responses = self._responses()
        if item_id not in responses:
            if not create:
                return None
            responses[item_id] = tomlkit.table()
        table = responses[item_id]
        assert isinstance(table, Table)
        return table

    def _entry_table(self, item_id: str, by: str) -> Table:
        """Where `by`'s fields live: on the response itself for the first assessor."""
        table = self._response_table(item_id)
        assert table is not None
        own_by = str(table.get("by", ""))
        has_own = any(k in table for k in ("grade", "evidence_strength", "note"))
        if own_by == by or (not own_by and not has_own):
            if by:
                table["by"] = by
            return table
        entries = table.get("entries")
        if entries is None:
            entries = tomlkit.aot()
            table["entries"] = entries
        assert isinstance(entries, AoT)
        found: Table
        for found in entries:
            if str(found.get("by", "")) == by:
                return found
        entries.append(tomlkit.table())
        found = entries[-1]
        found["by"] = by
        return found

    def _sync_response(self, item_id: str) -> None:
        table = self._response_table(item_id, create=False)
        if table is None:
            self.data.responses.pop(item_id, None)
        else:
            try:
                self.data.responses[item_id] = msgspec.convert(table.unwrap(), Response)
            except msgspec.ValidationError as exc:  # pragma: no cover - guarded by checks
                raise AssessmentError(f"responses.{item_id}: {exc}", file=self.path) from None
        self.dirty = True

    # --- scoring ------------------------------------------------------------------

    def score(
        self,
        item_text: str,
        grade: str,
        *,
        by: str,
        strength: str | None = None,
        note: str | None = None,
        evidence: Iterable[str] = (),
        cases: Iterable[str] = (),
        serious: bool | None = None,
    ) -> Item:
        """Record `by`'s grade for an item (and optionally strength, note, evidence, cases).

        `serious` marks the worst grade a serious failure (children harmed or at risk of
        harm); it is refused on any other grade, and a grade moved off the worst loses it.
        """
        item = self.item(item_text)
        if is_not_applicable(grade):
            if serious:
                raise ReadinessError("an item that does not apply cannot be a serious failure")
            return self.mark_not_applicable(item.id, note=note)
        slug = self.grade_slug(grade)
        if serious:
            self._can_be_serious(slug)
        if strength is not None:
            strength = self.strength(strength)
        codes = [self._evidence_code(code) for code in evidence]
        case_ids = [self.case_id(case) for case in cases]
        for code in codes:
            self._ensure_register_entry(code)
        entry = self._entry_table(item.id, by)
        entry["grade"] = slug
        if serious or (serious is None and slug == self.worst.slug and entry.get("serious")):
            entry["serious"] = True
        elif "serious" in entry:
            del entry["serious"]
        if strength is not None:
            entry["evidence_strength"] = strength
        if note is not None:
            _set_or_drop(entry, "note", note)
        entry["at"] = now()
        self._add_to_list(item.id, "evidence", codes)
        self._add_to_list(item.id, "cases", case_ids)
        table = self._response_table(item.id)
        if table is not None and "not_applicable" in table:
            del table["not_applicable"]
        self._sync_response(item.id)
        return item

    @property
    def worst(self) -> Grade:
        return self.bank.scale[-1]

    def _can_be_serious(self, slug: str) -> None:
        if self.bank.rules.serious is None:
            raise ReadinessError(f"{self.bank.title} has no serious failures: its rules do not "
                                 "mark a grade as one", hint="Leave out --serious.")
        if slug != self.worst.slug:
            raise self._not_worst(slug)

    def _not_worst(self, slug: str) -> ReadinessError:
        worst = self.worst.label.lower()
        return ReadinessError(
            f"only a grade of {worst} can be marked a serious failure "
            f"(this one is {self.bank.grade_label(slug).lower()})",
            hint=f"A serious failure means children harmed or at risk of harm; grade the item "
                 f"{worst} to mark it, or leave out --serious.")

    def set_serious(self, item_text: str, serious: bool, *, by: str) -> Item:
        """Mark (or unmark) `by`'s worst grade of an item a serious failure."""
        item = self.item(item_text)
        table = self._response_table(item.id, create=False)
        entry = self._entry_table(item.id, by) if table is not None else None
        grade = str(entry.get("grade", "")) if entry is not None else ""
        if serious and grade:
            self._can_be_serious(grade)
        if entry is None or grade != self.worst.slug:
            raise self._not_worst(grade) if grade else ReadinessError(
                f"{by} has not graded {item.id} yet",
                hint=f"Grade it {self.worst.label.lower()} first; only that grade can be "
                     "a serious failure.")
        if serious:
            entry["serious"] = True
        elif "serious" in entry:
            del entry["serious"]
        entry["at"] = now()
        self._sync_response(item.id)
        return item

    def mark_not_applicable(self, item_text: str, *, note: str | None = None) -> Item:
        """The item does not apply to this authority: left out of every judgement."""
        item = self.item(item_text)
        table = self._response_table(item.id)
        assert table is not None
        table["not_applicable"] = True
        if note is not None:
            _set_or_drop(table, "note", note)
        self._sync_response(item.id)
        return item

    def clear_not_applicable(self, item_text: str) -> Item:
        """The item applies after all: back to not assessed (notes and evidence stay)."""
        item = self.item(item_text)
        table = self._response_table(item.id, create=False)
        if table is not None and "not_applicable" in table:
            del table["not_applicable"]
            self._sync_response(item.id)
        return item

    def set_strength(self, item_text: str, strength: str, *, by: str) -> Item:
        item = self.item(item_text)
        value = self.strength(strength)
        entry = self._entry_table(item.id, by)
        entry["evidence_strength"] = value
        entry["at"] = now()
        self._sync_response(item.id)
        return item

    def set_note(self, item_text: str, note: str, *, by: str) -> Item:
        item = self.item(item_text)
        entry = self._entry_table(item.id, by)
        _set_or_drop(entry, "note", note)
        entry["at"] = now()
        self._sync_response(item.id)
        return item

    def unscore(self, item_text: str, *, by: str | None = None) -> Item:
        """Back to not assessed: grades go (all, or one assessor's); notes and evidence stay."""
        item = self.item(item_text)
        table = self._response_table(item.id, create=False)
        if table is None:
            return item
        tables: list[Table] = [table]
        entries = table.get("entries")
        if isinstance(entries, AoT):
            tables.extend(entries)
        for t in tables:
            if by is None or str(t.get("by", "")) == by:
                for key in ("grade", "evidence_strength", "serious"):
                    if key in t:
                        del t[key]
        if by is None:
            for key in ("agreed", "not_applicable"):
                if key in table:
                    del table[key]
        self._sync_response(item.id)
        return item

    def strength(self, text: str) -> str:
        value = text.strip().lower()
        for choice in STRENGTHS:
            if value in (choice, choice[0]):
                return choice
        raise ReadinessError(f"{text!r} is not an evidence strength",
                             hint="Use none, partial or strong (is the grade backed by evidence "
                                  "an inspector would accept?).")

    @staticmethod
    def case_id(text: str) -> str:
        value = text.strip()
        if not CASE_ID.match(value):
            raise ReadinessError(
                f"{text!r} is not a case ID",
                hint="Give the ID from your case system (letters, digits, / _ . -, no spaces). "
                     "Never a child's name.",
            )
        return value

    def add_cases(self, item_text: str, cases: Iterable[str]) -> Item:
        """Cite case IDs (never names) for an item without grading it."""
        item = self.item(item_text)
        ids = [self.case_id(case) for case in cases]
        if ids:
            self._add_to_list(item.id, "cases", ids)
            self._sync_response(item.id)
        return item

    def _add_to_list(self, item_id: str, key: str, values: list[str]) -> None:
        if not values:
            return
        table = self._response_table(item_id)
        assert table is not None
        current = table.get(key)
        if current is None:
            table[key] = tomlkit.array()
            current = table[key]
        for value in values:
            if value not in current:
                current.append(value)

    # --- evidence -----------------------------------------------------------------

    def _evidence_code(self, code: str) -> str:
        code = code.strip()
        if code in self.data.evidence or code in self.bank.evidence_map:
            return code
        raise ReadinessError(
            f"evidence {code!r} is not in the register",
            hint=f"Add it first: readiness evidence add FILE {code} --title \"…\"",
        )

    def _register(self) -> Table:
        if "evidence" not in self.doc:
            self.doc["evidence"] = tomlkit.table(is_super_table=True)
        table = self.doc["evidence"]
        assert isinstance(table, Table)
        return table

    def _ensure_register_entry(self, code: str) -> None:
        if code not in self.data.evidence:
            doc = self.bank.evidence_map[code]
            self._write_register(code, {"title": doc.title})

    def _write_register(self, code: str, fields: dict[str, Any]) -> None:
        entry = tomlkit.table()
        for key, value in fields.items():
            if value not in (None, ""):
                entry[key] = value
        self._register()[code] = entry
        self.data.evidence[code] = msgspec.convert(entry.unwrap(), EvidenceRef)
        self.dirty = True

    def add_evidence(
        self,
        code: str,
        *,
        title: str | None = None,
        location: str | None = None,
        when: str | date | None = None,
        base: Path | None = None,
    ) -> EvidenceRef:
        """Add or update an entry of the evidence register.

        A catalogue code (Annex A `1.07`) takes the catalogue's title when none is given.
        A path is stored relative to the assessment's folder; one outside it is refused.
        """
        code = code.strip()
        if not re.match(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,31}$", code):
            raise ReadinessError(f"{code!r} is not an evidence code",
                                 hint="Use a short code such as 1.07 or QA-2026-03 (no spaces).")
        existing = self.data.evidence.get(code)
        if title is None or not title.strip():
            title = existing.title if existing else None
        if title is None and code in self.bank.evidence_map:
            title = self.bank.evidence_map[code].title
        if not title:
            raise ReadinessError(f"evidence {code!r} needs a title", hint='Add --title "…".')
        fields: dict[str, Any] = {"title": title.strip()}
        if location:
            fields["location"], fields["kind"] = self.locate(location, base or Path.cwd())
        elif existing is not None:
            fields["location"], fields["kind"] = existing.location, existing.kind
        if when is not None:
            fields["date"] = parse_date(when, "evidence date") if isinstance(when, str) else when
        elif existing is not None:
            fields["date"] = existing.date
        self._write_register(code, fields)
        return self.data.evidence[code]

    def locate(self, text: str, base: Path) -> tuple[str, LocationKind]:
        """Classify a location: a URL, a path, or a document-system reference.

        Locations are references only: never opened, followed or copied. A URL (https,
        SharePoint), an absolute path (`/srv/qa/x.pdf`, `C:\\QA\\x.pdf`, `~/x.pdf`) or a
        UNC path (`\\\\server\\share\\x.pdf`, kept on network drives) is stored exactly as
        typed. A relative path is stored relative to the assessment's folder, and one that
        climbs out of it is refused (it would point somewhere else once the folder moves).
        A `file:` URL follows the same rules as the path it holds.
        """
        text = text.strip()
        folder = self.path.resolve().parent
        if re.match(r"^file:", text, re.IGNORECASE):
            path_text = _file_url_path(text)
            if not _is_absolute(path_text):
                self._inside(path_text, base, folder, text)
            return text, "file"
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text):
            return text, "url"
        if _is_absolute(text):
            candidate = Path(text).expanduser()
            if candidate.is_absolute():  # a path on this machine inside the folder: relative
                relative = _relative(candidate, folder)
                if not _climbs_out(relative):
                    return Path(relative).as_posix(), "file"
            return text, "file"
        slashed = text.replace("\\", "/")
        looks_like_path = (
            slashed.startswith(("./", "../"))
            or (base / slashed).exists()
            or ("/" in slashed and re.search(r"\.[A-Za-z0-9]{1,5}$", slashed))
        )
        if not looks_like_path:
            return text, "reference"
        return self._inside(slashed, base, folder, text), "file"

    @staticmethod
    def _inside(relative_text: str, base: Path, folder: Path, typed: str) -> str:
        """A relative path, as a path from the assessment's folder; refused if it climbs out."""
        relative = _relative((base / relative_text.replace("\\", "/")).resolve(), folder)
        if _climbs_out(relative):
            raise ReadinessError(
                f"evidence location {typed!r} is outside the assessment's folder ({folder})",
                hint="A relative path must stay inside that folder. Give the full path "
                     "instead (C:\\QA\\audit.pdf, \\\\server\\share\\audit.pdf), a URL "
                     "(https://…, SharePoint) or a document-system reference.",
            )
        return Path(relative).as_posix()

    def attach(self, item_text: str, code: str) -> Item:
        item = self.item(item_text)
        code = self._evidence_code(code)
        self._ensure_register_entry(code)
        self._add_to_list(item.id, "evidence", [code])
        self._sync_response(item.id)
        return item

    def detach(self, item_text: str, code: str) -> Item:
        item = self.item(item_text)
        table = self._response_table(item.id, create=False)
        if table is not None and code in table.get("evidence", []):
            values = table["evidence"]
            values.remove(code)
            self._sync_response(item.id)
        return item

    # --- actions ------------------------------------------------------------------

    def add_action(self, item_text: str, text: str, *, owner: str = "",
                   due: str | date | None = None) -> Action:
        item = self.item(item_text)
        if not text.strip():
            raise ReadinessError("an action needs some text saying what will be done")
        due_date = parse_date(due, "due date") if isinstance(due, str) else due
        numbers = [int(a.id[1:]) for a in self.data.actions if re.match(r"^A\d+$", a.id)]
        fields: dict[str, Any] = {
            "id": f"A{max(numbers, default=0) + 1}",
            "item": item.id,
            "text": text.strip(),
            "owner": owner.strip(),
            "due": due_date,
            "status": "open",
            "created": now(),
        }
        table = tomlkit.table()
        for key, value in fields.items():
            if value not in (None, ""):
                table[key] = value
        if "actions" not in self.doc:
            self.doc["actions"] = tomlkit.aot()
        actions = self.doc["actions"]
        assert isinstance(actions, AoT)
        actions.append(table)
        action = msgspec.convert(table.unwrap(), Action)
        self.data.actions.append(action)
        self.dirty = True
        return action

    def set_action_status(self, action_id: str, status: str) -> Action:
        status = re.sub(r"[\s_-]+", "_", status.strip().lower())  # "In progress", "in-progress"
        if status not in ACTION_STATUSES:
            raise ReadinessError(f"{status!r} is not an action status",
                                 hint=f"Use one of: {', '.join(ACTION_STATUSES)}.")
        actions = self.doc.get("actions")
        for n, action in enumerate(self.data.actions):
            if action.id.lower() == action_id.strip().lower():
                assert isinstance(actions, AoT)
                actions[n]["status"] = status
                self.data.actions[n] = msgspec.convert(actions[n].unwrap(), Action)
                self.dirty = True
                return self.data.actions[n]
        raise ReadinessError(f"no action {action_id!r} in this assessment")

    def edit_action(self, action_id: str, *, text: str, owner: str,
                    due: str | date | None) -> Action:
        """Change what an action says, who owns it and when it is due."""
        if not text.strip():
            raise ReadinessError("an action needs some text saying what will be done")
        due_date = parse_date(due, "due date") if isinstance(due, str) else due
        actions = self.doc.get("actions")
        for n, action in enumerate(self.data.actions):
            if action.id.lower() == action_id.strip().lower():
                assert isinstance(actions, AoT)
                table = actions[n]
                table["text"] = text.strip()
                for key, value in (("owner", owner.strip()), ("due", due_date)):
                    if value:
                        table[key] = value
                    elif key in table:
                        del table[key]
                self.data.actions[n] = msgspec.convert(table.unwrap(), Action)
                self.dirty = True
                return self.data.actions[n]
        raise ReadinessError(f"no action {action_id!r} in this assessment")

    def remove_evidence(self, code: str) -> list[str]:
        """Take a document out of the register and off every item citing it; answer those."""
        if code not in self.data.evidence:
            raise ReadinessError(f"evidence {code!r} is not in the register")
        cited = [item for item, r in self.data.responses.items() if code in r.evidence]
        for item in cited:
            self.detach(item, code)
        register = self._register()
        del register[code]
        del self.data.evidence[code]
        self.dirty = True
        return cited

    # --- snapshots ----------------------------------------------------------------

    def add_snapshot(self, snapshot: Snapshot) -> None:
        if any(s.label == snapshot.label for s in self.data.snapshots):
            raise ReadinessError(f"there is already a snapshot called {snapshot.label!r}",
                                 hint="Give the new one a different --label.")
        if "snapshots" not in self.doc:
            self.doc["snapshots"] = tomlkit.aot()
        snapshots = self.doc["snapshots"]
        assert isinstance(snapshots, AoT)
        table = tomlkit.table()
        for key, value in msgspec.to_builtins(snapshot, builtin_types=(datetime,)).items():
            table[key] = value
        snapshots.append(table)
        self.data.snapshots.append(snapshot)
        self.dirty = True

    # --- bank changes -------------------------------------------------------------

    def orphan(self, item_ids: Iterable[str]) -> list[str]:
        """Move responses to items the bank no longer has under [orphaned], never dropping them."""
        moved = []
        responses = self._responses()
        for item_id in item_ids:
            if item_id not in responses:
                continue
            if "orphaned" not in self.doc:
                self.doc["orphaned"] = tomlkit.table(is_super_table=True)
            orphaned = self.doc["orphaned"]
            assert isinstance(orphaned, Table)
            orphaned[item_id] = responses[item_id]
            del responses[item_id]
            self.data.orphaned[item_id] = self.data.responses.pop(item_id)
            moved.append(item_id)
        if moved:
            self.dirty = True
        return moved


def _is_absolute(text: str) -> bool:
    """Absolute on any system people keep evidence on: /x, ~/x, C:\\x, C:/x, \\\\server\\share."""
    return bool(re.match(r"^(/|~|[A-Za-z]:[\\/]|\\\\)", text)) or Path(text).is_absolute()


def _relative(path: Path, folder: Path) -> str:
    try:
        return os.path.relpath(path, folder)
    except ValueError:  # Windows: another drive, so certainly not inside the folder
        return str(path)


def _climbs_out(relative: str) -> bool:
    return relative == ".." or relative.startswith(("../", "..\\")) or os.path.isabs(relative)


def _file_url_path(url: str) -> str:
    """The path a `file:` URL names: file:///etc/x -> /etc/x; file://server/share -> UNC."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    path = unquote(parts.path)
    if parts.netloc and parts.netloc.lower() != "localhost":
        return f"//{parts.netloc}{path}"
    if re.match(r"^/[A-Za-z]:[\\/]", path):  # file:///C:/QA/x.pdf
        return path[1:]
    return path


def is_not_applicable(text: str) -> bool:
    return re.sub(r"[\s_/-]+", "", text.strip().lower()) in ("na", "notapplicable")


def _set_or_drop(table: Table, key: str, value: str) -> None:
    if value.strip():
        table[key] = tomlkit.string(value, multiline="\n" in value) if "\n" in value else value
    elif key in table:
        del table[key]


def parse_date(text: str | date | None, what: str) -> date | None:
    """A date as people write it: 2027-01-31 or 31/01/2027 (UK order)."""
    if text is None or isinstance(text, date):
        return text
    value = text.strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ReadinessError(f"{what} {text!r} is not a date",
                         hint="Write it as YYYY-MM-DD (2027-01-31) or DD/MM/YYYY (31/01/2027).")
