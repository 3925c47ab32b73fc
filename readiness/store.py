"""Saving that never loses a score.

Every save: a lock against a second writer, a check that nobody else changed the file
since it was read, a temporary file in the same folder, flushed and fsynced, moved over
the original with `os.replace`, and then a numbered backup of the previous version. A
crash at any step leaves the previous file whole. A save that would write the bytes
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

    from readiness.edits import Editable

KEEP_BACKUPS = 10
"""The last ten distinct versions are kept..."""
KEEP_DAYS = 30
"""...and at least one a day (the day's last) for the last 30 days."""
HIDDEN = ".readiness"

class Fingerprint(msgspec.Struct, frozen=True):
    """What the file looked like when read: a save is refused if it has changed since."""

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
        if middle.isdigit():
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


def _parse_or_point_at_backup(path: Path) -> tuple[bytes, str, Assessment]:
    data = model.read_bytes(path)
    try:
        text = model.decode(data, path)
        return data, text, model.parse(text, path)
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


def read(path: Path, banks: BankSet) -> tuple[Assessment, Bank]:
    """For showing and exporting: tomllib only. Problems name the file and line."""
    _, text, data = _parse_or_point_at_backup(path)
    bank = banks.get(data.bank)
    model.raise_problems(data, bank, text, path)
    return data, bank


def open_for_edit(path: Path, banks: BankSet) -> Editable:
    """Open for editing; the tomlkit document (kept comments and all) is parsed on first edit.

    A file from an older format is migrated here (and its original kept); responses to
    items the bank no longer has are moved under [orphaned].
    """
    from readiness.edits import Editable

    raw_bytes, text, data = _parse_or_point_at_backup(path)
    bank = banks.get(data.bank)
    model.raise_problems(data, bank, text, path)
    sweep_leftovers(path)
    notes: list[str] = []
    editable = Editable(path, text, data, bank)
    if model.declared_schema(text) != SCHEMA:
        from readiness import layout

        doc = layout.editable(text, path)
        notes = _migrate(doc, path, raw_bytes)
        editable = Editable(path, doc, data, bank)
    editable.fingerprint = Fingerprint.of(raw_bytes)
    editable.notes.extend(notes)
    editable.dirty = bool(notes)
    _follow_bank(editable)
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


def _follow_bank(editable: Editable) -> None:
    """A changed bank: orphan responses to items it dropped; record its new hash and version.

    The hash and version reach the document at the next save (`prepare`), so opening a
    file whose bank changed only in wording does not have to parse it with tomlkit.
    """
    bank, data = editable.bank, editable.data
    if data.bank_hash == bank.digest:
        return
    moved = editable.orphan(model.orphans(data, bank))
    if moved:
        editable.notes.append(
            f"The {bank.id} bank has changed (now version {bank.version}): responses to "
            f"{', '.join(moved)}, which it no longer has, are kept under [orphaned] in the file."
        )
    data.bank_hash, data.bank_version = bank.digest, bank.version
    editable.dirty = True


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


def save(editable: Editable, *, new: bool = False) -> bool:
    """Write the assessment safely, or raise and leave the file on disk as it was.

    `new` is for a file being created (or deliberately replaced, like the demo): there is
    no earlier reading of it to compare with, but the old file is still backed up.
    Answers whether anything was written: a change that changes nothing writes nothing.
    """
    written = commit(editable, prepare(editable), new=new)
    editable.dirty = False
    return written


def prepare(editable: Editable) -> bytes:
    """The bytes to write, stamped `updated` now. Touches the document, so call it from
    the thread that edits; `commit` only does file work and may run in another thread.

    When the document still reads exactly as the file did, its bytes come back as they
    are (not stamped), so `commit` sees that there is nothing to write.
    """
    doc, data = editable.doc, editable.data
    for key in ("bank_hash", "bank_version"):
        if doc.get(key) != getattr(data, key):
            doc[key] = getattr(data, key)
    unchanged = serialise(editable)
    if Fingerprint.of(unchanged) == editable.fingerprint:
        return unchanged
    stamp = now()
    doc["updated"] = stamp
    data.updated = stamp
    return serialise(editable)


def serialise(editable: Editable) -> bytes:
    """The document as the file holds it: a blank line before every table."""
    import tomlkit

    from readiness.tomlpos import spaced

    return spaced(tomlkit.dumps(editable.doc)).encode("utf-8")


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    from filelock import FileLock, Timeout

    try:
        hidden_dir(path).mkdir(exist_ok=True)
        lock = FileLock(lock_path(path), timeout=0)
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


def commit(editable: Editable, data: bytes, *, new: bool = False) -> bool:
    """Lock, check nobody else changed the file, write `data` atomically, back up the old.

    Answers False, having written nothing (not even a backup), when the file on disk
    already holds exactly `data`.
    """
    path = editable.path
    limits.check_saved(data, path)  # never write a file that could not be read back
    with _locked(path):
        sweep_leftovers(path)
        try:
            current = path.read_bytes() if path.exists() else None
            if current == data:
                editable.fingerprint = Fingerprint.of(data)
                return False
            if current is not None and not new \
                    and editable.fingerprint != Fingerprint.of(current):
                raise SaveConflict(
                    "the file was changed by someone else since you opened it; saving now "
                    "would overwrite their work, so nothing was saved",
                    file=path,
                    hint="Open the file again to see their changes, then redo yours.",
                )
            _replace(path, current, data)
            editable.fingerprint = Fingerprint.of(data)
        except OSError as exc:
            raise AssessmentError(
                f"could not save: {exc.strerror or exc}; the file on disk is as it was before",
                file=path,
            ) from None
    return True


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
        newest = existing[0][1]
        with contextlib.suppress(OSError):
            if newest.stat().st_size == len(data) and newest.read_bytes() == data:
                return None
    folder = backup_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    staged = folder / f".{path.name}.{os.getpid()}.staged"
    write_atomic(staged, data)
    with contextlib.suppress(OSError):  # the backup is dated when its version was saved
        saved = path.stat()
        os.utime(staged, (saved.st_atime, saved.st_mtime))
    return staged


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
    try:
        return one.read_bytes() == other.read_bytes()
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
        # usual ones for a new file, so colleagues sharing the folder can still open it.
        os.chmod(temp, _mode_for(path))
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
