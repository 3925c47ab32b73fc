"""Several people, several laptops, one assessment: merging files and git's merge driver.

`merge_files` combines copies of one assessment (several laptops, separate files) into
one; `merge_driver` is git's merge-driver contract over the same three-way merge as a
save (`readiness.merge`), so a repository of assessments never gets conflict markers in
its TOML; `git_setup` registers that driver for a folder of assessments.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import msgspec

from readiness import assessment as model
from readiness import store
from readiness.assessment import Assessment
from readiness.banks import BankSet
from readiness.errors import AssessmentError, ReadinessError
from readiness.merge import MergeError, merge, merge3


class MergeReport(msgspec.Struct, frozen=True):
    """What `merge_files` did, for one line of output."""

    out: Path
    files: int
    people: list[str]
    graded: int
    """Items with at least one grade."""
    to_agree: list[str]
    """Items whose grades were agreed apart and differ: to agree again."""
    kept_aside: int
    """Versions made in the same second as another, waiting in [[conflicts]]."""
    written: bool


def merge_files(out: Path, files: list[Path], banks: BankSet, *,
                force: bool = False) -> MergeReport:
    """Merge copies of one assessment into `out`, keeping every assessor's work.

    Each file is read and checked against its bank; all must be of one bank. `out` may
    be one of them (it is then updated in place, backed up as every save is); any other
    existing file is replaced only with `force`. The result keeps the first file's
    comments and layout, with everything the others add.
    """
    if not files:
        raise ReadinessError("give the files to merge", hint="readiness merge OUT FILE...")
    parsed = [store.parse_file(path, fast=True) for path in files]
    first_bank = parsed[0][1].bank
    for path, (_, data) in zip(files, parsed, strict=True):
        if data.bank != first_bank:
            raise MergeError(f"{path} is an assessment of {data.bank} and {files[0]} of "
                             f"{first_bank}: only assessments of the same bank can be merged")
    bank = banks.get(first_bank)
    for path, (text, data) in zip(files, parsed, strict=True):
        model.raise_problems(data, bank, text, path)
    merged = merge(*(data for _, data in parsed))
    same = [n for n, path in enumerate(files) if _same_file(path, out)]
    from readiness.edits import Editable

    if same:
        editable = store.open_for_edit(out, banks)
        store.lay_in(editable, merged)
        written = store.save(editable)
    else:
        if out.exists() and not force:
            raise AssessmentError("a file with this name already exists; nothing was written",
                                  file=out, hint="Choose another name, or add --force to "
                                                 "replace it (it is backed up first).")
        if out.suffix.lower() != ".toml":
            raise AssessmentError("an assessment file name ends in .toml", file=out)
        # Laid into the first file's text, in pieces where its shape allows (a large
        # file is not parsed whole with tomlkit, which takes seconds).
        text = store.lay_into(parsed[0][0], parsed[0][1], merged, files[0]).decode("utf-8")
        editable = Editable(out, text, model.parse_fast(text, out), bank)
        editable.dirty = True
        written = store.save(editable, new=True)
    result = editable.data
    return MergeReport(
        out=out, files=len(files), people=result.people(),
        graded=sum(1 for r in result.responses.values() if r.assessed),
        to_agree=[i for i, r in result.responses.items() if r.to_agree],
        kept_aside=sum(1 for c in result.conflicts if c.kind == "same-time" and c.open),
        written=written)


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve()
    except OSError:
        return False


# --- git ----------------------------------------------------------------------------------


class DriverReport(msgspec.Struct, frozen=True):
    merged: bool
    """False when the files were not assessments and git's own text merge was used."""
    conflicts: int
    exit_code: int = 0


def _load(path: Path, text: str) -> Assessment | None:
    """An assessment, None for a TOML file that is not one; raises when unreadable."""
    from readiness import limits

    limits.check_toml(text, path, limits.ASSESSMENT, AssessmentError)
    try:  # rtoml where it reads as tomllib does (ten times faster on a large file)
        raw = model.loads_fast(text) or tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        from readiness.tomlpos import toml_error

        message, line = toml_error(str(exc), text)
        raise AssessmentError(f"cannot be read: {message}", file=path, line=line) from None
    if "bank" not in raw or "schema" not in raw:
        return None
    return model.from_dict(raw, text, path)


def merge_driver(base: Path, ours: Path, theirs: Path) -> DriverReport:
    """git's merge driver: the merged assessment is written into `ours` (exit 0).

    The same three-way merge as a save over a changed file: facts changed on one branch
    only merge silently; a field changed on both branches is recorded in the file's
    [[conflicts]] (the later change counts), never as conflict markers. Raises, writing
    nothing, when an input cannot be read. TOML files that are not assessments get git's
    own text merge (`git merge-file`).
    """
    texts = {}
    for path in (base, ours, theirs):
        data = model.read_bytes(path)
        texts[path] = model.decode(data, path)
    loaded = {path: _load(path, text) if text.strip() else None for path, text in
              texts.items()}
    mine, other = loaded[ours], loaded[theirs]
    if mine is None or other is None:
        if not texts[ours].strip() or not texts[theirs].strip():
            raise AssessmentError("one side of the merge is empty", file=ours)
        try:
            code = subprocess.run(["git", "merge-file", "-L", "ours", "-L", "base", "-L",
                                   "theirs", str(ours), str(base), str(theirs)],
                                  check=False).returncode
        except OSError:
            raise ReadinessError("these are not assessments, and git (for its own text "
                                 "merge) is not on PATH", hint=str(ours)) from None
        return DriverReport(False, 0, code)
    result = merge3(loaded[base], mine, other)
    data = store.lay_into(texts[ours], mine, result.assessment, ours)
    if data != texts[ours].encode("utf-8"):
        store.write_atomic(ours, data)
    return DriverReport(True, len(result.conflicts))


def driver_command() -> str:
    """How git runs the driver: this Python, so the right readiness runs in any shell."""
    return f"{shlex.quote(sys.executable)} -m readiness merge-driver %O %A %B"


ATTRIBUTES = "*.toml merge=readiness"
IGNORE = ".readiness/"


def git_setup(folder: Path) -> list[str]:
    """Register the merge driver for the assessments in `folder`; say what was done.

    Idempotent: `.gitattributes` gets `*.toml merge=readiness` once, the repository's
    config gets `merge.readiness.driver`, and `.gitignore` gets `.readiness/` (the locks
    and backups beside each file) once.
    """
    if not folder.is_dir():
        raise ReadinessError(f"{folder} is not a folder")
    top = _git(folder, "rev-parse", "--show-toplevel")
    if top is None:
        raise ReadinessError(f"{folder} is not inside a git repository",
                             hint=f"Make one first: git init {folder}")
    said = [_line_in(folder / ".gitattributes", ATTRIBUTES,
                     "assessments (*.toml) are merged by readiness")]
    said.append(_line_in(folder / ".gitignore", IGNORE,
                         "the locks and backups readiness keeps beside each file"))
    command = driver_command()
    for key, value in (("merge.readiness.name", "readiness assessments (facts, never "
                                                "conflict markers)"),
                       ("merge.readiness.driver", command)):
        if _git(folder, "config", "--get", key) == value:
            said.append(f"git config {key} was already set.")
        else:
            if _git(folder, "config", key, value) is None:
                raise ReadinessError(f"could not set git config {key} in {top}")
            said.append(f"Set git config {key} = {value}")
    said.append("Commit .gitattributes and .gitignore; run `readiness git-setup` once in "
                "each clone (git does not copy its config).")
    return said


def _line_in(path: Path, line: str, why: str) -> str:
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except OSError as exc:
        raise ReadinessError(f"cannot read {path}: {exc.strerror}") from None
    if line in (existing.strip() for existing in text.splitlines()):
        return f"{path.name} already has `{line}`."
    joined = text + ("" if not text or text.endswith("\n") else "\n") + line + "\n"
    try:
        store.write_atomic(path, joined.encode("utf-8"))
    except OSError as exc:
        raise ReadinessError(f"cannot write {path}: {exc.strerror}") from None
    return f"Added `{line}` to {path} ({why})."


def _git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True,
                              text=True, check=False)
    except OSError:
        raise ReadinessError("git is not installed (or not on PATH)") from None
    return done.stdout.strip() if done.returncode == 0 else None
