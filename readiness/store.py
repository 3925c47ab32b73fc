"""Saving that never loses a score.

Every save: a lock against a second writer, a check whether anybody else changed the file
since it was read, a temporary file in the same folder, flushed and fsynced, moved over
the original with `os.replace`, and then a numbered backup of the previous version. A
crash at any step leaves the previous file whole. When someone else saved the file
meanwhile, the save is a three-way merge (`readiness.merge.merge3`: the version read, theirs
on disk, yours in memory) laid into their file (their comments kept): changes to
different items or fields merge silently and the save says what came in; the same field
changed by both is recorded in the file as a conflict, the later change counting. Only a
file on disk that cannot be read is refused (`SaveConflict`; the app then keeps your
version beside it as `NAME.mine-TIME.toml`). A save that would write the bytes
already on disk writes nothing, and backs nothing up. A backup is kept only when the
save succeeded and the previous version differs from the newest backup; the last ten
distinct versions are kept, and at least one a day for the last 30 days. A file that
cannot be read is never overwritten: the error names the line and the newest good
backup, which `restore` puts back.

Locks and backups live in a `.readiness/` folder beside the assessment.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from readiness import assessment as model
from readiness import limits
from readiness.assessment import SCHEMA, Assessment, now
from readiness.assessment import today as current_day
from readiness.banks import Bank, BankSet
from readiness.errors import AssessmentError, LockedError, SaveConflict

if TYPE_CHECKING:  # tomlkit and filelock load only when something is written
    import tomlkit

    from readiness.bankchange import Followed
    from readiness.edits import Editable
    from readiness.merge import Change, Facts
    from readiness.splice import Pieces

KEEP_BACKUPS = 10
"""The last ten distinct versions are kept..."""
KEEP_DAYS = 30
"""...and at least one a day (the day's last) for the last 30 days."""
HIDDEN = ".readiness"
LOCK_WAIT = 2.0
"""Seconds a save waits for another save of the same file to finish (saves take
milliseconds; several laptops saving one shared file at once then all succeed)."""

class Fingerprint(msgspec.Struct, frozen=True):
    """What the file looked like when read: a save merges if it has changed since."""

    digest: str

    @classmethod
    def of(cls, data: bytes) -> Fingerprint:
        return cls(hashlib.sha256(data).hexdigest())


def hidden_dir(path: Path) -> Path:
    return path.parent / HIDDEN


def backup_dir(path: Path) -> Path:
    return hidden_dir(path) / "backups"


def lock_path(path: Path) -> Path:
    return hidden_dir(path) / f"{path.name}.lock"


def backups(path: Path) -> list[Path]:
    """This file's backups, newest first."""
    return [p for _, p in numbered_backups(path)]


def numbered_backups(path: Path) -> list[tuple[int, Path]]:
    """This file's backups with their numbers (which never change), newest first."""
    folder = backup_dir(path)
    if not folder.is_dir():
        return []
    prefix = f"{path.stem}."
    found = []
    for candidate in folder.glob(f"{path.stem}.*{path.suffix}"):
        middle = candidate.name[len(prefix): len(candidate.name) - len(path.suffix)]
        if middle.isascii() and middle.isdigit():  # '¹' is a digit int() cannot read
            found.append((int(middle), candidate))
    return sorted(found, reverse=True)


def newest_good_backup(path: Path) -> Path | None:
    for candidate in backups(path):
        try:
            model.parse(candidate.read_text(encoding="utf-8"), candidate)
        except (AssessmentError, OSError, UnicodeDecodeError):
            continue
        return candidate
    return None


def _damaged(error: AssessmentError, path: Path) -> AssessmentError:
    """Point a user whose file will not read at the newest backup that will."""
    good = newest_good_backup(path)
    if good is not None:
        saved = datetime.fromtimestamp(good.stat().st_mtime).strftime("%d %b %Y %H:%M")
        number = next(n for n, p in numbered_backups(path) if p == good)
        error.hint = (f"The newest good backup is {good} (saved {saved}). Nothing was "
                      f"overwritten: fix the line shown, or put the backup back with "
                      f"`readiness restore {path} {number}`.")
    else:
        error.hint = "Nothing was overwritten. Fix the line shown; there is no backup to restore."
    return error


# --- reading ----------------------------------------------------------------------


def _parse_or_point_at_backup(path: Path, *, fast: bool = False
                              ) -> tuple[bytes, str, Assessment]:
    data = model.read_bytes(path)
    try:
        text = model.decode(data, path)
        return data, text, (model.parse_fast if fast else model.parse)(text, path)
    except AssessmentError as error:
        if path.suffix.lower() != ".toml":
            raise _not_an_assessment(path) from None
        if error.line is not None:
            raise _damaged(error, path) from None
        raise


def _not_an_assessment(path: Path) -> AssessmentError:
    """A spreadsheet or a board pack given where an assessment belongs is not 'damaged'."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".xlsx", ".xlsm", ".xls"):
        hint = (f"To load its rows into an assessment: readiness import ASSESSMENT.toml {path}"
                if suffix != ".xls" else "Save it as .xlsx or .csv in Excel, then load it "
                "with: readiness import ASSESSMENT.toml FILE.xlsx")
    elif suffix in (".html", ".htm", ".docx", ".md", ".json", ".pdf"):
        hint = "It looks like a board pack or report; give the assessment (.toml) instead."
    else:
        hint = "Assessments are .toml files made with `readiness new FILE.toml`."
    return AssessmentError("this is not an assessment file (assessments are .toml files "
                           "made by readiness)", file=path, hint=hint)


def parse_file(path: Path, *, fast: bool = False) -> tuple[str, Assessment]:
    """An assessment's text and shape, not yet checked against its bank (`fast`: with
    rtoml, for reading many files; problems are still named as always)."""
    _, text, data = _parse_or_point_at_backup(path, fast=fast)
    return text, data


def read(path: Path, banks: BankSet, notes: list[str] | None = None
         ) -> tuple[Assessment, Bank]:
    """For showing and exporting: read with rtoml (`parse_fast`), never with tomlkit.
    Problems name the file and line.

    A bank that changed since the file was saved is followed in memory (`bankchange`):
    what it no longer has is set aside, never refused; `notes` gets what was.
    """
    from readiness import bankchange

    _, _, data, bank, followed = _read_checked(path, banks)
    if followed is not None:
        data = followed.assessment
        if notes is not None:
            notes += _bank_changed(bank, followed.notes)
    if notes is not None:
        notes += bankchange.references(data, bank)
    return data, bank


def _read_checked(path: Path, banks: BankSet
                  ) -> tuple[bytes, str, Assessment, Bank, Followed | None]:
    """The file (its bytes, text and shape, read with rtoml) and its bank; what a changed
    bank sets aside (None when the bank is as it was); problems raised against the bank."""
    from readiness import bankchange

    raw_bytes, text, data = _parse_or_point_at_backup(path, fast=True)
    bank = banks.get(data.bank)
    followed = bankchange.follow(data, bank, now()) if bankchange.changed(data, bank) \
        else None
    model.raise_problems(followed.assessment if followed else data, bank, text, path)
    return raw_bytes, text, data, bank, followed


def open_for_edit(path: Path, banks: BankSet) -> Editable:
    """Open for editing; the tomlkit document (kept comments and all) is parsed on first edit.

    A file from an older format is migrated here (and its original kept); responses to
    items the bank no longer has are moved under [orphaned].
    """
    from readiness import bankchange
    from readiness.edits import Editable

    raw_bytes, text, data, bank, followed = _read_checked(path, banks)
    sweep_leftovers(path)
    notes: list[str] = []
    editable = Editable(path, text, data, bank)
    if model.declared_schema(text) != SCHEMA:
        from readiness import layout

        doc = layout.editable(text, path)
        notes = _migrate(doc, path, raw_bytes)
        editable = Editable(path, doc, data, bank)
    editable.fingerprint = Fingerprint.of(raw_bytes)
    editable.base = raw_bytes
    editable.notes.extend(notes)
    editable.dirty = bool(notes)
    if followed is not None:
        _follow_bank(editable, followed)
    editable.notes.extend(bankchange.references(editable.data, bank))
    return editable


def _migrate(doc: tomlkit.TOMLDocument, path: Path, original: bytes) -> list[str]:
    """Migrate the document in place, keeping the original file beside it."""
    version = model.migrate(doc, path)
    if version is None:
        return []
    kept = path.with_name(f"{path.stem}.schema-{version}{path.suffix}")
    if not kept.exists():
        write_atomic(kept, original)
    return [f"Updated the file from format {version} to {SCHEMA}; the original is kept as "
            f"{kept.name}."]


def _follow_bank(editable: Editable, followed: Followed) -> None:
    """A changed bank: lay what `bankchange.follow` set aside into the document, and record
    the bank's new hash and version (they reach the document at the next save)."""
    from readiness.docpatch import apply

    bank = editable.bank
    if followed.assessment != editable.data:  # only then is the document parsed
        apply(editable.doc, followed.assessment, editable.data)
        editable.data = followed.assessment
    editable.notes += _bank_changed(bank, followed.notes)
    editable.data.bank_hash, editable.data.bank_version = bank.digest, bank.version
    editable.dirty = True


def _bank_changed(bank: Bank, notes: list[str]) -> list[str]:
    return [f"The {bank.id} bank has changed (now version {bank.version}): {note}."
            for note in notes]


# --- creating and saving ----------------------------------------------------------


def create(path: Path, bank: Bank, authority: str, *, title: str = "", demo: bool = False,
           overwrite: bool = False) -> Editable:
    """A new, empty assessment, saved at once so the file exists from the start."""
    import tomlkit

    from readiness.edits import Editable

    if not authority.strip():
        raise AssessmentError("an assessment needs the authority's name", file=path,
                              hint='Add --authority "Name of council".')
    if path.suffix.lower() != ".toml":
        raise AssessmentError("an assessment file name ends in .toml", file=path)
    if path.exists() and not overwrite:
        raise AssessmentError("a file with this name already exists; nothing was changed",
                              file=path, hint="Choose another name, or open the existing file.")
    if not path.parent.is_dir():
        raise AssessmentError("the folder for this file does not exist", file=path.parent)
    doc = tomlkit.document()
    doc.add(tomlkit.comment(" readiness self-assessment. Edit it in the app (readiness open "
                            f"{path.name}) or by hand:"))
    doc.add(tomlkit.comment(" comments and your own notes are kept on every save."))
    stamp = now()
    doc["schema"] = SCHEMA
    doc["bank"] = bank.id
    doc["bank_version"] = bank.version
    doc["bank_hash"] = bank.digest
    doc["authority"] = authority.strip()
    doc["title"] = title.strip() or f"{authority.strip()}: self-assessment against {bank.title}"
    if demo:
        doc["demo"] = True
    doc["created"] = stamp
    doc["updated"] = stamp
    data = model.from_dict(doc.unwrap(), doc.as_string(), path)
    editable = Editable(path, doc, data, bank)
    editable.dirty = True
    save(editable, new=True)
    return editable


class SaveResult:
    """What a save did: whether it wrote, and what it merged in from someone else.

    True when something was written (so `if store.save(e):` reads as before).
    """

    __slots__ = ("conflicts", "disk", "incoming", "merged", "mine", "written")

    def __init__(self, written: bool, *, merged: bool = False, disk: bytes = b"",
                 mine: bytes = b"", incoming: list[Change] | None = None,
                 conflicts: list[model.Conflict] | None = None) -> None:
        self.written = written
        self.merged = merged
        """Someone else had saved the file: their changes and yours were merged."""
        self.disk = disk
        """The file as it is on disk after the save."""
        self.mine = mine
        """The bytes this save started from (`prepare`): the base for `adopt`."""
        self.incoming = incoming or []
        """What came in from the other saves (facts that differ from yours)."""
        self.conflicts = conflicts or []
        """Fields both changed (the later counts; the other is kept in the file)."""

    def __bool__(self) -> bool:
        return self.written

    def __repr__(self) -> str:
        return (f"SaveResult(written={self.written}, merged={self.merged}, "
                f"incoming={len(self.incoming)}, conflicts={len(self.conflicts)})")


def save(editable: Editable, *, new: bool = False) -> bool:
    """Write the assessment safely, or raise and leave the file on disk as it was.

    `new` is for a file being created (or deliberately replaced, like the demo): there is
    no earlier reading of it to compare with, but the old file is still backed up.
    Answers whether anything was written: a change that changes nothing writes nothing.
    Someone else's changes saved meanwhile are merged in (`save_merging` says which).
    """
    return save_merging(editable, new=new).written


def save_merging(editable: Editable, *, new: bool = False) -> SaveResult:
    """`save`, answering what was done: written or not, and what came in from others.

    When someone else saved the file since it was read, their changes and these are
    merged (three-way) and written into their file, and what is open here is brought
    up to date: `result.incoming` says what came in, `result.conflicts` what both changed.
    """
    result = commit(editable, prepare(editable), new=new)
    if result.merged:
        adopt(editable, result)
        editable.base = result.disk
        editable.fingerprint = Fingerprint.of(result.disk)
    editable.dirty = False
    return result


def prepare(editable: Editable) -> bytes:
    """The bytes to write, stamped `updated` now. Touches the document, so call it from
    the thread that edits; `commit` only does file work and may run in another thread.

    When the document still reads exactly as the file did, its bytes come back as they
    are (not stamped), so `commit` sees that there is nothing to write. A file edited in
    pieces (`readiness.splice`) is read back whole and compared with the model before it
    is written; afterwards what is open starts from these bytes, as a command run afresh.
    """
    return _prepare(editable, later=False)[0]


def prepare_read_back_later(editable: Editable) -> tuple[bytes, ReadBack | None]:
    """`prepare`, with the read-back of a file edited in pieces left to the answer's
    `ReadBack` (None: nothing to check), which the app runs in its save thread before
    `commit`: most of a save's time on a large file, off the thread that draws. If it
    fails, nothing may be written: lay the model in (`Editable.from_model`) on the
    thread that edits and save again."""
    return _prepare(editable, later=True)


def _prepare(editable: Editable, later: bool) -> tuple[bytes, ReadBack | None]:
    data = editable.data
    for key in ("bank_hash", "bank_version"):
        if editable.top_value(key) != getattr(data, key):  # (absent is empty: not written)
            editable.set_top_value(key, getattr(data, key))
    changed = editable.changed()  # told cheaply in pieces after a save, else rendered
    if changed is False and editable.base is not None:
        return editable.base, None
    if changed is None:
        unchanged = serialise(editable)
        if Fingerprint.of(unchanged) == editable.fingerprint:
            return unchanged, None
    stamp = now()
    editable.set_top_value("updated", stamp)
    data.updated = stamp
    out = serialise(editable)
    check = None
    if editable.spliced:
        check = ReadBack.of(out, editable) if later else None
        if check is None and not _reads_as(out, editable):
            editable.from_model()  # never expected: the model laid into the text last read
            out = serialise(editable)
    editable.rebase(out.decode("utf-8"))
    return out, check


class ReadBack:
    """Whether text made in pieces reads back as the model did when it was made: the
    model copied now (msgpack: about 5 ms at 1.2 MB), compared in any thread."""

    def __init__(self, out: bytes, path: Path, copied: bytes) -> None:
        self.out, self.path, self.copied = out, path, copied

    @classmethod
    def of(cls, out: bytes, editable: Editable) -> ReadBack | None:
        """None when the model cannot be copied so (then check it at once)."""
        try:
            copied = msgspec.msgpack.encode(editable.data)
        except (TypeError, ValueError, OverflowError, msgspec.EncodeError):
            return None
        return cls(out, editable.path, copied)

    def holds(self) -> bool:
        try:
            expected = msgspec.msgpack.decode(self.copied, type=Assessment)
        except msgspec.DecodeError:
            return False
        return _reads_back_as(self.out, self.path, expected)


def _reads_as(out: bytes, editable: Editable) -> bool:
    """Whether text made in pieces reads back as the model."""
    return _reads_back_as(out, editable.path, editable.data)


def _reads_back_as(out: bytes, path: Path, expected: Assessment) -> bool:
    """Whether `out` reads as `expected` (cheap: rtoml)."""
    try:  # (`commit` checks the limits before it writes; edits make no deep nesting)
        return model.parse_fast(out.decode("utf-8"), path, limits_checked=True) == expected
    except (AssessmentError, UnicodeDecodeError):
        return False


def serialise(editable: Editable) -> bytes:
    """The document as the file holds it: a blank line before every table."""
    return editable.respace().encode("utf-8")


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    from filelock import FileLock, Timeout

    try:
        hidden_dir(path).mkdir(exist_ok=True)
        lock = FileLock(lock_path(path), timeout=LOCK_WAIT)
        lock.acquire()
    except Timeout:
        raise LockedError(
            "someone else is saving this assessment right now; your change was not saved yet",
            file=path, hint="Try again in a moment.",
        ) from None
    except OSError as exc:
        raise AssessmentError(f"could not save: {exc.strerror or exc}", file=path) from None
    try:
        yield
    finally:
        lock.release()


def commit(editable: Editable, data: bytes, *, new: bool = False) -> SaveResult:
    """Lock; write `data` atomically, backing up the old; merge if someone else saved.

    Does only file work (it may run in another thread): it never touches the document.
    When the file changed since this editable's base, the result is the three-way merge
    of base, `data` and the file, written instead; `adopt` then brings it into what is
    open. Writes nothing (not even a backup) when the file already holds the result.
    """
    path = editable.path
    limits.check_saved(data, path)  # never write a file that could not be read back
    with _locked(path):
        sweep_leftovers(path)
        if path.exists() and read_only(path):
            raise AssessmentError(
                "the file is read-only (someone set it so, or you may only read it here): "
                "your changes were not saved and are kept open",
                file=path, hint="Ask whoever shares it to let you change it, or export a "
                                "copy; nothing was overwritten.")
        try:
            current = path.read_bytes() if path.exists() else None
            if current == data:
                editable.base, editable.fingerprint = data, Fingerprint.of(data)
                return SaveResult(False, disk=data, mine=data)
            if current is not None and not new \
                    and editable.fingerprint != Fingerprint.of(current):
                result = _merge_over(editable, data, current)
                if result.disk != current:
                    _replace(path, current, result.disk)
                    result.written = True
                editable.base, editable.fingerprint = data, Fingerprint.of(data)
                return result
            _replace(path, current, data)
            editable.base, editable.fingerprint = data, Fingerprint.of(data)
        except OSError as exc:
            raise AssessmentError(
                f"could not save: {exc.strerror or exc}; the file on disk is as it was before",
                file=path,
            ) from None
    return SaveResult(True, disk=data, mine=data)


def _read_other(path: Path, data: bytes) -> tuple[str, Assessment]:
    """Someone else's version on disk, or SaveConflict when it cannot be read."""
    try:
        text = model.decode(data, path)
        return text, model.parse_fast(text, path)
    except AssessmentError as error:
        raise SaveConflict(
            "the file was changed by someone else since you opened it and cannot be read "
            f"now ({error.message}{f', line {error.line}' if error.line else ''}); saving "
            "would overwrite it, so nothing was saved",
            file=path, hint="Your changes are kept here. Fix the file (or restore a backup "
                            "with `readiness restore`), then save again.") from None


def _merge_over(editable: Editable, mine_bytes: bytes, current: bytes) -> SaveResult:
    """Three-way merge of the base, `mine_bytes` and the file on disk, laid into theirs."""
    from readiness.merge import MergeError, merge3

    path = editable.path
    text, theirs = _read_other(path, current)
    mine = model.parse_fast(model.decode(mine_bytes, path), path)
    base = model.parse_fast(model.decode(editable.base, path), path) if editable.base else None
    try:
        merged = merge3(base, mine, theirs)
    except MergeError as error:
        raise SaveConflict(f"the file was replaced by someone else with {error.message}; "
                           "nothing was saved", file=path,
                           hint="Your changes are kept here.") from None
    disk = lay_into(text, theirs, merged.assessment, path)
    return SaveResult(False, merged=True, disk=disk, mine=mine_bytes,
                      incoming=merged.incoming, conflicts=merged.conflicts)


def lay_into(text: str, old: Assessment, new: Assessment, path: Path) -> bytes:
    """`new` written into the file whose text is `text` (holding `old`), comments kept.

    Answers `text` itself, as bytes, when the facts are the same.
    """
    import tomlkit

    from readiness.merge import facts
    from readiness.tomlpos import spaced

    if model.declared_schema(text) == SCHEMA:
        held, wanted = facts(old), facts(new)
        if held == wanted:
            return text.encode("utf-8")
        fast = _lay_into_pieces(text, old, new, path, held, wanted)
        if fast is not None:
            return fast
    return spaced(tomlkit.dumps(lay_into_document(text, old, new, path))).encode("utf-8")


def _lay_into_pieces(text: str, old: Assessment, new: Assessment, path: Path, held: Facts,
                     wanted: Facts) -> bytes | None:
    """`lay_into` parsing only the responses whose facts differ (`held`, `wanted`) with
    `readiness.docpatch.apply_in_pieces`, read back whole before it is used; None when
    the whole document is needed."""
    from readiness.docpatch import apply_in_pieces
    from readiness.merge import facts, items_that_differ
    from readiness.splice import Pieces, respace

    pieces = Pieces.of(text)
    laid = apply_in_pieces(pieces, new, old, items_that_differ(held, wanted)) \
        if pieces is not None else None
    if laid is None:
        return None
    out = respace(laid)[0]
    try:
        if facts(model.parse_fast(out, path)) != wanted:
            return None  # never expected: the whole document is used instead
    except AssessmentError:
        return None
    return out.encode("utf-8")


def lay_in(editable: Editable, new: Assessment) -> None:
    """What is open is made to hold `new` (a merge of copies), laid into its text: in
    pieces where the text's shape allows (`lay_into`), else into the whole document."""
    if not editable.whole:
        text = lay_into(editable.render(), editable.data, new, editable.path).decode("utf-8")
        if editable.rebase(text):
            editable.data = model.parse_fast(text, editable.path)
            editable.dirty = True
            return
    from readiness.docpatch import apply

    apply(editable.doc, new, editable.data)
    editable.resync()


def lay_into_document(text: str, old: Assessment, new: Assessment,
                      path: Path) -> tomlkit.TOMLDocument:
    """The document of `text` (holding `old`), changed to hold `new` where it differs."""
    from readiness.docpatch import apply

    doc = _whole_document(text, path)
    apply(doc, new, old)
    return doc


def _whole_document(text: str, path: Path) -> tomlkit.TOMLDocument:
    """`text` parsed whole with tomlkit (its last line ended, or appends glue onto it),
    brought up to the current format."""
    from readiness.layout import parse

    doc = parse(text)
    model.migrate(doc, path)
    return doc


def _cut(text: str) -> Pieces | None:
    """`text` cut into pieces, when it is of the current format and a shape for them."""
    from readiness.splice import Pieces

    return Pieces.of(text) if model.declared_schema(text) == SCHEMA else None


def adopt(editable: Editable, result: SaveResult, ready: Incoming | None = None
          ) -> list[Change]:
    """Bring what a merged save wrote into what is open; answer what came in.

    Call it on the thread that edits, after `commit` answered `merged`: edits made since
    `prepare` are kept (a three-way merge with the file as saved), and the document
    becomes the file's, so their comments and layout are what is open now. Does not
    change what the next save compares with: that save merges once more and finds
    nothing new (or writes only what was typed since). `ready` (`ready_to_adopt`, made
    in the save thread) is the file as written, cut already: taken as it is when nothing
    was changed here since `prepare`, so the thread that edits does almost no work.
    """
    if not result.merged:
        return []
    if ready is not None and _become(editable, ready.text, ready.theirs, ready.pieces):
        return list(result.incoming)
    return _take_in(editable, result.mine, result.disk)


def ready_to_adopt(path: Path, result: SaveResult) -> Incoming | None:
    """After a merged save, in the thread that saved: the file as written, read and cut
    into pieces for `adopt` (None when it was not merged or is a shape edited whole)."""
    if not result.merged:
        return None
    text = model.decode(result.disk, path)
    pieces = _cut(text)
    if pieces is None:
        return None
    return Incoming(result.mine, result.disk, text, model.parse_fast(text, path),
                    list(result.incoming), pieces, None)


@dataclass(frozen=True)
class Incoming:
    """A colleague's save, read and made ready to be taken in (`read_incoming`)."""

    base: bytes
    """What was open (saved) when it was read: taken in only if that is still so."""
    disk: bytes
    text: str
    theirs: Assessment
    changes: list[Change]
    """What differs from `base`."""
    pieces: Pieces | None
    """The text cut into pieces, or None for a file whose shape is edited whole: then
    `doc` holds the whole document."""
    doc: tomlkit.TOMLDocument | None


def read_incoming(path: Path, base: bytes, fingerprint: Fingerprint | None) -> Incoming | None:
    """Read what someone else saved over `base`, cut ready for editing; None when the file
    is still `fingerprint`. Touches nothing that is open, so the app runs it in another
    thread (a large workshop's file takes a few tenths of a second to read and merge);
    `take_incoming` then brings it in on the thread that edits. A file that cannot be
    read raises."""
    from readiness.merge import merge3

    data = model.read_bytes(path)
    if fingerprint == Fingerprint.of(data):
        return None
    text, theirs = _read_other(path, data)
    old = model.parse_fast(model.decode(base, path), path) if base else None
    changes = merge3(old, old, theirs).incoming if old is not None else []
    pieces = _cut(text)
    doc = _whole_document(text, path) if pieces is None else None
    return Incoming(base, data, text, theirs, changes, pieces, doc)


def take_incoming(editable: Editable, incoming: Incoming) -> list[Change] | None:
    """Bring a colleague's save (`read_incoming`) into what is open, on the thread that
    edits: what is open becomes their file. None (nothing taken) when something was
    changed or saved here since it was read: a save merges it then, or the next look."""
    if editable.dirty or editable.base != incoming.base:
        return None
    if not _become(editable, incoming.text, incoming.theirs, incoming.pieces):
        assert incoming.doc is not None  # made whenever the text is not in pieces
        editable.replace_document(incoming.doc)
        editable.dirty = model.declared_schema(incoming.text) != SCHEMA  # migrated: save it
    editable.base, editable.fingerprint = incoming.disk, Fingerprint.of(incoming.disk)
    return list(incoming.changes)


def _become(editable: Editable, text: str, data: Assessment, cut: Pieces | None = None
            ) -> bool:
    """What is open becomes the file `text` (read as `data`; nothing typed here is left
    out of it), cut into pieces like a file just opened: no whole parse with tomlkit,
    which takes seconds on a large workshop's file. False when its shape is edited whole."""
    if not editable.rebase(text, cut):
        return False
    editable.data = data
    editable.dirty = False
    return True


def refresh(editable: Editable) -> list[Change] | None:
    """The file changed on disk (someone else saved): merge it into what is open.

    For an app watching its file; call it on the thread that edits, when no save is
    pending (a pending save merges by itself, and `adopt` brings the result in). Answers
    what came in, or None when the file is as this editable last read or wrote it. A
    file that cannot be read raises (nothing here changes).
    """
    path = editable.path
    if not editable.dirty and editable.base:
        incoming = read_incoming(path, editable.base, editable.fingerprint)
        return None if incoming is None else take_incoming(editable, incoming)
    data = model.read_bytes(path)
    if editable.fingerprint == Fingerprint.of(data):
        return None
    came = _take_in(editable, editable.base or b"", data)
    editable.base, editable.fingerprint = data, Fingerprint.of(data)
    return came


def _take_in(editable: Editable, base_bytes: bytes, disk: bytes) -> list[Change]:
    """What is open becomes the file `disk` plus what was changed here since `base_bytes`.

    When nothing was changed here since (a merged save that nothing was typed after),
    the file's text is what is open, cut into pieces (`_become`).
    """
    from readiness.merge import merge3, same_facts

    path = editable.path
    text, theirs = _read_other(path, disk)
    base = model.parse_fast(model.decode(base_bytes, path), path) if base_bytes else None
    merged = merge3(base, editable.data, theirs)
    nothing_here = same_facts(theirs, merged.assessment)
    if nothing_here and model.declared_schema(text) == SCHEMA and \
            _become(editable, text, theirs):
        return merged.incoming
    editable.replace_document(lay_into_document(text, theirs, merged.assessment, path))
    editable.dirty = not nothing_here  # only what was typed here is unsaved
    return merged.incoming


LEFTOVER_AGE = 120.0
"""Seconds after which a temporary file of ours is a leftover of an interrupted save, not
one being written now (a save takes milliseconds; a slow network share, seconds)."""


def sweep_leftovers(path: Path, *, age: float = LEFTOVER_AGE) -> list[Path]:
    """Remove what an interrupted save of `path` left behind, and only that.

    A save killed mid-write leaves its temporary copy (`.NAME.XXXX.tmp`, a whole copy of
    the assessment, case IDs included) and perhaps a staged backup; only files of ours,
    by name and age, are removed. Never raises: a leftover is not worth failing a save.
    """
    import time

    removed: list[Path] = []
    now = time.time()
    patterns = [(path.parent, f".{path.name}.*.tmp"),
                (backup_dir(path), f".{path.name}.*.staged"),
                (backup_dir(path), f".{path.name}.*.tmp"),
                (backup_dir(path), f".{path.name}.*.staged.*.tmp")]
    for folder, pattern in patterns:
        with contextlib.suppress(OSError):
            for candidate in folder.glob(pattern):
                with contextlib.suppress(OSError):
                    if now - candidate.stat().st_mtime > age:
                        candidate.unlink()
                        removed.append(candidate)
    return removed


def _replace(path: Path, current: bytes | None, data: bytes) -> None:
    """Write `data` over `path`; keep `current` (the version replaced) as a backup.

    The backup is written first under a temporary name (so the old version is on disk
    before the file is replaced) and numbered only once the save has succeeded.
    """
    staged = _backup(path, current) if current is not None else None
    try:
        write_atomic(path, data)
    except BaseException:
        if staged is not None:
            with contextlib.suppress(OSError):
                staged.unlink()
        raise
    if staged is not None:
        _publish_backup(path, staged)


def _backup(path: Path, data: bytes) -> Path | None:
    """Stage the version about to be replaced, unless the newest backup already holds it."""
    existing = numbered_backups(path)
    if existing:
        with contextlib.suppress(OSError):
            if _holds(existing[0][1], data):
                return None
    folder = backup_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    staged = folder / f".{path.name}.{os.getpid()}.staged"
    write_atomic(staged, data)
    with contextlib.suppress(OSError):  # the backup is dated when its version was saved
        saved = path.stat()
        os.utime(staged, (saved.st_atime, saved.st_mtime))
    return staged


def _holds(file: Path, data: bytes) -> bool:
    """Whether `file` holds exactly `data`, read only as far as the first difference."""
    if file.stat().st_size != len(data):
        return False
    with file.open("rb") as handle:
        at = 0
        while chunk := handle.read(64 * 1024):
            if data[at: at + len(chunk)] != chunk:
                return False
            at += len(chunk)
    return at == len(data)


def _publish_backup(path: Path, staged: Path) -> None:
    """Give a staged backup its number and prune. The save has succeeded: never raise."""
    existing = numbered_backups(path)
    number = (existing[0][0] + 1) if existing else 1
    try:
        os.replace(staged, backup_dir(path) / f"{path.stem}.{number:04d}{path.suffix}")
    except OSError:
        with contextlib.suppress(OSError):
            staged.unlink()
        return
    for old in _to_prune(path):
        with contextlib.suppress(OSError):
            old.unlink()


def _to_prune(path: Path, today: date | None = None) -> list[Path]:
    """Backups beyond the last ten distinct versions that are not a day's last in 30 days."""
    today = today or current_day()
    keep: set[Path] = set()
    versions: list[tuple[int, Path]] = []  # (size, file) of each distinct version kept
    days: set[date] = set()
    found = backups(path)
    for candidate in found:
        try:
            info = candidate.stat()
        except OSError:
            continue
        day = datetime.fromtimestamp(info.st_mtime).date()
        if day not in days and (today - day).days < KEEP_DAYS:
            days.add(day)
            keep.add(candidate)
        if len(versions) < KEEP_BACKUPS and not any(
                size == info.st_size and _same(kept, candidate) for size, kept in versions):
            versions.append((info.st_size, candidate))
            keep.add(candidate)
    return [p for p in found if p not in keep]


def _same(one: Path, other: Path) -> bool:
    """Whether two backups hold the same bytes, read only as far as the first difference
    (versions differ near the top, at `updated`: a prune on every save would otherwise
    read every backup of equal size whole, 31 ms a save at 5 MB)."""
    import filecmp

    try:
        return filecmp.cmp(one, other, shallow=False)
    except OSError:
        return False


def restore(path: Path, number: int) -> Path:
    """Put backup `number` back as the file, backing up the current version first.

    A backup that does not read as an assessment is refused, and nothing is written.
    """
    chosen = dict(numbered_backups(path)).get(number)
    if chosen is None:
        raise AssessmentError(f"there is no backup number {number} of this file", file=path,
                              hint=f"See them with `readiness restore {path} --list`.")
    try:
        data = chosen.read_bytes()
        model.parse(model.decode(data, chosen), chosen)
    except OSError as exc:
        raise AssessmentError(f"cannot read the backup: {exc.strerror or exc}",
                              file=chosen) from None
    except AssessmentError as error:
        raise AssessmentError(
            f"backup {number} does not read as an assessment ({error.message}); nothing was "
            "changed", file=chosen, line=error.line,
            hint="Choose another backup from the list.") from None
    with _locked(path):
        try:
            current = path.read_bytes() if path.exists() else None
            if current != data:
                _replace(path, current, data)
        except OSError as exc:
            raise AssessmentError(
                f"could not restore: {exc.strerror or exc}; the file on disk is as it was "
                "before", file=path) from None
    return chosen


def keep_copy(editable: Editable) -> Path:
    """Write the user's version beside the file (`NAME.mine-TIME.toml`) after a conflict."""
    path = editable.path
    copy = path.with_name(f"{path.stem}.mine-{now():%Y%m%d-%H%M%S}{path.suffix}")
    try:
        write_atomic(copy, serialise(editable))
    except OSError as exc:
        raise AssessmentError(f"could not keep a copy: {exc.strerror or exc}", file=copy) from None
    return copy


def write_atomic(path: Path, data: bytes) -> None:
    """Temp file in the same folder, flush, fsync, replace, fsync the folder."""
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); keep the original's permissions, or the
        # usual ones for a new file, so colleagues sharing the folder can still open it,
        # and its owner where this user may (its group always, when a member of it).
        os.chmod(temp, _mode_for(path))
        _keep_owner(temp, path)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_dir(path.parent)


def _keep_owner(temp: str, path: Path) -> None:
    """Give the new file the old one's owner and group: the owner only an administrator
    can give away, so failing that the group (any member of it can), failing that as is."""
    if not hasattr(os, "chown"):
        return
    try:
        before = path.stat()
    except OSError:
        return
    for uid in (before.st_uid, -1):
        try:
            os.chown(temp, uid, before.st_gid)
            return
        except OSError:
            continue


def read_only(path: Path) -> bool:
    """The file may not be written: no write permission for anyone (a read-only flag, or
    `chmod 444`, honoured even for an administrator) or none for this user."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not mode & 0o222 or not os.access(path, os.W_OK)


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
