"""Write the rationale for a grade: why, on what evidence. Nothing is saved until ctrl+s."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea


class RationaleScreen(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "keep", "Keep", id="keep", priority=True),
        Binding("escape", "cancel", "Cancel", id="cancel"),
    ]

    def __init__(self, item_id: str, note: str) -> None:
        super().__init__()
        self.item_id, self.note = item_id, note

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(f"Rationale for {self.item_id}: why this grade, on what evidence?",
                        classes="dialog-title")
            yield TextArea(self.note, id="note", soft_wrap=True)
            yield Label("ctrl+s keeps it · Esc cancels. Case IDs only, never a child's name.",
                        classes="hint")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_keep(self) -> None:
        self.dismiss(self.query_one(TextArea).text.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
