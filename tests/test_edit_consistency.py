"""Edits whose file, model and refusals disagreed, found by the state machine
(tests/test_state_machine.py) and fixed; each case as the machine found it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from msgspec.structs import replace

from readiness import store
from readiness.assessment import from_dict
from readiness.banks import BankSet
from readiness.edits import Editable
from readiness.errors import ReadinessError
from tests.conftest import FIXTURES


@pytest.fixture
def editable(tmp_path: Path) -> Editable:
    return store.create(tmp_path / "a.toml", BankSet(FIXTURES).get("mini"), "Northshire")


def _document_reads_as_model(editable: Editable) -> None:
    doc = editable.doc
    assert from_dict(doc.unwrap(), doc.as_string(), editable.path) == editable.data


def test_a_refused_serious_mark_leaves_the_file_as_it_was(editable: Editable) -> None:
    editable.score("H01", "good", by="Ann")
    before = editable.doc.as_string()
    for by in ("Ann", "Bob"):  # Ann's grade is not the worst; Bob has not graded H01
        with pytest.raises(ReadinessError):
            editable.set_serious("H01", False, by=by)
        assert editable.doc.as_string() == before, by
    _document_reads_as_model(editable)


def test_a_reason_for_n_a_is_the_note_of_whoever_gives_it(editable: Editable) -> None:
    editable.score("H01", "good", by="Ann", note="Seen alone in every audit")
    editable.score("H01", "n/a", by="Cy", note="Not delegated here")
    editable.score("A01", "n/a", by="Cy", note="No adoption service")
    notes = {(item, e.by): e.note for item in ("H01", "A01")
             for e in editable.data.responses[item].assessor_entries()}
    assert notes == {("H01", "Ann"): "Seen alone in every audit",
                     ("H01", "Cy"): "Not delegated here", ("A01", "Cy"): "No adoption service"}
    assert editable.data.responses["H01"].not_applicable
    _document_reads_as_model(editable)


def test_text_pasted_with_windows_line_endings_is_saved_as_it_was_typed(
        editable: Editable, tmp_path: Path) -> None:
    """A multi-line TOML string reads \r\n back as \n: such text is kept on one line."""
    typed = "Two cases drifted.\r\nSee the audit."
    editable.score("H01", "good", by="Ann", note=typed)
    editable.set_note("H02", "First line\r\nsecond line\r\n", by="Bob")
    editable.add_audit("C-1", "H01", "good", by="Ann", note=typed)
    store.save(editable)
    saved, _ = store.read(editable.path, BankSet(FIXTURES))
    assert saved == editable.data
    assert saved.responses["H01"].note == typed and saved.audits[0].note == typed
    _document_reads_as_model(editable)
    from readiness.docpatch import render

    rendered = tmp_path / "rendered.toml"  # a merge lays records in the same way
    rendered.write_text(render(saved).as_string(), encoding="utf-8")
    assert store.parse_file(rendered)[1].audits == saved.audits


@pytest.mark.parametrize("breaks", ["\u2028", "\u2029", "\x85", "\x0c", "\x0b", "\x1c"])
def test_text_holding_a_unicode_line_break_saves_a_file_that_reads_back(
        editable: Editable, breaks: str) -> None:
    """Python's splitlines breaks lines at these; TOML does not, so the file's layout must
    not either (pasted text holds U+2028; a saved file became 'damaged')."""
    text = f"Relaunch{breaks}thresholds\nwith partners"
    editable.add_action("H01", text)
    editable.score("H02", "good", by="Ann", note=text)
    store.save(editable)
    saved, _ = store.read(editable.path, BankSet(FIXTURES))
    assert saved == editable.data
    assert saved.actions[0].text == text and saved.responses["H02"].note == text


def test_a_problem_after_a_unicode_line_break_names_its_own_line() -> None:
    from readiness.tomlpos import TomlPositions

    text = 'title = "one\u2028two"\n\n[responses.H01]\ngrade = "great"\n'
    assert TomlPositions(text).line_of(("responses", "H01", "grade")) == 4


def test_steps_that_find_nothing_to_do_leave_a_new_file_as_it_was(editable: Editable) -> None:
    before = editable.doc.as_string()
    editable.unscore("H01")
    editable.clear_agreed("H01", by="Ann")
    editable.clear_not_applicable("H01")
    editable.detach("H01", "1.07")
    editable.remove_cases("H01", ["C-1"])
    with pytest.raises(ReadinessError):
        editable.set_serious("H01", True, by="Ann")
    assert editable.doc.as_string() == before
    assert not store.save(editable), "nothing changed, so nothing is written"


def test_a_save_over_a_colleagues_copy_keeps_the_later_time_of_a_mark_both_made(
        editable: Editable) -> None:
    """Both mark H01 n/a, the colleague first: the file must say when it was last marked, or
    a third copy that cleared the mark in between wins the next merge."""
    from datetime import UTC, datetime
    from unittest import mock

    from readiness.merge import facts

    banks = BankSet(FIXTURES)

    def at(second: int) -> mock._patch[Any]:
        when = datetime(2026, 11, 26, 9, 0, second, tzinfo=UTC)
        return mock.patch("readiness.edits.now", lambda: when)

    colleague = store.open_for_edit(editable.path, banks)
    third = store.open_for_edit(editable.path, banks)
    with at(1):
        colleague.score("H01", "n/a", by="Bob")
    store.save(colleague)
    with at(3):
        editable.score("H01", "n/a", by="Ann")
    store.save_merging(editable)
    on_disk, _ = store.read(editable.path, banks)
    assert facts(on_disk).facts[("na", "H01")] == facts(editable.data).facts[("na", "H01")]
    assert on_disk.responses["H01"].not_applicable_at == datetime(2026, 11, 26, 9, 0, 3,
                                                                  tzinfo=UTC)
    with at(2):  # cleared before Ann marked it again
        third.score("H01", "n/a", by="Cy")
        third.clear_not_applicable("H01")
    store.save_merging(third)
    assert store.read(editable.path, banks)[0].responses["H01"].not_applicable


def test_a_merged_save_keeps_carried_grades_in_the_order_the_file_has_them(
        editable: Editable) -> None:
    """A merge sorts an item's carried grades; when the colleague's file already holds the
    same ones in another order, what is open must still be what is on disk."""
    from readiness.assessment import Carried, Response
    from readiness.docpatch import apply

    records = [Carried(id=i, bank="sif-2015", item=f"ESN0{n}", proposed="good")
               for n, i in enumerate(["b2", "a1"])]
    made = replace(editable.data, responses={"H02": Response(carried=records)})
    apply(editable.doc, made, editable.data)
    editable.resync()
    store.save(editable)
    colleague = store.open_for_edit(editable.path, BankSet(FIXTURES))
    colleague.score("H01", "good", by="Bob")
    store.save(colleague)
    result = store.save_merging(editable)  # nothing new here: theirs comes in
    assert result.merged and not editable.dirty
    on_disk, _ = store.read(editable.path, BankSet(FIXTURES))
    assert on_disk == editable.data
    assert [c.id for c in on_disk.responses["H02"].carried] == ["b2", "a1"]
    _document_reads_as_model(editable)
    assert store.serialise(editable) == editable.path.read_bytes()


def test_an_assessor_listed_among_the_entries_grades_there_not_twice(
        editable: Editable) -> None:
    """A merge lists every assessor under `entries`, leaving the response's own fields
    empty; Bob grading again must change his entry, not add a second one of his."""
    banks = BankSet(FIXTURES)
    text = editable.path.read_text(encoding="utf-8") + (
        '\n[[responses.H01.entries]]\nby = "Ann"\ngrade = "good"\n'
        '\n[[responses.H01.entries]]\nby = "Bob"\nevidence_strength = "strong"\n')
    editable.path.write_text(text, encoding="utf-8")
    editable = store.open_for_edit(editable.path, banks)
    editable.score("H01", "requires_improvement", by="Bob")
    editable.set_note("H01", "Seen twice", by="Bob")
    entries = editable.data.responses["H01"].assessor_entries()
    assert [(e.by, e.grade, e.note) for e in entries] == [
        ("Ann", "good", ""), ("Bob", "requires_improvement", "Seen twice")]
    _document_reads_as_model(editable)
