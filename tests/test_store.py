"""Assessment files: what is recorded, what survives a save, and what a save never does."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from readiness import store
from readiness.assessment import MIGRATIONS, SCHEMA
from readiness.banks import BankSet
from readiness.edits import Editable
from readiness.errors import AssessmentError, LockedError, ReadinessError, SaveConflict
from tests.conftest import FIXTURES
from tests.helpers import mini_text, write_bank


@pytest.fixture
def banks() -> BankSet:
    return BankSet(FIXTURES)


@pytest.fixture
def fresh(tmp_path: Path, banks: BankSet) -> Editable:
    return store.create(tmp_path / "ours.toml", banks.get("mini"), "Northshire")


def reopen(editable: Editable, banks: BankSet) -> Editable:
    return store.open_for_edit(editable.path, banks)


def test_a_new_file_records_what_it_is(fresh: Editable) -> None:
    text = fresh.path.read_text()
    for line in (f"schema = {SCHEMA}", 'bank = "mini"', 'authority = "Northshire"',
                 "bank_hash = ", "created = ", "updated = "):
        assert line in text


def test_new_refuses_to_overwrite(fresh: Editable, banks: BankSet) -> None:
    before = fresh.path.read_bytes()
    with pytest.raises(AssessmentError, match="already exists"):
        store.create(fresh.path, banks.get("mini"), "Other")
    assert fresh.path.read_bytes() == before


def test_one_assessor_reads_simply(fresh: Editable, banks: BankSet) -> None:
    fresh.score("H01", "good", by="Ann", strength="partial", note="Audit in March",
                evidence=["1.07"], cases=["C-1042"])
    store.save(fresh)
    text = fresh.path.read_text()
    assert '[responses.H01]\nby = "Ann"\ngrade = "good"\nevidence_strength = "partial"' in text
    again = reopen(fresh, banks).data.responses["H01"]
    assert again.grade == "good" and again.note == "Audit in March"
    assert again.evidence == ["1.07"] and again.cases == ["C-1042"]
    assert again.at is not None


def test_a_second_assessor_gets_an_entry_and_the_first_is_untouched(
        fresh: Editable, banks: BankSet) -> None:
    fresh.score("H01", "good", by="Ann")
    fresh.score("H01", "requires improvement", by="Bob", note="Two cases drifted")
    fresh.score("H01", "good", by="Bob")
    store.save(fresh)
    response = reopen(fresh, banks).data.responses["H01"]
    people = {e.by: e.grade for e in response.assessors()}
    assert people == {"Ann": "good", "Bob": "good"}
    assert [e.note for e in response.assessors() if e.by == "Bob"] == ["Two cases drifted"]
    assert "[[responses.H01.entries]]" in fresh.path.read_text()


def test_unscore_keeps_notes_and_evidence(fresh: Editable, banks: BankSet) -> None:
    fresh.score("H01", "good", by="Ann", note="Keep me", evidence=["1.07"])
    fresh.unscore("H01")
    store.save(fresh)
    response = reopen(fresh, banks).data.responses["H01"]
    assert not response.assessed and response.note == "Keep me" and response.evidence == ["1.07"]


def test_hand_edits_and_comments_survive_a_save(fresh: Editable, banks: BankSet) -> None:
    fresh.score("H01", "good", by="Ann")
    store.save(fresh)
    text = fresh.path.read_text().replace(
        'grade = "good"', 'grade = "good"  # agreed at QA panel, 3 March')
    text += "\n# Our own note at the end of the file\n"
    fresh.path.write_text(text)
    editable = reopen(fresh, banks)
    editable.score("H02", "inadequate", by="Ann")
    store.save(editable)
    saved = fresh.path.read_text()
    assert "# agreed at QA panel, 3 March" in saved
    assert "# Our own note at the end of the file" in saved
    assert "[responses.H02]" in saved


def test_bad_input_changes_nothing(fresh: Editable, banks: BankSet) -> None:
    before = fresh.path.read_bytes()
    editable = reopen(fresh, banks)
    for bad in (lambda: editable.score("Z9", "good", by="A"),
                lambda: editable.score("H01", "brilliant", by="A"),
                lambda: editable.score("H01", "good", by="A", strength="some"),
                lambda: editable.score("H01", "good", by="A", evidence=["NOPE"]),
                lambda: editable.score("H01", "good", by="A", cases=["Jane Smith"]),
                lambda: editable.add_action("H01", "x", due="31/02/2027"),
                lambda: editable.add_evidence("Q 1", title="x")):
        with pytest.raises(ReadinessError):
            bad()
    assert not editable.dirty
    assert fresh.path.read_bytes() == before


def test_evidence_paths_are_stored_relative_and_cannot_escape(fresh: Editable,
                                                            tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "audit.pdf").write_text("x")
    ref = fresh.add_evidence("QA-1", title="Audit", location=str(docs / "audit.pdf"))
    assert (ref.location, ref.kind) == ("docs/audit.pdf", "file")
    assert fresh.add_evidence("QA-2", title="x", location="https://intranet/qa").kind == "url"
    assert fresh.add_evidence("QA-3", title="x", location="DMS 2026-0412").kind == "reference"
    with pytest.raises(ReadinessError, match="outside the assessment's folder"):
        fresh.add_evidence("QA-4", title="x", location="../elsewhere/x.pdf", base=tmp_path)
    with pytest.raises(ReadinessError, match="outside"):
        fresh.add_evidence("QA-5", title="x", location="docs/../../x.pdf", base=tmp_path)


def test_catalogue_codes_join_the_register_with_their_title(fresh: Editable) -> None:
    fresh.attach("H01", "1.07")
    assert fresh.data.evidence["1.07"].title == "Thresholds"


def test_actions_get_random_ids_labels_and_uk_dates(fresh: Editable, banks: BankSet) -> None:
    first = fresh.add_action("H01", "Relaunch thresholds", owner="Head of MASH",
                             due="31/01/2027")
    second = fresh.add_action("h 2", "Audit", due="2027-03-01")
    fresh.set_action_status("a1", "done")
    store.save(fresh)
    data = reopen(fresh, banks).data
    assert [a.id for a in data.actions] == [first.id, second.id]
    assert all(re.fullmatch(r"[0-9a-f]{8}", a.id) for a in data.actions)
    assert [data.action_label(a.id) for a in data.actions] == ["A1", "A2"]
    assert data.find_action("A2") == data.find_action(second.id) == data.actions[1]
    assert data.actions[0].status == "done" and str(data.actions[0].due) == "2027-01-31"


# --- saving safely -----------------------------------------------------------------


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("step", ["backup", "mkstemp", "write", "fsync", "replace"])
def test_a_save_interrupted_at_any_step_leaves_the_previous_file_intact(
        step: str, fresh: Editable, banks: BankSet, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh.score("H01", "good", by="Ann")
    store.save(fresh)
    before = fresh.path.read_bytes()
    editable = reopen(fresh, banks)
    editable.score("H02", "inadequate", by="Ann")

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    if step == "backup":
        monkeypatch.setattr(store, "_backup", boom)
    elif step == "mkstemp":
        monkeypatch.setattr(tempfile, "mkstemp", boom)
    elif step == "write":
        real_fdopen = os.fdopen

        class Failing:
            def __init__(self, fd: int, mode: str) -> None:
                self.handle = real_fdopen(fd, mode)

            def __enter__(self) -> Failing:
                return self

            def __exit__(self, *exc: object) -> None:
                self.handle.close()

            def write(self, data: bytes) -> None:
                self.handle.write(data[: len(data) // 2])
                raise OSError(5, "Input/output error")

        monkeypatch.setattr(os, "fdopen", Failing)
    elif step == "fsync":
        monkeypatch.setattr(os, "fsync", boom)
    else:
        monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(AssessmentError, match="could not save"):
        store.save(editable)
    monkeypatch.undo()
    assert fresh.path.read_bytes() == before
    assert _leftovers(fresh.path.parent) == []
    # and the work is still in memory: a retry saves it
    store.save(editable)
    assert "[responses.H02]" in fresh.path.read_text()


def test_backups_are_numbered_and_only_the_last_ten_kept(fresh: Editable) -> None:
    for n in range(14):
        fresh.set_note("H01", f"note {n}", by="Ann")
        store.save(fresh)
    kept = store.backups(fresh.path)
    assert len(kept) == store.KEEP_BACKUPS
    assert 'note = "note 12"' in kept[0].read_text()


def test_a_file_changed_by_someone_else_is_merged_not_overwritten(fresh: Editable,
                                                                banks: BankSet) -> None:
    mine, theirs = reopen(fresh, banks), reopen(fresh, banks)
    theirs.score("H01", "good", by="Bob")
    store.save(theirs)
    mine.score("H02", "inadequate", by="Ann")
    result = store.save_merging(mine)
    assert result.merged and result.written and not result.conflicts
    assert [c.fact for c in result.incoming if c.fact[0] == "entry"] == [("entry", "H01", "Bob")]
    text = fresh.path.read_text()
    assert "[responses.H01]" in text and "[responses.H02]" in text
    assert set(mine.data.responses) == {"H01", "H02"}  # what is open has their change too


def test_a_file_on_disk_that_cannot_be_read_is_never_overwritten(fresh: Editable,
                                                                banks: BankSet) -> None:
    mine = reopen(fresh, banks)
    fresh.path.write_text(fresh.path.read_text() + "\n[responses.H01\n")  # damaged by someone
    damaged = fresh.path.read_bytes()
    mine.score("H02", "inadequate", by="Ann")
    with pytest.raises(SaveConflict, match="cannot be read"):
        store.save(mine)
    assert fresh.path.read_bytes() == damaged
    assert "[responses.H02]" in store.keep_copy(mine).read_text()


LOCK_HOLDER = """
import sys, time
from filelock import FileLock
lock = FileLock(sys.argv[1])
lock.acquire()
print("locked", flush=True)
time.sleep(30)
"""


def test_a_second_process_saving_at_the_same_time_is_refused(fresh: Editable) -> None:
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(store.lock_path(fresh.path))],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        before = fresh.path.read_bytes()
        fresh.score("H01", "good", by="Ann")
        with pytest.raises(LockedError, match="someone else is saving"):
            store.save(fresh)
        assert fresh.path.read_bytes() == before
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.05)
    store.save(fresh)
    assert "[responses.H01]" in fresh.path.read_text()


def test_a_damaged_file_names_its_line_and_the_newest_good_backup(fresh: Editable,
                                                                  banks: BankSet) -> None:
    fresh.score("H01", "good", by="Ann")
    store.save(fresh)
    good = fresh.path.read_text()
    fresh.path.write_text(good[: good.index('grade = "good"') + 10])  # truncated mid-string
    damaged = fresh.path.read_bytes()
    for attempt in (lambda: store.open_for_edit(fresh.path, banks),
                    lambda: store.read(fresh.path, banks)):
        with pytest.raises(AssessmentError) as caught:
            attempt()
        error = caught.value
        assert error.file == fresh.path and error.line == damaged.decode().count("\n") + 1
        assert "damaged" in error.message
        assert "newest good backup" in (error.hint or "")
        assert str(store.backups(fresh.path)[0]) in (error.hint or "")
    assert fresh.path.read_bytes() == damaged


def test_a_grade_typed_by_hand_outside_the_scale_is_named(fresh: Editable,
                                                         banks: BankSet) -> None:
    fresh.score("H01", "good", by="Ann")
    store.save(fresh)
    fresh.path.write_text(fresh.path.read_text().replace('grade = "good"', 'grade = "gud"'))
    with pytest.raises(AssessmentError) as caught:
        store.read(fresh.path, banks)
    line = fresh.path.read_text().splitlines().index('grade = "gud"') + 1
    assert caught.value.line == line and "'gud' is not in the scale" in caught.value.message


def test_responses_to_items_a_changed_bank_dropped_are_kept_as_orphans(
        tmp_path: Path) -> None:
    old_dir, new_dir = tmp_path / "old", tmp_path / "new"
    write_bank(old_dir, mini_text())
    text = mini_text().replace('version = "1"', 'version = "2"')
    start = text.index('[[item]]\nid = "H03"')
    end = text.index("[[item]]", start + 5)
    write_bank(new_dir, text[:start] + text[end:])
    editable = store.create(tmp_path / "a.toml", BankSet(old_dir).get("mini"), "Northshire")
    editable.score("H03", "good", by="Ann", note="Plans reviewed monthly")
    store.save(editable)

    reopened = store.open_for_edit(editable.path, BankSet(new_dir))
    assert any("H03" in note and "[orphaned]" in note for note in reopened.notes)
    assert "H03" not in reopened.data.responses
    assert reopened.data.orphaned["H03"].note == "Plans reviewed monthly"
    store.save(reopened)
    saved = editable.path.read_text()
    assert "[orphaned.H03]" in saved and 'bank_version = "2"' in saved
    assert "Plans reviewed monthly" in saved


def test_a_file_from_a_newer_version_is_refused_untouched(fresh: Editable,
                                                         banks: BankSet) -> None:
    fresh.path.write_text(fresh.path.read_text().replace(f"schema = {SCHEMA}", "schema = 99"))
    before = fresh.path.read_bytes()
    with pytest.raises(AssessmentError, match="newer version"):
        store.open_for_edit(fresh.path, banks)
    assert fresh.path.read_bytes() == before


def test_an_older_file_is_migrated_on_load_and_the_original_kept(
        fresh: Editable, banks: BankSet, monkeypatch: pytest.MonkeyPatch) -> None:
    old = fresh.path.read_text().replace(f"schema = {SCHEMA}", f"schema = {SCHEMA - 1}")
    old = old.replace('authority = "Northshire"', 'council = "Northshire"')
    fresh.path.write_text(old)

    def rename_council(raw: dict[str, object]) -> None:  # the shape of a real migration
        raw["authority"] = raw.pop("council")

    monkeypatch.setitem(MIGRATIONS, SCHEMA - 1, rename_council)
    editable = store.open_for_edit(fresh.path, banks)
    assert editable.data.authority == "Northshire"
    assert any("original is kept" in n for n in editable.notes)
    kept = fresh.path.with_name(f"ours.schema-{SCHEMA - 1}.toml")
    assert kept.read_text() == old
    store.save(editable)
    assert f"schema = {SCHEMA}" in fresh.path.read_text()
    assert store.read(fresh.path, banks)[0].authority == "Northshire"


def test_an_older_file_without_a_migration_is_refused(fresh: Editable, banks: BankSet) -> None:
    fresh.path.write_text(fresh.path.read_text().replace(f"schema = {SCHEMA}", "schema = 0"))
    with pytest.raises(AssessmentError, match="cannot read file format"):
        store.open_for_edit(fresh.path, banks)


def test_saving_keeps_the_file_readable_by_colleagues(fresh: Editable) -> None:
    os.chmod(fresh.path, 0o664)
    fresh.score("H01", "good", by="Ann")
    store.save(fresh)
    assert fresh.path.stat().st_mode & 0o777 == 0o664
    new = fresh.path.with_name("other.toml")
    store.write_atomic(new, b"x")
    umask = os.umask(0)
    os.umask(umask)
    assert new.stat().st_mode & 0o777 == 0o666 & ~umask


# --- saving over a file someone else changed ------------------------------------------


def test_refresh_brings_someone_elses_save_into_what_is_open(fresh: Editable,
                                                             banks: BankSet) -> None:
    mine, theirs = reopen(fresh, banks), reopen(fresh, banks)
    assert store.refresh(mine) is None  # nobody has saved since
    mine.set_note("H01", "typed here, not saved yet", by="Ann")
    theirs.score("H02", "good", by="Bob")
    store.save(theirs)
    came = store.refresh(mine)
    assert came is not None and ("entry", "H02", "Bob") in [c.fact for c in came]
    assert mine.data.responses["H02"].grade == "good"
    assert mine.data.responses["H01"].note == "typed here, not saved yet"
    result = store.save_merging(mine)  # nothing new on disk now: a plain save
    assert result.written and not result.merged
    saved, _ = store.read(fresh.path, banks)
    assert saved.responses["H02"].grade == "good"
    assert saved.responses["H01"].note == "typed here, not saved yet"


def test_a_colleagues_save_is_taken_in_cut_in_pieces_with_nothing_left_unsaved(
        fresh: Editable, banks: BankSet) -> None:
    """What the app does when a colleague saves: no whole parse with tomlkit (seconds on a
    large file), and nothing left marked unsaved, so the next save is taken in too."""
    fresh.score("H01", "good", by="Ann")
    store.save(fresh)
    mine = reopen(fresh, banks)
    for grade in ("inadequate", "good"):
        theirs = reopen(fresh, banks)
        theirs.score("H02", grade, by="Bob")
        store.save(theirs)
        came = store.refresh(mine)
        assert came is not None and [c.fact for c in came] == [("entry", "H02", "Bob")]
        assert mine.data.responses["H02"].grade == grade
        assert not mine.dirty and not mine.whole
    mine.score("H03", "good", by="Cy")
    assert store.save_merging(mine).written and not store.save_merging(mine).merged
    saved, _ = store.read(fresh.path, banks)
    assert (saved.responses["H02"].grade, saved.responses["H03"].grade) == ("good", "good")


def test_a_colleagues_save_read_before_a_change_here_is_left_for_the_next_save(
        fresh: Editable, banks: BankSet) -> None:
    """The app reads a colleague's save in a thread; a grade given meanwhile wins the race:
    nothing is taken in (what was typed stays) and the next save merges the two."""
    mine, theirs = reopen(fresh, banks), reopen(fresh, banks)
    theirs.score("H02", "good", by="Bob")
    store.save(theirs)
    assert mine.base is not None
    incoming = store.read_incoming(mine.path, mine.base, mine.fingerprint)
    assert incoming is not None
    mine.score("H01", "inadequate", by="Ann")
    assert store.take_incoming(mine, incoming) is None
    assert "H02" not in mine.data.responses and mine.dirty
    result = store.save_merging(mine)
    assert result.merged
    saved, _ = store.read(fresh.path, banks)
    assert (saved.responses["H01"].grade, saved.responses["H02"].grade) == \
        ("inadequate", "good")
    assert store.read_incoming(mine.path, mine.base or b"", mine.fingerprint) is None


def test_a_change_whose_save_failed_is_written_by_the_next_save(
        fresh: Editable, banks: BankSet) -> None:
    """After a save, the next one tells "nothing changed" without rendering the whole
    text; a save that failed must not count as written."""
    fresh.score("H01", "good", by="Ann")
    store.save(fresh)
    mine = reopen(fresh, banks)
    mine.score("H02", "good", by="Ann")
    store.save(mine)
    mine.score("H02", "inadequate", by="Ann")
    data = store.prepare(mine)
    os.chmod(mine.path, 0o444)
    try:
        with pytest.raises(AssessmentError, match="read-only"):
            store.commit(mine, data)
    finally:
        os.chmod(mine.path, 0o644)
    assert store.save_merging(mine).written
    saved, _ = store.read(fresh.path, banks)
    assert saved.responses["H02"].grade == "inadequate"
    assert not store.save_merging(mine).written  # and now nothing is left to write


def test_a_merged_save_is_laid_in_and_adopted_in_pieces(fresh: Editable, banks: BankSet,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    """The app's merged save: the merge is laid into their file parsing only what changed,
    and the file as written is read and cut in the save thread (`ready_to_adopt`), so
    what is open takes it in without a whole parse."""
    from readiness import layout

    for item in ("H01", "H02", "H03"):
        fresh.score(item, "good", by="Ann")
    store.save(fresh)
    mine, theirs = reopen(fresh, banks), reopen(fresh, banks)
    theirs.score("H02", "inadequate", by="Bob")
    store.save(theirs)
    mine.score("H01", "outstanding", by="Ann")
    data = store.prepare(mine)
    edits = mine.edits

    def whole(*_: object) -> None:
        raise AssertionError("parsed whole")

    monkeypatch.setattr(layout, "parse", whole)
    result = store.commit(mine, data)
    assert result.merged
    ready = store.ready_to_adopt(mine.path, result)
    assert ready is not None and mine.edits == edits  # nothing typed since the save began
    came = store.adopt(mine, result, ready)
    assert [c.fact for c in came] == [("entry", "H02", "Bob")]
    assert not mine.whole
    saved, _ = store.read(fresh.path, banks)
    for model in (mine.data, saved):
        assert model.responses["H01"].grade == "outstanding"
        assert {e.by: e.grade for e in model.responses["H02"].assessors()} == \
            {"Ann": "good", "Bob": "inadequate"}
    mine.set_note("H03", "typed after", by="Ann")
    assert mine.edits > edits  # the app then merges on this thread instead


def test_a_merged_save_in_another_thread_is_adopted_with_later_edits_kept(
        fresh: Editable, banks: BankSet) -> None:
    mine, theirs = reopen(fresh, banks), reopen(fresh, banks)
    mine.score("H01", "good", by="Ann")
    data = store.prepare(mine)  # the app: prepare here, commit in the save thread
    theirs.score("H02", "inadequate", by="Bob")
    store.save(theirs)
    result = store.commit(mine, data)
    assert result.merged and result.written
    mine.score("H03", "requires improvement", by="Ann")  # typed while the save ran
    came = store.adopt(mine, result)
    assert ("entry", "H02", "Bob") in [c.fact for c in came]
    assert {i: r.grade for i, r in mine.data.responses.items()} == \
        {"H01": "good", "H02": "inadequate", "H03": "requires_improvement"}
    again = store.commit(mine, store.prepare(mine))
    assert again.written and not again.conflicts
    saved, _ = store.read(fresh.path, banks)
    assert {i: r.grade for i, r in saved.responses.items()} == \
        {"H01": "good", "H02": "inadequate", "H03": "requires_improvement"}
    assert saved.conflicts == []
    third = store.commit(mine, store.prepare(mine))  # the next save is plain again
    assert not third.merged


def test_their_comments_survive_a_merged_save(fresh: Editable, banks: BankSet) -> None:
    mine, theirs = reopen(fresh, banks), reopen(fresh, banks)
    theirs.score("H02", "good", by="Bob")
    store.save(theirs)
    fresh.path.write_text(fresh.path.read_text().replace(
        'grade = "good"', 'grade = "good"  # Bob: checked at panel'))
    mine.score("H01", "inadequate", by="Ann")
    store.save(mine)
    text = fresh.path.read_text()
    assert "# Bob: checked at panel" in text and "[responses.H01]" in text


def test_a_conflict_is_shown_side_by_side_and_can_be_resolved_either_way(
        fresh: Editable, banks: BankSet) -> None:
    from readiness import views

    mine, theirs = reopen(fresh, banks), reopen(fresh, banks)
    theirs.score("H01", "requires improvement", by="Ann")
    store.save(theirs)
    mine.score("H01", "inadequate", by="Ann")
    result = store.save_merging(mine)
    [conflict] = result.conflicts
    [shown] = views.conflicts(mine.bank, mine.data)
    assert shown.open and shown.about == "H01: Ann's entry"
    assert {shown.kept.split(",")[0], shown.other.split(",")[0].split(" (")[0]} == \
        {"inadequate", "requires improvement"}
    counted = mine.data.responses["H01"].grade
    mine.resolve_conflict(conflict.id, keep=False, by="Ann")
    store.save(mine)
    again, _ = store.read(fresh.path, banks)
    assert again.responses["H01"].grade != counted
    assert again.responses["H01"].grade == conflict.values["grade"]
    assert not again.conflicts[0].open and again.open_conflicts() == []


def test_leftovers_of_an_interrupted_save_are_removed_on_the_next_open(
        tmp_path: Path) -> None:
    import os
    import time

    from readiness import demo, store
    from readiness.banks import BankSet

    path = demo.ensure(BankSet(), tmp_path / "demo.toml")
    old = tmp_path / ".demo.toml.abc123.tmp"
    fresh = tmp_path / ".demo.toml.def456.tmp"
    theirs = tmp_path / ".other.toml.abc123.tmp"
    mine = tmp_path / "notes.tmp"
    for leftover in (old, fresh, theirs, mine):
        leftover.write_text("a whole copy, case IDs included", encoding="utf-8")
    hour_ago = time.time() - 3600
    for stale in (old, theirs, mine):
        os.utime(stale, (hour_ago, hour_ago))
    store.open_for_edit(path, BankSet())
    assert not old.exists(), "an old temporary copy of this file is ours: removed"
    assert fresh.exists(), "a recent one may be another save in progress: kept"
    assert theirs.exists() and mine.exists(), "files that are not ours are never touched"
