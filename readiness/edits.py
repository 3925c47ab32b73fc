"""Changes to an assessment, made on its tomlkit document so hand edits and comments survive.

Every change is checked first and then applied, so a bad input changes nothing. After
a change the touched part of the document is read back into the typed `Assessment`,
which is what the engine and views use; the document is what the store writes.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import msgspec
import tomlkit
from tomlkit.items import AoT, Table

from readiness.assessment import (
    ACTION_STATUSES,
    AUDIT_ID,
    CASE_ID,
    MARKINGS,
    RECOMMENDATIONS,
    STRENGTHS,
    Action,
    Agreed,
    Assessment,
    Audit,
    Board,
    EvidenceRef,
    LocationKind,
    MockSettings,
    Response,
    Snapshot,
    new_id,
    now,
    settle,
)
from readiness.assessment import (
    stamp as stamp_of,
)
from readiness.banks import Bank, Grade, Item
from readiness.docpatch import multiline
from readiness.errors import AssessmentError, ReadinessError
from readiness.items import resolve_item
from readiness.plaintext import PlainAoT, PlainTable, is_aot, new_aot, new_array
from readiness.splice import NotHandled, Pieces


class Editable:
    """An assessment open for editing: its document, its typed view, and its bank.

    The document is kept as text cut into pieces (`readiness.splice`) for as long as the
    file's shape allows: a change to one item parses that item's tables alone, and a
    change to the register, the actions or the roster the top-level part alone. The
    whole tomlkit document is parsed only when something needs it (`doc`).
    """

    def __init__(self, path: Path, source: tomlkit.TOMLDocument | str, data: Assessment,
                 bank: Bank) -> None:
        self.path = path
        self._doc = source if isinstance(source, tomlkit.TOMLDocument) else None
        self._text = source if isinstance(source, str) else ""
        """The text the pieces were cut from (the file as read or last saved)."""
        self._pieces: Pieces | None = None
        self._cut = False
        """Whether `_text` was cut into pieces yet (or found not to be a shape for it)."""
        self.spliced = False
        """Whether a change was made in pieces since the text was read or saved (the store
        then reads what it writes back and compares it with the model)."""
        self._parsing = threading.Lock()
        self.data = data
        self.bank = bank
        self.notes: list[str] = []
        """What happened on opening (orphaned items, a migration), for the user to see."""
        self._dirty = False
        self.edits = 0
        """How many times it was marked changed: a save running in another thread tells
        by it whether anything was changed here since the save began."""
        self.fingerprint: Any = None
        """Set by the store: what the file on disk looked like when it was read."""
        self.base: bytes | None = None
        """Set by the store: the bytes last read or written (the base of a merge)."""
        self.new_id: Callable[[], str] = new_id
        """Makes ids for new actions, agreements, documents and snapshots (random)."""
        self._slugs: dict[str, str] = {}
        """Grades as typed and the grade each is (an import types the same few 20,000
        times)."""

    @property
    def dirty(self) -> bool:
        """Whether something here is not saved yet."""
        return self._dirty

    @dirty.setter
    def dirty(self, value: bool) -> None:
        if value:
            self.edits += 1
        self._dirty = value

    @property
    def doc(self) -> tomlkit.TOMLDocument:
        """The whole editable document, parsed on first use.

        tomlkit takes seconds on a large workshop's file, so opening reads the data with
        rtoml or tomllib, and most changes work on pieces of the text (`root`, an item's
        table); this whole parse waits until something needs all of it.
        """
        if self._doc is None:
            with self._parsing:
                if self._doc is None:
                    self._doc = self._whole()
        return self._doc

    @property
    def root(self) -> tomlkit.TOMLDocument:
        """Where top-level keys and tables are changed: the document of the file's head
        and tail when it is in pieces (all but the responses), else the whole document."""
        pieces = self._in_pieces()
        if pieces is not None:
            try:
                return pieces.root()
            except NotHandled:
                pass
        return self.doc

    @property
    def whole(self) -> bool:
        """Whether the whole document is parsed (else the text is edited in pieces)."""
        return self._doc is not None

    def _in_pieces(self) -> Pieces | None:
        """The text in pieces, cut on first use; None when the whole document is open or
        the file is not a shape edited in pieces."""
        pieces = self._cut_text()
        if pieces is not None:
            self.spliced = True
        return pieces

    def _cut_text(self) -> Pieces | None:
        if self._doc is not None:
            return None
        if not self._cut:
            with self._parsing:  # `warm` may be cutting it in another thread
                if not self._cut and self._doc is None:
                    self._pieces = Pieces.of(self._text)
                    if self._pieces is not None:
                        self._pieces.as_written = self._pieces.layout.text() == self._text
                    self._cut = True
        return self._pieces if self._doc is None else None

    @contextlib.contextmanager
    def bulk(self) -> Iterator[None]:
        """Many changes to responses at once (an import): every item changed goes back
        into the text at the end, checked, as every piece is (and if one ever did not
        read back as the model, the model is laid into the file as read, here rather
        than at the save)."""
        pieces = self._in_pieces()
        if pieces is None:
            yield
            return
        try:
            yield
        finally:
            if not pieces.put_back_all(self._reads_as_model,
                                       lambda _, piece: piece.plain is not None):
                self.from_model()  # never expected: each piece reads back as the model

    def warm(self) -> None:
        """Get ready for the first change, off the UI thread (the app, after opening): cut
        the text into pieces, or parse the whole document when it is not a shape for them."""
        if self._cut_text() is None:
            self.doc  # noqa: B018 - parsed now, not at the first change

    def _whole(self) -> tomlkit.TOMLDocument:
        """The whole document of the text as it is now (every piece put back)."""
        text = self._text
        if self._pieces is not None:
            found = self._pieces.text(self._reads_as_model)
            self._pieces = None
            if found is None:
                return self._from_model()
            text = found
        from readiness.layout import editable

        return editable(text, self.path)

    def _from_model(self) -> tomlkit.TOMLDocument:
        """The document of the text last read, changed to hold the typed model: for when a
        piece could not be put back (never expected; `readiness.splice` checks each)."""
        from readiness.assessment import parse_fast
        from readiness.docpatch import apply
        from readiness.layout import editable

        self._pieces = None
        doc = editable(self._text, self.path)
        apply(doc, self.data, parse_fast(self._text, self.path))
        return doc

    def _reads_as_model(self, item_id: str, raw: dict[str, Any]) -> bool:
        try:
            return msgspec.convert(raw, Response) == self.data.responses.get(item_id)
        except msgspec.ValidationError:
            return False

    def render(self) -> str:
        """The document's text as it is now (before `spaced`)."""
        if self._doc is None:
            pieces = self._in_pieces()
            if pieces is not None:
                found = pieces.text(self._reads_as_model)
                if found is not None:
                    return found
                self._doc = self._from_model()
            else:
                return tomlkit.dumps(self.doc)
        return tomlkit.dumps(self._doc)

    def top_value(self, key: str) -> object:
        """A top-level key's value in the text as it is now ("" when absent), read
        without parsing the head and tail where the key is written before any table."""
        pieces = self._pieces if self._doc is None else None
        found = pieces.top() if pieces is not None else None
        if found is not None:  # (a top-level key can only stand before the first table)
            return found.get(key, "")
        return self.root.get(key, "")

    def set_top_value(self, key: str, value: object) -> None:
        """Set a top-level key: on its line in the text, as tomlkit would write it, where
        it is written on a line of its own before any table (`updated`, on every save:
        the head and tail are then not parsed for it); else in `root`."""
        pieces = self._pieces if self._doc is None else None
        if pieces is None or not pieces.set_top(key, value):
            self.root[key] = value

    def respace(self) -> str:
        """The text as the file holds it: a blank line before every table. In pieces, the
        pieces take the blank lines in too (what the next change starts from)."""
        from readiness.splice import respace
        from readiness.tomlpos import spaced

        text = self.render()
        if self._doc is not None or self._pieces is None:
            return spaced(text)
        out, inserted = respace(text)
        if inserted == [-1]:
            self._pieces = Pieces.of(out)
            if self._pieces is None:
                from readiness.layout import editable

                self._doc = editable(out, self.path)
        elif inserted:
            self._pieces.layout.respaced(inserted)
            self._pieces.moved = True
        return out

    def rebase(self, text: str, cut: Pieces | None = None) -> bool:
        """The file now holds `text` (this editable's document, just serialised and, when
        made in pieces, read back; or a colleague's save holding just what is open,
        perhaps already `cut`):
        later changes start from it, as a command run afresh on the file would, in
        pieces where the file's shape allows. False (nothing changed) when it does not."""
        pieces = self._pieces if self._doc is None else None
        if cut is not None:
            pieces = cut  # `text` cut already (in another thread)
        elif pieces is None or pieces.layout.text() != text:
            pieces = Pieces.of(text)
        if pieces is None:
            return False
        with self._parsing:
            # The head and tail are parsed afresh for the next change, even when their
            # text is what the document kept renders: tomlkit renders what it parsed and
            # what was made in memory differently (a key added to an inline table it
            # made gets a space after the comma, one added to a table it read does not),
            # and the next change must write what a command run afresh writes.
            self._doc = None
            self._text = text
            self._pieces = pieces
            self._cut = True
            pieces.outer = None
            pieces.open.clear()
            pieces.moved = pieces.lost = False
            pieces.as_written = pieces.layout.text() == text
            self.spliced = False
        return True

    def changed(self) -> bool | None:
        """Whether the text differs from the bytes last read or written (`base`), when
        that can be told without rendering it all: in pieces, after a save. Else None."""
        pieces = self._pieces if self._doc is None else None
        if pieces is None or not pieces.as_written or self.base is None \
                or self.base != self._text.encode("utf-8"):
            return None
        if pieces.changed():
            return True
        from readiness.splice import respace

        # Nothing changed here; but a file not spaced as the app writes it (a blank line
        # before each table) is written spaced, as the whole document writes it: unknown.
        return None if respace(self._text)[1] else False

    def from_model(self) -> None:
        """Open the whole document, made from the text last read and the typed model."""
        with self._parsing:
            self._doc = self._from_model()

    def resync(self) -> None:
        """Read the whole document back into the typed view (after a direct document edit)."""
        from readiness.assessment import from_dict

        self.data = from_dict(self.doc.unwrap(), self.doc.as_string(), self.path)
        self.dirty = True

    def replace_document(self, doc: tomlkit.TOMLDocument) -> None:
        """Open `doc` instead (a merge brought someone else's file in)."""
        with self._parsing:
            self._doc = doc
            self._pieces = None
        self.resync()

    # --- items and assessors ------------------------------------------------------

    def item(self, text: str) -> Item:
        return resolve_item(self.bank, text)

    def grade_slug(self, text: str) -> str:
        """A grade as people type it: `good`, `Good`, `requires improvement`, `RI`, or 1–4."""
        found = self._slugs.get(text)
        if found is not None:
            return found
        wanted = re.sub(r"[\s-]+", "_", text.strip().lower())
        for n, grade in enumerate(self.bank.scale, start=1):
            if wanted in (grade.slug, grade.label.lower().replace(" ", "_"),
                          grade.short.lower(), str(n)):
                if len(self._slugs) < 256:
                    self._slugs[text] = grade.slug
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

    def _response_table(self, item_id: str,
                        create: bool = True) -> Table | PlainTable | None:
        """An item's response table (made when missing and `create`); plain values where
        the item's text is exactly what the app writes (`readiness.plaintext`)."""
        return self._table_of(item_id, create, plain=True)

    def _tomlkit_table(self, item_id: str, create: bool = True) -> Table | None:
        """An item's response table as tomlkit's, never plain values: for changes made
        by `readiness.docpatch` (the agreements)."""
        found = self._table_of(item_id, create, plain=False)
        assert not isinstance(found, PlainTable)
        return found

    def _table_of(self, item_id: str, create: bool,
                  plain: bool) -> Table | PlainTable | None:
        pieces = self._in_pieces()
        if pieces is not None:
            try:
                return pieces.table(item_id, create, self._reads_as_model, plain=plain)
            except NotHandled:
                pass  # this item needs the whole document
        if not create and "responses" not in self.doc:
            return None  # (not an empty `[responses]` made to look in: a stray blank line)
        responses = self._responses()
        if item_id not in responses:
            if not create:
                return None
            responses[item_id] = tomlkit.table()
        table = responses[item_id]
        assert isinstance(table, Table)
        return table

    def _entry_table(self, item_id: str, by: str) -> Table | PlainTable:
        """Where `by`'s fields live: on the response itself for the first assessor."""
        table = self._response_table(item_id)
        assert table is not None
        found = self._existing_entry(item_id, by)
        if found is not None:
            if found is table and by and str(table.get("by", "")) != by:
                table["by"] = by  # the response's own place was free
            return found
        entries = table.get("entries")
        if entries is None:
            entries = new_aot(table)
            table["entries"] = entries
        made: Table | PlainTable
        if isinstance(entries, PlainAoT):
            made = PlainTable()
            entries.append(made)
        else:
            assert isinstance(entries, AoT)
            entries.append(tomlkit.table())
            made = entries[-1]
        made["by"] = by
        return made

    def _existing_entry(self, item_id: str, by: str) -> Table | PlainTable | None:
        """`by`'s entry on an item as `_entry_table` finds it, or None: nothing is made."""
        table = self._response_table(item_id, create=False)
        if table is None:
            return None
        own_by = str(table.get("by", ""))
        if own_by == by:
            return table
        entries = table.get("entries")
        found: Table | PlainTable
        if is_aot(entries):
            for found in entries:
                if str(found.get("by", "")) == by:
                    return found
        has_own = any(k in table for k in ("grade", "evidence_strength", "note"))
        if not own_by and not has_own:  # the response's own place is free
            return table
        return None

    def _read_response(self, item_id: str, table: Table | PlainTable) -> Response:
        try:  # (plain values are read as they are: msgspec copies what it keeps)
            return msgspec.convert(table if isinstance(table, PlainTable) else table.unwrap(),
                                   Response)
        except msgspec.ValidationError as exc:  # pragma: no cover - guarded by checks
            raise AssessmentError(f"responses.{item_id}: {exc}", file=self.path) from None

    def _sync_response(self, item_id: str, read: Response | None = None) -> None:
        """Read an item's table back into the model (`read`: as read from it already)."""
        table = self._response_table(item_id, create=False)
        if table is None:
            self.data.responses.pop(item_id, None)
        else:
            self.data.responses[item_id] = read or self._read_response(item_id, table)
        self.dirty = True
        # A new item's piece goes back at once (the next new item is made after it); an
        # item's own piece stays open for its next change (an import gives one item many
        # rows) and goes back when the text is next rendered (`render`), checked then.
        piece = self._pieces.open.get(item_id) if self._doc is None and \
            self._pieces is not None else None
        if piece is not None and piece.after is not None and self._pieces is not None \
                and not self._pieces.put_back(item_id, self._reads_as_model):
            self._doc = self._from_model()

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
            return self.mark_not_applicable(item.id, note=note, by=by)
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
        before = self.data.responses.get(item.id) if "at" in entry else None
        table = self._response_table(item.id)
        assert table is not None
        entry["grade"] = slug
        if "cleared_at" in entry:
            del entry["cleared_at"]
        if serious or (serious is None and slug == self.worst.slug and entry.get("serious")):
            entry["serious"] = True
        elif "serious" in entry:
            del entry["serious"]
        if strength is not None:
            entry["evidence_strength"] = strength
        if note is not None:
            _set_or_drop(entry, "note", note)
        stamp = now()
        self._add_to_list(item.id, "evidence", codes)
        self._add_to_list(item.id, "cases", case_ids)
        if table.get("not_applicable") is True:
            _applies(table)
        _reviewed(table, by, stamp)
        after = self._read_response(item.id, table) if before is not None else None
        if after is None or after != before:
            entry["at"] = stamp  # the same grade given again is not a change: no new time
            after = None
        self._sync_response(item.id, after)
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
        entry = self._existing_entry(item.id, by)  # a refusal must leave the file as it was
        grade = str(entry.get("grade", "")) if entry is not None else ""
        if serious and grade:
            self._can_be_serious(grade)
        if entry is None or grade != self.worst.slug:
            raise self._not_worst(grade) if grade else ReadinessError(
                f"{by} has not graded {item.id} yet",
                hint=f"Grade it {self.worst.label.lower()} first; only that grade can be "
                     "a serious failure.")
        entry = self._entry_table(item.id, by)
        if serious:
            entry["serious"] = True
        elif "serious" in entry:
            del entry["serious"]
        entry["at"] = now()
        self._sync_response(item.id)
        return item

    def mark_not_applicable(self, item_text: str, *, note: str | None = None,
                            by: str = "") -> Item:
        """The item does not apply to this authority: left out of every judgement."""
        item = self.item(item_text)
        table = self._response_table(item.id)
        assert table is not None
        stamp = now()
        if table.get("not_applicable") is not True:
            table["not_applicable"] = True
            table["not_applicable_at"] = stamp
            _reviewed(table, by, stamp)
        if note is not None:  # why it does not apply: `by`'s note, never someone else's
            entry = self._existing_entry(item.id, by)
            if str(entry.get("note", "") if entry is not None else "") != note.strip():
                entry = self._entry_table(item.id, by)
                _set_or_drop(entry, "note", note)
                entry["at"] = stamp
        self._sync_response(item.id)
        return item

    def clear_not_applicable(self, item_text: str) -> Item:
        """The item applies after all: back to not assessed (notes and evidence stay).

        `not_applicable = false` stays with its time, so an older copy does not bring
        the mark back in a merge.
        """
        item = self.item(item_text)
        table = self._response_table(item.id, create=False)
        if table is not None and table.get("not_applicable") is True:
            _applies(table)
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
        table = self._tomlkit_table(item.id, create=False)  # agreements: tomlkit's
        if table is None:
            return item
        tables: list[Table] = [table]
        entries = table.get("entries")
        if isinstance(entries, AoT):
            tables.extend(entries)
        stamp = now()
        changed = False
        for t in tables:
            if (by is None or str(t.get("by", "")) == by) and \
                    any(key in t for key in ("grade", "evidence_strength", "serious")):
                for key in ("grade", "evidence_strength", "serious"):
                    if key in t:
                        del t[key]
                t["at"] = t["cleared_at"] = stamp
                changed = True
        if by is None:
            changed = self._clear_agreements(table, by="", stamp=stamp) or changed
            if table.get("not_applicable") is True:
                _applies(table, stamp)
                changed = True
        if changed:
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
        """Add to an item's evidence or cases; one taken off before goes back with a time."""
        if not values:
            return
        table = self._response_table(item_id)
        assert table is not None
        current = table.get(key)
        if current is None:
            table[key] = new_array(table)
            current = table[key]
        for value in values:
            if value not in current:
                current.append(value)
                if _drop_from_map(table, f"{key}_removed", value):
                    _put_in_map(table, f"{key}_added", value, now())

    def _take_from_list(self, item_id: str, key: str, value: str) -> bool:
        """Take a value off an item's list, leaving its tombstone; False when not there
        (tomlkit's table: it writes a list or map with a value taken out its own way)."""
        table = self._tomlkit_table(item_id, create=False)
        if table is None or value not in table.get(key, []):
            return False
        table[key].remove(value)
        if not table[key]:
            del table[key]
        _drop_from_map(table, f"{key}_added", value)
        _put_in_map(table, f"{key}_removed", value, now())
        return True

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
        if "evidence" not in self.root:
            self.root["evidence"] = tomlkit.table(is_super_table=True)
        table = self.root["evidence"]
        assert isinstance(table, Table)
        return table

    def _ensure_register_entry(self, code: str) -> None:
        if code not in self.data.evidence:
            doc = self.bank.evidence_map[code]
            self._write_register(code, {"title": doc.title})

    def _write_register(self, code: str, fields: dict[str, Any]) -> None:
        register = self._register()
        existing = register.get(code)
        entry = tomlkit.table()
        entry["id"] = str(existing.get("id", "")) if existing is not None and \
            existing.get("id") else self.new_id()
        for key, value in fields.items():
            if value not in (None, ""):
                entry[key] = value
        entry["at"] = now()
        if existing is not None and "also" in existing:
            entry["also"] = existing["also"]
        register[code] = entry
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
        if self._take_from_list(item.id, "evidence", code):
            self._sync_response(item.id)
        return item

    def remove_cases(self, item_text: str, cases: Iterable[str]) -> Item:
        """Take case IDs off an item (a tombstone keeps them off in a merge)."""
        item = self.item(item_text)
        if any([self._take_from_list(item.id, "cases", case.strip()) for case in cases]):
            self._sync_response(item.id)
        return item

    # --- actions ------------------------------------------------------------------

    def add_action(self, item_text: str, text: str, *, owner: str = "",
                   due: str | date | None = None) -> Action:
        item = self.item(item_text)
        if not text.strip():
            raise ReadinessError("an action needs some text saying what will be done")
        due_date = parse_date(due, "due date") if isinstance(due, str) else due
        fields: dict[str, Any] = {
            "id": self.new_id(),
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
        if "actions" not in self.root:
            self.root["actions"] = tomlkit.aot()
        actions = self.root["actions"]
        assert isinstance(actions, AoT)
        actions.append(table)
        action = msgspec.convert(table.unwrap(), Action)
        self.data.actions.append(action)
        self.dirty = True
        return action

    def action(self, text: str) -> tuple[int, Action]:
        """An action by its label (A3) or id, and its place; refused when there is none."""
        found = self.data.find_action(text)
        if found is None:
            labels = ", ".join(f"A{n}" for n in range(1, len(self.data.actions) + 1))
            raise ReadinessError(f"no action {text.strip()!r} in this assessment",
                                 hint=f"Its actions are {labels}." if labels else
                                 "It has no actions yet.")
        return self.data.actions.index(found), found

    def _action_table(self, n: int) -> Table:
        actions = self.root.get("actions")
        assert isinstance(actions, AoT)
        table: Table = actions[n]
        return table

    def set_action_status(self, action_id: str, status: str) -> Action:
        status = re.sub(r"[\s_-]+", "_", status.strip().lower())  # "In progress", "in-progress"
        if status not in ACTION_STATUSES:
            raise ReadinessError(f"{status!r} is not an action status",
                                 hint=f"Use one of: {', '.join(ACTION_STATUSES)}.")
        n, action = self.action(action_id)
        if action.status == status:
            return action
        table = self._action_table(n)
        table["status"] = status
        table["at"] = now()
        self.data.actions[n] = msgspec.convert(table.unwrap(), Action)
        self.dirty = True
        return self.data.actions[n]

    def edit_action(self, action_id: str, *, text: str, owner: str,
                    due: str | date | None) -> Action:
        """Change what an action says, who owns it and when it is due."""
        if not text.strip():
            raise ReadinessError("an action needs some text saying what will be done")
        due_date = parse_date(due, "due date") if isinstance(due, str) else due
        n, action = self.action(action_id)
        if (action.text, action.owner, action.due) == (text.strip(), owner.strip(), due_date):
            return action
        table = self._action_table(n)
        table["text"] = text.strip()
        for key, value in (("owner", owner.strip()), ("due", due_date)):
            if value:
                table[key] = value
            elif key in table:
                del table[key]
        table["at"] = now()
        self.data.actions[n] = msgspec.convert(table.unwrap(), Action)
        self.dirty = True
        return self.data.actions[n]

    def remove_action(self, action_id: str) -> Action:
        """Remove an action; its id and time stay in `actions_removed` (a tombstone)."""
        n, action = self.action(action_id)
        actions = self.root.get("actions")
        assert isinstance(actions, AoT)
        del actions[n]
        if not len(actions):
            del self.root["actions"]
        _put_in_map(self.root, "actions_removed", action.id, now())
        del self.data.actions[n]
        self.data.actions_removed = dict(self.root["actions_removed"].unwrap())
        self.dirty = True
        return action

    def remove_evidence(self, code: str) -> list[str]:
        """Take a document out of the register and off every item citing it; answer those."""
        if code not in self.data.evidence:
            raise ReadinessError(f"evidence {code!r} is not in the register")
        cited = [item for item, r in self.data.responses.items() if code in r.evidence]
        for item in cited:
            self.detach(item, code)
        register = self._register()
        del register[code]
        if not register:
            del self.root["evidence"]
        del self.data.evidence[code]
        _put_in_map(self.root, "evidence_removed", code, now())
        self.data.evidence_removed = dict(self.root["evidence_removed"].unwrap())
        self.dirty = True
        return cited

    # --- case audits ----------------------------------------------------------------

    def add_audit(self, case: str, item_text: str, grade: str, *, by: str, note: str = "",
                  when: str | date | None = None) -> Audit:
        """Record one case audited against one item (the grade of practice found).

        `when` is the day of the audit (default now); a day in the future is refused. The
        same case, item, auditor and day twice is refused: remove the first to record it
        again. Audits never change the engine's grades.
        """
        audit = self.new_audit(case, item_text, grade, by=by, note=note, when=when)
        self.record_audit(audit)
        return audit

    def new_audit(self, case: str, item_text: str, grade: str, *, by: str, note: str = "",
                  when: str | date | None = None, taken: set[str] | None = None) -> Audit:
        """A checked audit, not yet recorded (imports check every row before recording)."""
        case_id = self.case_id(case)
        item = self.item(item_text)
        slug = self.audit_grade(grade)
        at = audit_time(when)
        twin = self.same_audit(case_id, item.id, by.strip(), at.date())
        if twin is not None:
            raise ReadinessError(
                f"{case_id} on {item.id} by {by.strip() or 'an unnamed auditor'} on "
                f"{at:%d/%m/%Y} is already recorded (audit {twin.id})",
                hint=f"To record it again, remove that one first: readiness audit remove "
                     f"FILE {twin.id}")
        return Audit(id=self._audit_id(taken or set()), case=case_id, item=item.id,
                     grade=slug, note=note.strip(), by=by.strip(), at=at)

    def audit_grade(self, text: str) -> str:
        """The grade of practice an audit found: a grade of the scale (never n/a)."""
        choices = ", ".join(g.slug for g in self.bank.scale)
        hint = f"Use one of: {choices} (or 1–{len(self.bank.scale)})."
        if is_not_applicable(text):
            raise ReadinessError("an audit grades the practice found in the case, so n/a is "
                                 "not a grade for it", hint=hint)
        try:
            return self.grade_slug(text)
        except ReadinessError as error:
            raise ReadinessError(error.message, hint=hint) from None

    def same_audit(self, case: str, item: str, by: str, day: date) -> Audit | None:
        """A standing audit of the same case, item and auditor on the same day."""
        return next((a for a in self.data.live_audits(item)
                     if a.case == case and a.by == by and a.at.date() == day), None)

    def _audit_id(self, taken: set[str]) -> str:
        import secrets

        used = {a.id for a in self.data.audits} | taken
        while True:  # 4 billion ids: a clash is rare, and never reused when it happens
            ident = secrets.token_hex(4)
            if ident not in used:
                return ident

    def record_audit(self, audit: Audit) -> None:
        """Write an audit made by `new_audit` into the file."""
        table = tomlkit.table()
        for key in ("id", "case", "item", "grade", "note", "by", "at"):
            table[key] = getattr(audit, key)
        if "audits" not in self.root:
            self.root["audits"] = tomlkit.aot()
        audits = self.root["audits"]
        assert isinstance(audits, AoT)
        audits.append(table)
        self.data.audits.append(audit)
        self.dirty = True

    def remove_audit(self, audit_id: str) -> tuple[Audit, bool]:
        """Mark an audit removed (a tombstone, kept in the file); answer it and whether this
        changed anything (an audit already removed stays as it was)."""
        wanted = audit_id.strip().lower()
        for n, audit in enumerate(self.data.audits):
            if audit.id != wanted:
                continue
            if audit.removed_at is not None:
                return audit, False
            audits = self.root.get("audits")
            assert isinstance(audits, AoT)
            audits[n]["removed_at"] = now()
            self.data.audits[n] = msgspec.convert(audits[n].unwrap(), Audit)
            self.dirty = True
            return self.data.audits[n], True
        hint = ("An audit's id is 8 characters (0-9, a-f): see readiness audit list FILE."
                if not AUDIT_ID.match(wanted) else "See readiness audit list FILE.")
        raise ReadinessError(f"no audit {audit_id!r} in this assessment", hint=hint)

    # --- snapshots ----------------------------------------------------------------

    def add_snapshot(self, snapshot: Snapshot) -> None:
        if any(s.label == snapshot.label for s in self.data.snapshots):
            raise ReadinessError(f"there is already a snapshot called {snapshot.label!r}",
                                 hint="Give the new one a different --label.")
        if "snapshots" not in self.root:
            self.root["snapshots"] = tomlkit.aot()
        snapshots = self.root["snapshots"]
        assert isinstance(snapshots, AoT)
        if not snapshot.id:
            snapshot = msgspec.structs.replace(snapshot, id=self.new_id())
        table = tomlkit.table()
        for key, value in msgspec.to_builtins(snapshot, builtin_types=(datetime,)).items():
            table[key] = value
        snapshots.append(table)
        self.data.snapshots.append(snapshot)
        self.dirty = True

    # --- agreeing a grade ----------------------------------------------------------

    def agree(self, item_text: str, grade: str, *, by: str, serious: bool = False,
              note: str | None = None) -> Item:
        """Record the grade the room agreed for an item: from now on it is the item's grade.

        An agreement already there is changed (it keeps its id, so this replaces it in a
        merge); grades agreed apart that differ are settled: the first keeps the new
        grade, the others are cleared.
        """
        item = self.item(item_text)
        if not by.strip():
            raise ReadinessError("say who recorded the agreed grade", hint="Add --by NAME.")
        if is_not_applicable(grade):
            raise ReadinessError("an agreed grade is a grade of the scale",
                                 hint="To mark the item not applicable: readiness score FILE "
                                      "ITEM n/a")
        slug = self.grade_slug(grade)
        if serious:
            self._can_be_serious(slug)
        table = self._tomlkit_table(item.id)
        assert table is not None
        response = self.data.responses.get(item.id) or Response()
        records = _agreements_of(response)
        live = [a for a in records if a.live]
        keep = response.agreed or min(live, key=lambda a: a.id, default=None)
        if keep is None:  # a cleared agreement's id is used again: one fact per item
            keep = min((a for a in records if a.id), key=lambda a: a.id, default=None)
        stamp = now()
        chosen = Agreed(
            id=keep.id if keep is not None and keep.id else self.new_id(), grade=slug,
            serious=serious, by=by.strip(), at=stamp,
            note=(note.strip() if note is not None else keep.note if keep else ""),
            evidence_strength=keep.evidence_strength if keep is not None else None)
        others = [_cleared(a, by.strip(), stamp) if a.live else a
                  for a in records if a.id != chosen.id]
        self._write_agreements(table, [chosen, *others])
        if table.get("not_applicable") is True:
            _applies(table, stamp)
        _reviewed(table, by.strip(), stamp)
        self._sync_response(item.id)
        return item

    def confirm_carried(self, item_text: str, *, by: str) -> tuple[Item, str]:
        """Give an item the grade carried to it from another framework (`readiness carry`).

        The proposal becomes `by`'s grade (the cautious one where grades carried from
        several items differ), with the strength it had there and its rationale as the
        note if `by` has written none; every carried record is marked reviewed.
        """
        from readiness.views import carried_proposal

        item = self.item(item_text)
        response = self.data.responses.get(item.id)
        live = [c for c in response.carried if c.live] if response is not None else []
        if response is not None and response.carried and not live:
            last = max(response.carried, key=lambda c: stamp_of(c.reviewed_at))
            when = f" on {last.reviewed_at:%d %b %Y}" if last.reviewed_at else ""
            raise ReadinessError(
                f"the grade carried to {item.id} was reviewed already "
                f"(by {last.reviewed_by or 'someone'}{when})",
                hint="Change its grade as usual: readiness score FILE ITEM GRADE.")
        if response is None or not live:
            raise ReadinessError(f"{item.id} has no carried grade to confirm",
                                 hint="Only items of an assessment made by `readiness carry` "
                                      "carry grades; grade it as usual.")
        if response.assessed or response.not_applicable:
            raise ReadinessError(f"{item.id} has a grade already: the carried one was reviewed",
                                 hint="Change its grade as usual.")
        slug = carried_proposal(self.bank, response)
        if slug is None:
            raise ReadinessError(
                f"nothing is proposed for {item.id}: it was "
                + ("not applicable" if all(c.not_applicable for c in live) else "not graded")
                + " where it came from",
                hint="Grade it, or mark it n/a, as usual.")
        from_there = [c for c in live if c.proposed == slug]
        strengths = [c.evidence_strength for c in from_there if c.evidence_strength]
        has_note = bool(self._entry_table(item.id, by).get("note"))
        notes = [c.note for c in live if c.note]
        self.score(item.id, slug, by=by,
                   strength=min(strengths, key=STRENGTHS.index) if strengths else None,
                   note=None if has_note or not notes else "\n".join(
                       f"From {c.item}: {c.note}" if len(live) > 1 else c.note
                       for c in live if c.note))
        return item, slug

    def clear_agreed(self, item_text: str, *, by: str) -> Item:
        """Take the agreed grade off (the assessors' grades count again)."""
        item = self.item(item_text)
        table = self._tomlkit_table(item.id, create=False)
        if table is not None and self._clear_agreements(table, by=by.strip(), stamp=now()):
            self._sync_response(item.id)
        return item

    def _clear_agreements(self, table: Table, *, by: str, stamp: datetime) -> bool:
        response = msgspec.convert(table.unwrap(), Response)
        if not response.live_agreements():
            return False
        self._write_agreements(table, [_cleared(a, by, stamp) if a.live else a
                                       for a in _agreements_of(response)])
        return True

    @staticmethod
    def _write_agreements(table: Table, records: list[Agreed]) -> None:
        """`agreed` is the agreement that counts; every other record goes in `agreements`."""
        from readiness.docpatch import write_agreements

        write_agreements(table, *settle(records))

    # --- the roster -----------------------------------------------------------------

    def roster_add(self, name: str) -> bool:
        """Put a person on the session's roster; False when they are on it already."""
        name = " ".join(name.split())
        if not name:
            raise ReadinessError("a name is needed", hint='Give it as --add "A. Patel".')
        if name in self.data.roster:
            return False
        if "roster" not in self.root:
            self.root["roster"] = tomlkit.array()
        roster = self.root["roster"]
        roster.append(name)
        if _drop_from_map(self.root, "roster_removed", name):
            _put_in_map(self.root, "roster_added", name, now())
        self._sync_roster()
        return True

    def roster_remove(self, name: str) -> bool:
        """Take a person off the roster (their grades stay); False when not on it."""
        name = " ".join(name.split())
        if name not in self.data.roster:
            return False
        roster = self.root["roster"]
        roster.remove(name)
        if not roster:
            del self.root["roster"]
        _drop_from_map(self.root, "roster_added", name)
        _put_in_map(self.root, "roster_removed", name, now())
        self._sync_roster()
        return True

    def _sync_roster(self) -> None:
        raw = self.root.unwrap()
        self.data.roster = list(raw.get("roster", []))
        self.data.roster_added = dict(raw.get("roster_added", {}))
        self.data.roster_removed = dict(raw.get("roster_removed", {}))
        self.dirty = True

    # --- conflicts a merge recorded ------------------------------------------------

    def resolve_conflict(self, conflict_id: str, *, keep: bool, by: str) -> None:
        """Choose between the two versions a merge found: `keep` what counts now, or
        put the other back (as a change made now, by `by`). The record stays, resolved."""
        from readiness.merge import RECORDS

        found = next((n for n, c in enumerate(self.data.conflicts) if c.id == conflict_id),
                     None)
        if found is None or not isinstance(self.root.get("conflicts"), AoT):
            raise ReadinessError(f"no conflict {conflict_id!r} in this assessment")
        conflict = self.data.conflicts[found]
        if not keep:
            kind, *key = conflict.fact
            if kind not in RECORDS or kind in ("header", "snapshot"):
                raise ReadinessError("this version can only be put back by hand in the file")
            self._put_back(kind, key, conflict.values, by)
        # Taken only now: putting the version back may have opened the whole document
        # (a table taken from the pieces before that would be left behind).
        conflicts = self.root.get("conflicts")
        assert isinstance(conflicts, AoT)
        stamp = now()
        conflicts[found]["resolved_at"] = stamp
        self.data.conflicts[found] = msgspec.structs.replace(conflict, resolved_at=stamp)
        self.dirty = True

    def _put_back(self, kind: str, key: list[str], values: dict[str, Any], by: str) -> None:
        if kind == "entry":
            item, who = key
            entry = self._entry_table(item, who)
            for name in ("grade", "serious", "cleared_at", "evidence_strength", "note"):
                if name in values:
                    entry[name] = values[name]
                elif name in ("grade", "serious", "cleared_at") and name in entry and \
                        "grade" in values:
                    del entry[name]
            entry["at"] = now()
            self._sync_response(item)
        elif kind == "agreed":
            item = key[0]
            grade = values.get("grade")
            if grade is None:
                self.clear_agreed(item, by=by)
            else:
                self.agree(item, str(grade), by=str(values.get("by") or by),
                           serious=bool(values.get("serious")), note=values.get("note"))
        elif kind == "action":
            _, action = self.action(key[0])
            if "status" in values:
                self.set_action_status(action.id, str(values["status"]))
            if any(k in values for k in ("text", "owner", "due")):
                self.edit_action(action.id, text=str(values.get("text", action.text)),
                                 owner=str(values.get("owner", action.owner)),
                                 due=values.get("due", action.due))
        else:
            raise ReadinessError("this version can only be put back by hand in the file")


    # --- mock inspections -----------------------------------------------------------

    def set_mock(self, *, notified: str | date | None, region: str, lists: str, profile: str,
                 seed: str | int | None) -> MockSettings:
        """Keep a mock inspection's settings (notification date, lists, sample) in the file."""
        day = parse_date(notified, "notification date") if isinstance(notified, str) \
            else notified
        region = region.strip().lower() or "england"
        if region not in ("england", "wales", "scotland"):
            raise ReadinessError(f"no region called {region!r}",
                                 hint="Use england, wales or scotland.")
        profile = profile.strip()
        if profile and profile not in {s.id for s in self.bank.samples}:
            known = ", ".join(s.id for s in self.bank.samples) or "none in this bank"
            raise ReadinessError(f"no sample profile called {profile!r}",
                                 hint=f"Profiles: {known}.")
        number: int | None
        if seed is None or (isinstance(seed, str) and not seed.strip()):
            number = None
        else:
            try:
                number = int(seed)
            except ValueError:
                raise ReadinessError(f"the seed {seed!r} is not a whole number",
                                     hint="Any whole number: the same seed gives the same "
                                          "sample.") from None
        fields: dict[str, Any] = {"notified": day, "region": region,
                                  "lists": lists.strip(), "profile": profile, "seed": number}
        table = tomlkit.table()
        for key, value in fields.items():
            if value not in (None, ""):
                table[key] = value
        self.root["mock"] = table
        self.data.mock = msgspec.convert(table.unwrap(), MockSettings)
        self.dirty = True
        return self.data.mock
    # --- the board ----------------------------------------------------------------

    def set_board(self, board: Board) -> bool:
        """Remember the board a pack goes to in `[board]`; answer whether anything changed.

        Only the fields given replace what is there; an unchanged board writes nothing.
        """
        old = self.data.board or Board()
        new = board.over(old)
        if new == old:
            return False
        table = tomlkit.table()
        for key, value in msgspec.to_builtins(new, builtin_types=(date,)).items():
            table[key] = value
        if "board" in self.root:
            existing = self.root["board"]
            assert isinstance(existing, Table)
            for key, value in table.items():
                existing[key] = value
        else:
            self.root["board"] = table
        self.data.board = new
        self.dirty = True
        return True


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


def _reviewed(table: Table | PlainTable, by: str, stamp: datetime) -> None:
    """Mark the grades carried to an item reviewed: someone has graded it since."""
    carried = table.get("carried")
    if not is_aot(carried):
        return
    for record in carried:
        if "reviewed_at" not in record:
            record["reviewed_at"] = stamp
            if by:
                record["reviewed_by"] = by


def _applies(table: Table | PlainTable, stamp: datetime | None = None) -> None:
    """`not_applicable = false` with its time: the item applies (again)."""
    table["not_applicable"] = False
    table["not_applicable_at"] = stamp or now()


def _drop_from_map(table: Any, key: str, name: str) -> bool:
    found = table.get(key)
    if found is None or name not in found:
        return False
    del found[name]
    if not found:
        del table[key]
    return True


def _put_in_map(table: Any, key: str, name: str, when: datetime) -> None:
    if key not in table:
        table[key] = tomlkit.inline_table()  # (never in plain values: `plaintext.plain`)
    table[key][name] = when


def _agreements_of(response: Response) -> list[Agreed]:
    return ([response.agreed] if response.agreed else []) + list(response.agreements)


def _cleared(agreement: Agreed, by: str, stamp: datetime) -> Agreed:
    return msgspec.structs.replace(agreement, grade=None, serious=False,
                                   evidence_strength=None, at=stamp, cleared_at=stamp,
                                   by=by or agreement.by)


def audit_time(when: str | date | None) -> datetime:
    """When an audit was done: the day given (midnight UTC), or now; never in the future."""
    if when is None or (isinstance(when, str) and not when.strip()):
        return now()
    day = parse_date(when, "audit date") if isinstance(when, str) else when
    assert day is not None
    if day > now().date():
        raise ReadinessError(f"the audit date {day:%d/%m/%Y} is in the future",
                             hint="Give the day the case was audited.")
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


@functools.lru_cache(maxsize=256)
def is_not_applicable(text: str) -> bool:
    return re.sub(r"[\s_/-]+", "", text.strip().lower()) in ("na", "notapplicable")


def _set_or_drop(table: Table | PlainTable, key: str, value: str) -> None:
    if value.strip():
        table[key] = multiline(value)
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


def board_from(*, name: str | None = None, meeting: str | date | None = None,
               lead: str | None = None, recommendation: str | None = None,
               marking: str | None = None, by_framework: str | None = None) -> Board:
    """The board a pack goes to, from what people type ("Endorse", "official sensitive");
    anything not given stays None so the remembered value is kept."""
    chosen = None
    if recommendation and recommendation.strip():
        chosen = recommendation.strip().lower()
        if chosen not in RECOMMENDATIONS:
            raise ReadinessError(f"{recommendation!r} is not a recommendation",
                                 hint=f"Use one of: {', '.join(RECOMMENDATIONS)}.")
    mark = None
    if marking and marking.strip():
        mark = re.sub(r"[\s_-]+", "-", marking.strip().upper())
        if mark not in MARKINGS:
            raise ReadinessError(f"{marking!r} is not a protective marking",
                                 hint=f"Use one of: {', '.join(MARKINGS)}.")
    return Board(name=(name or "").strip(), meeting=parse_date(meeting, "meeting date"),
                 lead=(lead or "").strip(),
                 recommendation=chosen,  # type: ignore[arg-type]
                 marking=mark,  # type: ignore[arg-type]
                 by_framework=(by_framework or "").strip().lower())
