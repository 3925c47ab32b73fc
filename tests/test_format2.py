"""File format 2: a format-1 file (the demo as the previous version wrote it) migrates
with ids two laptops agree on, keeps its meaning and its original; deletions leave
dated tombstones; a merge laid into a file keeps its comments and hand edits."""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pytest
import tomlkit

from readiness import assessment as model
from readiness import store
from readiness.banks import BankSet
from readiness.docpatch import apply
from readiness.judgement import judge
from readiness.merge import merge, same_facts
from tests.conftest import FIXTURES

FORMAT_1 = FIXTURES / "format1" / "northshire-demo.toml"


@pytest.fixture
def old_demo(tmp_path: Path) -> Path:
    path = tmp_path / "northshire.toml"
    shutil.copy(FORMAT_1, path)
    return path


def test_the_fixture_is_a_format_1_file() -> None:
    assert model.declared_schema(FORMAT_1.read_text()) == 1
    assert 'id = "A1"' in FORMAT_1.read_text()


def test_a_format_1_file_migrates_on_open_and_keeps_its_original(old_demo: Path) -> None:
    before = old_demo.read_bytes()
    editable = store.open_for_edit(old_demo, BankSet())
    assert any("format 1 to 2" in n for n in editable.notes)
    store.save(editable)
    assert old_demo.with_name("northshire.schema-1.toml").read_bytes() == before
    text = old_demo.read_text()
    assert "schema = 2" in text and 'id = "A1"' not in text
    again, _ = store.read(old_demo, BankSet())
    assert [again.action_label(a.id) for a in again.actions] == \
        ["A1", "A2", "A3", "A4", "A5", "A6"]
    assert all(re.fullmatch(r"[0-9a-f]{8}", a.id) for a in again.actions)
    assert all(s.id for s in again.snapshots) and all(r.id for r in again.evidence.values())


def test_migration_keeps_what_the_file_means(old_demo: Path) -> None:
    bank = BankSet().get("sif-2015")
    old = tomllib.loads(FORMAT_1.read_text())
    migrated = model.parse(FORMAT_1.read_text(), FORMAT_1)
    assert judge(bank, migrated).as_dict() == \
        judge(bank, model.parse(old_demo.read_text(), old_demo)).as_dict()
    for item_id, raw in old["responses"].items():
        response = migrated.responses[item_id]
        assert response.grade == raw.get("grade") and response.note == raw.get("note", "")
        assert len(response.entries) == len(raw.get("entries", []))
    assert [(a.item, a.text, a.status) for a in migrated.actions] == \
        [(a["item"], a["text"], a["status"]) for a in old["actions"]]


def test_two_copies_migrated_apart_get_the_same_ids_and_merge_to_one(tmp_path: Path) -> None:
    light = model.parse(FORMAT_1.read_text(), FORMAT_1)  # tomllib, as summary reads it
    doc = tomlkit.parse(FORMAT_1.read_text())  # tomlkit, as an edit reads it
    model.migrate(doc, FORMAT_1)
    edited = model.from_dict(doc.unwrap(), doc.as_string(), FORMAT_1)
    assert [a.id for a in light.actions] == [a.id for a in edited.actions]
    assert merge(light, edited) == merge(light)
    assert len(merge(light, edited).actions) == 6


def test_an_agreed_grade_from_format_1_gets_an_id(tmp_path: Path) -> None:
    text = FORMAT_1.read_text().replace(
        '[[responses.ESN06.entries]]',
        'agreed = { grade = "requires_improvement", by = "B. Smith" }\n\n'
        '[[responses.ESN06.entries]]')
    first = model.parse(text, FORMAT_1).responses["ESN06"]
    assert first.agreed is not None and first.agreed.grade == "requires_improvement"
    assert first.agreed.id == model.parse(text, FORMAT_1).responses["ESN06"].agreed.id != ""


def test_clearing_and_removing_leave_dated_tombstones(old_demo: Path) -> None:
    editable = store.open_for_edit(old_demo, BankSet())
    editable.unscore("ESN06", by="J. Okafor (QA Lead)")
    editable.detach("ESN06", "1.07")
    editable.remove_action("A2")
    editable.clear_not_applicable("ESN41")
    store.save(editable)
    saved = tomllib.loads(old_demo.read_text())
    okafor = saved["responses"]["ESN06"]["entries"][0]
    assert "grade" not in okafor and okafor["cleared_at"] == okafor["at"]
    assert "1.07" in saved["responses"]["ESN06"]["evidence_removed"]
    assert len(saved["actions_removed"]) == 1 and len(saved["actions"]) == 5
    assert saved["responses"]["ESN41"]["not_applicable"] is False
    # an older copy does not bring any of it back
    older = model.parse(FORMAT_1.read_text(), FORMAT_1)
    now_, _ = store.read(old_demo, BankSet())
    merged = merge(older, now_)
    assert [e.grade for e in merged.responses["ESN06"].assessor_entries()] == ["good", None]
    assert "1.07" not in merged.responses["ESN06"].evidence
    assert len(merged.actions) == 5 and not merged.responses["ESN41"].not_applicable


def test_a_merge_laid_into_a_file_keeps_its_comments_and_hand_edits(old_demo: Path) -> None:
    editable = store.open_for_edit(old_demo, BankSet())
    store.save(editable)
    text = old_demo.read_text().replace(
        'note = "Threshold document relaunched in May."',
        'note = "Threshold document relaunched in May."  # checked with the MASH lead')
    text = text.replace("[responses.ESN74]", "# Caseloads: see the workforce report\n"
                                             "[responses.ESN74]")
    old_demo.write_text(text)
    mine, _ = store.read(old_demo, BankSet())
    other = store.open_for_edit(old_demo, BankSet())
    other.score("ESN74", "inadequate", by="J. Okafor (QA Lead)")
    other.agree("ESN06", "requires improvement", by="B. Smith")
    theirs = other.data
    doc = tomlkit.parse(text)
    apply(doc, merge(mine, theirs), mine)
    laid = tomlkit.dumps(doc)
    assert "# checked with the MASH lead" in laid
    assert "# Caseloads: see the workforce report" in laid
    result = model.parse(laid, old_demo)
    assert same_facts(result, merge(mine, theirs))
    assert result.responses["ESN06"].agreed is not None
    unchanged = [line for line in text.splitlines() if "ESN1" in line]
    assert all(line in laid.splitlines() for line in unchanged)


def test_the_fast_reader_of_many_files_reads_what_tomllib_reads(tmp_path: Path) -> None:
    fresh = store.create(tmp_path / "d.toml", BankSet().get("sif-2015"), "X")
    fresh.score("ESN01", "good", by="Ann", note="line one\nline two")
    store.save(fresh)
    text = FORMAT_1.read_text()
    assert model.parse_fast(text, FORMAT_1) == model.parse(text, FORMAT_1)
    assert model.parse_fast(fresh.path.read_text(), fresh.path) == \
        model.parse(fresh.path.read_text(), fresh.path)
    broken = text + "\n[responses.ESN01\n"
    errors = []
    for reader in (model.parse, model.parse_fast):
        with pytest.raises(model.AssessmentError) as caught:
            reader(broken, FORMAT_1)
        errors.append((caught.value.line, caught.value.message))
    assert errors[0] == errors[1] and errors[0][0] == broken.count("\n")
