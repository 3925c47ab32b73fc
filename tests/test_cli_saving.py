"""A change that changes nothing writes nothing; backups are kept by what they hold and when;
`readiness restore` puts one back."""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta
from pathlib import Path

import msgspec
import pytest
from hypothesis import given, settings

from readiness import store
from readiness.assessment import Assessment
from readiness.assessment import today as current_day
from readiness.banks import BankSet
from readiness.edits import Editable
from tests.conftest import FIXTURES
from tests.helpers import run
from tests.strategies import assessment


@pytest.fixture
def ours(tmp_path: Path) -> Path:
    path = tmp_path / "ours.toml"
    assert run("new", path, "--bank", "mini", "--authority", "Northshire").exit_code == 0
    assert run("score", path, "H01", "good", "--by", "Ann").exit_code == 0
    return path


def _state(path: Path) -> tuple[bytes, int, list[str]]:
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(
        p.name for p in store.backup_dir(path).iterdir())


def _open(path: Path) -> Editable:
    return store.open_for_edit(path, BankSet(FIXTURES))


# --- nothing changed, nothing written -------------------------------------------------


def test_unscore_by_someone_without_a_grade_writes_nothing_and_says_so(ours: Path) -> None:
    before = _state(ours)
    time.sleep(0.01)
    result = run("unscore", ours, "H01", "--by", "Bob")
    assert result.exit_code == 0
    assert "no grade by Bob to remove" in result.stdout and "not written" in result.stdout
    assert "Saved" not in result.stdout
    assert _state(ours) == before


def test_unscore_of_an_item_never_scored_writes_nothing(ours: Path) -> None:
    before = _state(ours)
    result = run("unscore", ours, "H02")
    assert result.exit_code == 0 and "not written" in result.stdout
    assert _state(ours) == before


def test_setting_an_action_to_the_status_it_has_writes_nothing(ours: Path) -> None:
    assert run("action", "add", ours, "H01", "Relaunch").exit_code == 0
    before = _state(ours)
    result = run("action", "status", ours, "A1", "open")
    assert result.exit_code == 0 and "Nothing changed" in result.stdout
    assert _state(ours) == before


def test_the_same_grade_given_again_writes_nothing_and_says_so(ours: Path) -> None:
    """Giving the grade an assessor already gave (same strength, note and evidence) is not
    a change: no new time, no write, no backup. A different strength is one."""
    assert run("score", ours, "H01", "good", "--by", "Bob", "-s", "strong").exit_code == 0
    before = _state(ours)
    time.sleep(0.01)
    result = run("score", ours, "H01", "good", "--by", "Bob", "-s", "strong")
    assert result.exit_code == 0
    assert "Nothing changed" in result.stdout and "Saved" not in result.stdout
    assert _state(ours) == before
    result = run("score", ours, "H01", "good", "--by", "Bob", "-s", "partial")
    assert result.exit_code == 0 and "Saved" in result.stdout


def test_a_save_whose_bytes_equal_the_file_writes_and_backs_up_nothing(ours: Path) -> None:
    before = _state(ours)
    editable = _open(ours)
    editable.unscore("H02")  # touches the document, changes nothing
    assert store.save(editable) is False
    assert _state(ours) == before
    editable.set_note("H01", "Audit March", by="Ann")
    assert store.save(editable) is True
    assert ours.read_bytes() != before[0]


# --- backups --------------------------------------------------------------------------


def test_a_backup_is_kept_only_when_the_save_succeeds(
        ours: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _state(ours)
    editable = _open(ours)
    editable.set_note("H01", "Audit March", by="Ann")
    real = store.write_atomic

    def fail_on_the_file(path: Path, data: bytes) -> None:
        if path == ours:
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(store, "write_atomic", fail_on_the_file)
    with pytest.raises(store.AssessmentError, match="could not save"):
        store.save(editable)
    assert _state(ours) == before
    assert [p.name for p in store.backup_dir(ours).iterdir() if p.name.startswith(".")] == []


def test_no_backup_when_the_version_replaced_is_already_the_newest_backup(ours: Path) -> None:
    assert run("score", ours, "H02", "good", "--by", "Ann").exit_code == 0
    newest = store.backups(ours)[0]
    ours.write_bytes(newest.read_bytes())  # someone copied the backup back by hand
    count = len(store.backups(ours))
    assert run("score", ours, "H03", "good", "--by", "Ann").exit_code == 0
    assert len(store.backups(ours)) == count


def _fake_backups(path: Path, stamps: list[tuple[datetime, bytes]]) -> list[Path]:
    """Backups numbered oldest first, each dated when its version was saved."""
    folder = store.backup_dir(path)
    for old in folder.iterdir():
        old.unlink()
    made = []
    for n, (when, content) in enumerate(stamps, start=1):
        backup = folder / f"{path.stem}.{n:04d}{path.suffix}"
        backup.write_bytes(content)
        os.utime(backup, (when.timestamp(), when.timestamp()))
        made.append(backup)
    return made


def test_backups_keep_ten_distinct_versions_and_one_a_day_for_thirty_days(ours: Path) -> None:
    # The day the app takes for today (READINESS_TODAY in the suite), not the clock's: the
    # two differ for part of a day, and a backup 30 days back at 17:00 is kept or not by it.
    today = datetime.combine(current_day(), datetime.min.time()).replace(hour=12)
    stamps = []
    for days_ago in range(40, 0, -1):  # two versions a day for 40 days
        for hour in (9, 17):
            when = today - timedelta(days=days_ago) + timedelta(hours=hour - 12)
            stamps.append((when, f"v {days_ago} {hour}".encode()))
    for minute in range(12):  # twelve saves this morning, two of them the same
        content = b"same" if minute in (3, 5) else f"today {minute}".encode()
        stamps.append((today - timedelta(hours=2) + timedelta(minutes=minute), content))
    made = _fake_backups(ours, stamps)
    doomed = set(store._to_prune(ours))
    kept = [p for p in made if p not in doomed]
    contents = [p.read_bytes() for p in kept]
    today_kept = [c for c in contents if c.startswith((b"today", b"same"))]
    # the last ten distinct versions: minutes 11..2 less the duplicate "same" of minute 3
    assert len(today_kept) == 10 and today_kept.count(b"same") == 1
    # one a day (the day's last) for the 29 days before today inside the 30
    for days_ago in range(1, 40):
        evening = f"v {days_ago} 17".encode()
        assert (evening in contents) == (days_ago < store.KEEP_DAYS), days_ago
        assert f"v {days_ago} 9".encode() not in contents


def test_pruning_happens_on_save(ours: Path) -> None:
    long_ago = datetime.now() - timedelta(days=90)
    _fake_backups(ours, [(long_ago + timedelta(minutes=n), f"old {n}".encode())
                         for n in range(15)])
    assert run("score", ours, "H02", "good", "--by", "Ann").exit_code == 0
    assert len(store.backups(ours)) == store.KEEP_BACKUPS


# --- restore --------------------------------------------------------------------------


def test_restore_lists_backups_with_number_date_and_size(ours: Path) -> None:
    assert run("score", ours, "H02", "good", "--by", "Ann").exit_code == 0
    result = run("restore", ours, "--list")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["N", "SAVED", "SIZE"]
    numbers = [line.split()[0] for line in lines[2:] if line[:1].isdigit()]
    assert numbers == ["2", "1"]
    assert f"{datetime.now():%b %Y}" in result.stdout and "bytes" in result.stdout
    assert run("restore", ours).stdout == result.stdout


def test_restore_puts_a_backup_back_and_backs_up_the_current_version_first(
        ours: Path) -> None:
    first = ours.read_bytes()
    assert run("score", ours, "H02", "good", "--by", "Ann").exit_code == 0
    current = ours.read_bytes()
    number = max(n for n, p in store.numbered_backups(ours) if p.read_bytes() == first)
    result = run("restore", ours, str(number))
    assert result.exit_code == 0, result.stderr
    assert ours.read_bytes() == first
    assert store.backups(ours)[0].read_bytes() == current
    assert run("summary", ours, "--json").exit_code == 0


def test_restore_refuses_a_backup_that_does_not_parse(ours: Path) -> None:
    damaged = store.backup_dir(ours) / f"{ours.stem}.0099{ours.suffix}"
    damaged.write_text("this = = not toml\n", encoding="utf-8")
    before = _state(ours)
    result = run("restore", ours, "99")
    assert result.exit_code == 1
    assert "backup 99 does not read as an assessment" in result.stderr
    assert _state(ours) == before


def test_restore_of_a_number_that_is_not_there(ours: Path) -> None:
    result = run("restore", ours, "42")
    assert result.exit_code == 1 and "no backup number 42" in result.stderr


def test_a_damaged_file_points_at_restore(ours: Path) -> None:
    assert run("score", ours, "H02", "good", "--by", "Ann").exit_code == 0
    ours.write_text("schema = = 1\n", encoding="utf-8")
    result = run("summary", ours)
    assert result.exit_code == 1 and f"readiness restore {ours} " in result.stderr


@settings(max_examples=60, deadline=None)
@given(assessment())
def test_the_copy_of_the_model_a_read_back_compares_with_is_the_model(
        data: Assessment) -> None:
    """`store.ReadBack` copies the model with msgpack: any copy that did not compare equal
    would make a save go the slow way (never a wrong file), so none should."""
    copied = msgspec.msgpack.decode(msgspec.msgpack.encode(data), type=Assessment)
    assert copied == data
