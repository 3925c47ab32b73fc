"""Start a new assessment: which framework, which authority, where to keep the file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from readiness.errors import ReadinessError
from readiness.tui.screens.base import Reads, titled


class NewAssessmentScreen(Reads, ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Cancel", id="cancel"),
    ]

    def compose(self) -> ComposeResult:
        banks = self.rapp.banks.all()
        with Vertical(id="dialog"):
            yield Label("New assessment", classes="dialog-title")
            yield titled(Select([(f"{b.title} ({len(b.items)} items)", b.id) for b in banks],
                                value="sif-2015" if any(b.id == "sif-2015" for b in banks)
                                else banks[0].id, allow_blank=False, id="bank"), "Framework")
            yield titled(Input(placeholder="e.g. Northshire County Council", id="authority"),
                         "Authority")
            yield titled(Input(value=str(Path.cwd() / "self-assessment.toml"), id="file"),
                         "File (kept in its own folder, which must exist)")
            yield titled(Input(value=self.rapp.assessor, id="assessor"),
                         "Your name (your scores carry it)")
            yield Label("", id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Create", variant="primary", id="create")
                yield Button("Cancel", id="cancel-button")

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

    def on_input_submitted(self) -> None:
        self._create()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self._create()
        else:
            self.dismiss()

    def _create(self) -> None:
        from readiness import settings, store

        bank_id = str(self.query_one("#bank", Select).value)
        authority = self.query_one("#authority", Input).value.strip()
        path = Path(self.query_one("#file", Input).value.strip()).expanduser()
        assessor = self.query_one("#assessor", Input).value.strip()
        error = self.query_one("#form-error", Label)
        if not authority:
            error.update("Give the authority's name.")
            return
        try:
            store.create(path, self.rapp.banks.get(bank_id), authority)
        except ReadinessError as problem:
            error.update(f"{problem}")
            return
        if assessor:
            self.rapp.assessor = assessor
            self.rapp.settings.assessor = assessor
            settings.save(self.rapp.settings)
        self.dismiss()
        self.rapp.open_assessment(path)
