"""Start a new assessment: which framework, which authority, where to keep the file."""

from __future__ import annotations

import re
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Select

from readiness.errors import ReadinessError
from readiness.tui.screens.base import Form, Reads, titled


class NewAssessmentScreen(Reads, Form):

    def compose(self) -> ComposeResult:
        banks = self.rapp.banks.all()
        with Vertical(id="dialog"):
            yield Label("New assessment", classes="dialog-title")
            yield titled(Select([(f"{b.title} ({len(b.items)} items"
                                 + (f", {b.status}" if b.status != "current" else "") + ")",
                                 b.id) for b in banks],
                                value="sif-2015" if any(b.id == "sif-2015" for b in banks)
                                else banks[0].id, allow_blank=False, id="bank"), "Framework")
            yield titled(Input(placeholder="e.g. Northshire County Council", id="authority"),
                         "Authority")
            yield titled(Input(value=str(Path.cwd() / "self-assessment.toml"), id="file"),
                         "File (kept in its own folder, which must exist)")
            yield titled(Input(value=self.rapp.assessor, id="assessor"),
                         "Your name (your scores carry it)")
            yield from self.form_end("Create")

    def on_mount(self) -> None:
        self.suggested = self.query_one("#file", Input).value
        self.query_one("#authority", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Name the file after the authority, until the user types a file name of their own."""
        file_input = self.query_one("#file", Input)
        if event.input.id != "authority" or file_input.value != self.suggested:
            return
        name = re.sub(r"[^a-z0-9]+", "-", event.value.lower()).strip("-") or "self-assessment"
        self.suggested = str(Path(file_input.value).parent / f"{name}.toml")
        file_input.value = self.suggested

    def submit(self) -> None:
        from readiness import store

        bank_id = str(self.query_one("#bank", Select).value)
        authority = self.query_one("#authority", Input).value.strip()
        path = Path(self.query_one("#file", Input).value.strip()).expanduser()
        assessor = self.query_one("#assessor", Input).value.strip()
        if not authority:
            self.fail("Give the authority's name.")
            return
        try:
            store.create(path, self.rapp.banks.get(bank_id), authority)
        except ReadinessError as problem:
            self.fail(str(problem))
            return
        if assessor and assessor != self.rapp.assessor:
            self.rapp.set_assessor(assessor)
        self.dismiss(True)
        self.rapp.open_assessment(path)
