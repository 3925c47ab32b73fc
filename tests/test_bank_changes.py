"""A bank that changes under an assessment never locks the file (issue 15).

Items, actions, audits and grades the changed bank no longer has are kept and set aside
(`[orphaned]`, `[[unmapped]]`) and named, never refused; a broken bank in your own
folder is a warning and the other banks keep working.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness import store
from readiness.banks import BankSet
from readiness.errors import AssessmentError, BankError
from tests.helpers import mini_text, run, write_bank


def _banks(tmp_path: Path) -> tuple[Path, Path]:
    """The test bank as it was, and as changed: H03 dropped, requires improvement renamed."""
    old_dir, new_dir = tmp_path / "old", tmp_path / "new"
    write_bank(old_dir, mini_text())
    text = mini_text().replace('version = "1"', 'version = "2"')
    start = text.index('[[item]]\nid = "H03"')
    end = text.index("[[item]]", start + 5)
    text = (text[:start] + text[end:]).replace('"requires_improvement"',
                                              '"requires_improvement_to_be_good"')
    write_bank(new_dir, text)
    return old_dir, new_dir


@pytest.fixture
def changed(tmp_path: Path) -> tuple[Path, Path]:
    """An assessment made on the old bank, with work on what the new one drops."""
    old_dir, new_dir = _banks(tmp_path)
    path = tmp_path / "ours.toml"
    editable = store.create(path, BankSet(old_dir).get("mini"), "Northshire")
    editable.score("H03", "good", by="Ann", note="Plans reviewed monthly")
    editable.score("H01", "requires_improvement", by="Ann", note="Seen alone in 70%",
                   evidence=["1.07"])
    editable.score("H01", "good", by="Bob")
    editable.add_action("H03", "Relaunch plans", owner="Head of service")
    editable.add_audit("LL-1", "H02", "requires_improvement", by="Ann", note="Drift")
    store.save(editable)
    return path, new_dir


def test_every_command_still_opens_the_file_and_says_what_was_set_aside(
        changed: tuple[Path, Path]) -> None:
    path, new_dir = changed
    for args in (("summary", path), ("export", path, "-f", "md", "-o", "-"),
                 ("action", "list", path), ("moderation", path),
                 ("score", path, "H02", "good", "--by", "Ann")):
        result = run(*args, banks=new_dir)
        assert result.exit_code == 0, (args, result.output)
        assert "Traceback" not in result.output
    # (the score saved the file on the new bank; later commands read it as it now is)


def test_what_the_bank_no_longer_has_is_kept_and_named(changed: tuple[Path, Path]) -> None:
    path, new_dir = changed
    editable = store.open_for_edit(path, BankSet(new_dir))
    notes = " ".join(editable.notes)
    assert "H03" in notes and "[orphaned]" in notes
    assert "'requires_improvement'" in notes and "grade them again" not in notes
    assert "grade it again: H01" in notes
    assert "1 case audit with a grade the scale no longer has" in notes
    assert "1 action refers to H03" in notes
    data = editable.data
    # The dropped item's response, as it was.
    assert data.orphaned["H03"].note == "Plans reviewed monthly"
    # The renamed grade, with the whole response, under the version it was given in …
    kept = data.orphaned["H01@1"]
    assert {e.grade for e in kept.assessor_entries()} == {"requires_improvement", "good"}
    # … and taken off the live response, which keeps its notes, evidence and other grade.
    live = data.responses["H01"]
    assert {e.by: e.grade for e in live.assessor_entries()} == {"Ann": None, "Bob": "good"}
    assert live.evidence == ["1.07"] and any(e.note == "Seen alone in 70%"
                                             for e in live.assessor_entries())
    # The audit is kept as removed, its finding in words.
    assert all(a.removed_at is not None for a in data.audits)
    assert any(u.kind == "audit" and "LL-1" in u.text and "Drift" in u.text
               for u in data.unmapped)
    # The action stays, on the item it was for.
    assert [a.item for a in data.actions] == ["H03"]
    store.save(editable)
    text = path.read_text(encoding="utf-8")
    assert '[orphaned."H01@1"]' in text and "[orphaned.H03]" in text
    assert 'bank_version = "2"' in text
    # From now on the file is consistent with its bank: read strictly, nothing refused.
    again, _ = store.read(path, BankSet(new_dir))
    assert again.responses["H01"].assessor_entries()[0].grade is None


def test_reading_follows_a_changed_bank_in_memory_and_writes_nothing(
        changed: tuple[Path, Path]) -> None:
    path, new_dir = changed
    before = path.read_bytes()
    notes: list[str] = []
    data, _ = store.read(path, BankSet(new_dir), notes)
    assert "H03" in data.orphaned and "H01@1" in data.orphaned
    assert any("has changed" in n for n in notes)
    assert path.read_bytes() == before
    result = run("summary", path, banks=new_dir)
    assert "note: The mini bank has changed (now version 2)" in result.stderr


def test_a_typing_mistake_in_a_grade_is_still_refused_with_its_line(
        changed: tuple[Path, Path]) -> None:
    """The bank did not change (the hash matches): 'gud' is a mistake, not a change."""
    path, new_dir = changed
    store.save(store.open_for_edit(path, BankSet(new_dir)))
    text = path.read_text(encoding="utf-8").replace('grade = "good"', 'grade = "gud"', 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AssessmentError, match="'gud', which is not in the scale"):
        store.read(path, BankSet(new_dir))


def test_an_action_on_an_unknown_item_is_named_never_refused(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    write_bank(folder, mini_text())
    path = tmp_path / "ours.toml"
    editable = store.create(path, BankSet(folder).get("mini"), "Northshire")
    editable.add_action("H01", "Relaunch plans")
    store.save(editable)
    path.write_text(path.read_text(encoding="utf-8").replace('item = "H01"', 'item = "H99"'),
                    encoding="utf-8")
    result = run("action", "list", path, banks=folder)
    assert result.exit_code == 0, result.output
    assert "1 action refers to H99" in result.stderr


def test_a_broken_bank_of_your_own_is_a_warning_and_the_rest_work(
        changed: tuple[Path, Path], tmp_path: Path) -> None:
    path, new_dir = changed
    (new_dir / "broken.toml").write_text('id = "broken"\ntitle = [\n', encoding="utf-8")
    result = run("summary", path, banks=new_dir)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("left out the bank") == 1
    assert "broken.toml:2" in result.stderr
    listed = run("banks", "list", banks=new_dir)
    assert listed.exit_code == 0 and "mini" in listed.stdout
    # Asking for the broken bank by its id names its problem, never another bank.
    asked = run("new", tmp_path / "x.toml", "--bank", "broken", "--authority", "X",
                banks=new_dir)
    assert asked.exit_code == 1 and "broken.toml:2" in asked.stderr
    assert not (tmp_path / "x.toml").exists()


def test_a_bank_id_used_twice_is_no_ones(changed: tuple[Path, Path]) -> None:
    _, new_dir = changed
    (new_dir / "copy.toml").write_text((new_dir / "bank.toml").read_text(encoding="utf-8"),
                                       encoding="utf-8")
    banks = BankSet(new_dir)
    with pytest.raises(BankError, match="used by two files"):
        banks.get("mini")
    assert banks.get("sif-2015").id == "sif-2015"
    assert any("used by two files" in w for w in banks.warnings)


def test_a_snapshot_on_grades_the_scale_lost_is_kept_in_words(changed: tuple[Path, Path],
                                                              tmp_path: Path) -> None:
    path, new_dir = changed
    old_dir = tmp_path / "old"
    assert run("snapshot", path, "--label", "Q3 board", banks=old_dir).exit_code == 0
    editable = store.open_for_edit(path, BankSet(new_dir))
    assert editable.data.snapshots == []
    assert any(u.kind == "snapshot" and u.text.startswith("Q3 board (")
               for u in editable.data.unmapped)
    assert any("1 snapshot uses grades the scale no longer has" in n for n in editable.notes)


def test_a_snapshot_grade_typed_by_hand_is_refused_with_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    write_bank(folder, mini_text())
    path = tmp_path / "ours.toml"
    editable = store.create(path, BankSet(folder).get("mini"), "Northshire")
    editable.score("H01", "good", by="Ann")
    store.save(editable)
    assert run("snapshot", path, "--label", "Q3", banks=folder).exit_code == 0
    text = path.read_text(encoding="utf-8")
    start = text.index("[[snapshots]]")
    text = text[:start] + text[start:].replace('low = "', 'low = "excellent" # was "', 1)
    path.write_text(text, encoding="utf-8")
    result = run("summary", path, banks=folder)
    assert result.exit_code == 1
    assert "snapshot 'Q3': grade 'excellent' is not in the scale" in result.stderr
    assert f"{path}:" in result.stderr
