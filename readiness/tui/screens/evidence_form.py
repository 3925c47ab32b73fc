"""Add a document to the evidence register (and attach it to an item, when opened from one)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from readiness.edits import parse_date
from readiness.errors import ReadinessError
from readiness.tui import messages as msg
from readiness.tui.screens.base import Reads, titled


class EvidenceFormScreen(Reads, ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
    ]

    def __init__(self, item_id: str | None = None) -> None:
        super().__init__()
        self.item_id = item_id

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            title = "New evidence document" + (f" for {self.item_id}" if self.item_id else "")
            yield Label(title, classes="dialog-title")
            yield titled(Input(placeholder="Code, e.g. 1.07 or QA-2026-03", id="code"), "Code")
            yield titled(Input(placeholder="Annex A codes fill their own", id="title"),
                         "Title")
            yield titled(Input(placeholder="A path in this folder, a URL, or a DMS reference",
                               id="location"), "Where it is")
            yield titled(Input(placeholder="Date, e.g. 31/10/2026 (optional)", id="date"), "Date")
            yield Label("", id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Add", variant="primary", id="add")
                yield Button("Cancel", id="cancel-button")

    def on_mount(self) -> None:
        self.query_one("#code", Input).focus()

    def on_input_submitted(self) -> None:
        self._add()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "add":
            self._add()
        else:
            self.dismiss(False)

    def _add(self) -> None:
        code = self.query_one("#code", Input).value.strip()
        title = self.query_one("#title", Input).value.strip()
        location = self.query_one("#location", Input).value.strip()
        when = self.query_one("#date", Input).value.strip()
        error = self.query_one("#form-error", Label)
        if not code:
            error.update("Give the document a code (Annex A number or your own).")
            return
        if not title and code not in self.bank.evidence_map and \
                code not in self.model.data.evidence:
            error.update("Give the document a title.")
            return
        try:
            parse_date(when, "date")
            if location:
                self.model.locate(location, self.model.path.parent)
        except ReadinessError as problem:
            error.update(f"{problem.message}. {problem.hint or ''}")
            return
        self.post_message(msg.EvidenceSaved(code, title, location, when, self.item_id))
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
