"""Edits whose file, model and refusals disagreed, found by the state machine
(tests/test_state_machine.py) and fixed; each case as the machine found it."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

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


def test_a_note_pasted_with_windows_line_endings_is_saved_as_the_model_holds_it(
        editable: Editable) -> None:
    editable.score("H01", "good", by="Ann", note="Two cases drifted.\r\nSee the audit.")
    editable.set_note("H02", "First line\r\nsecond line\r\n", by="Bob")
    store.save(editable)
    saved, _ = store.read(editable.path, BankSet(FIXTURES))
    assert saved == editable.data
    assert saved.responses["H01"].note == "Two cases drifted.\nSee the audit."
    _document_reads_as_model(editable)
