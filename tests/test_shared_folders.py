"""Assessments in a folder colleagues share (issue 15): a save keeps the file's owner where
it can and always its group and mode, and a file nobody may write is never replaced."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from readiness import store
from readiness.banks import BankSet
from readiness.errors import AssessmentError
from tests.conftest import FIXTURES
from tests.helpers import run

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX owners and modes")


@pytest.fixture
def ours(tmp_path: Path) -> Path:
    editable = store.create(tmp_path / "ours.toml", BankSet(FIXTURES).get("mini"),
                            "Northshire")
    editable.score("H01", "good", by="Ann")
    store.save(editable)
    return editable.path


def test_a_save_keeps_the_files_mode_and_group(ours: Path) -> None:
    os.chmod(ours, 0o640)
    groups = [g for g in os.getgroups() if g != ours.stat().st_gid] or [ours.stat().st_gid]
    if os.geteuid() == 0:
        groups = [1]  # an administrator may give any group: use another than its own
    os.chown(ours, -1, groups[0])
    assert run("score", ours, "H02", "good", "--by", "Bob", banks=FIXTURES).exit_code == 0
    after = ours.stat()
    assert stat.S_IMODE(after.st_mode) == 0o640
    assert after.st_gid == groups[0]
    assert "H02" in ours.read_text(encoding="utf-8")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="only an administrator can give a file to another owner")
def test_a_save_keeps_the_owner_where_it_may(ours: Path) -> None:
    os.chown(ours, 1, 1)
    assert run("score", ours, "H02", "good", "--by", "Bob", banks=FIXTURES).exit_code == 0
    assert (ours.stat().st_uid, ours.stat().st_gid) == (1, 1)


def test_a_read_only_file_is_refused_not_replaced(ours: Path) -> None:
    os.chmod(ours, 0o444)
    before = ours.read_bytes()
    backups = store.backups(ours)
    result = run("score", ours, "H02", "good", "--by", "Bob", banks=FIXTURES)
    assert result.exit_code == 1
    assert "read-only" in result.stderr and str(ours) in result.stderr
    assert "Traceback" not in result.output
    assert ours.read_bytes() == before
    assert store.backups(ours) == backups  # no backup written for a save that did not happen
    assert stat.S_IMODE(ours.stat().st_mode) == 0o444


def test_the_app_keeps_work_it_cannot_save_to_a_read_only_file(ours: Path) -> None:
    editable = store.open_for_edit(ours, BankSet(FIXTURES))
    os.chmod(ours, 0o444)
    editable.score("H02", "good", by="Bob")
    with pytest.raises(AssessmentError, match="read-only"):
        store.save(editable)
    assert editable.data.responses["H02"].grade == "good"  # still open, to save elsewhere
    os.chmod(ours, 0o644)
    assert store.save(editable)
    assert "H02" in ours.read_text(encoding="utf-8")
