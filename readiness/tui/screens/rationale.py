"""Write the rationale for a grade: why, on what evidence. Saved as you type."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Label, TextArea

from readiness.tui import messages as msg

SETTLE = 0.6
"""Seconds after the last key before what is typed is sent on (and saved)."""


class RationaleScreen(ModalScreen[None]):
    """Text reaches the model as it is typed (after a pause), and in full on closing.

    The close keys are not priority bindings: they queue behind the characters typed
    before them, so a burst of typing followed at once by ctrl+s or Esc is kept whole.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "close", "Done", id="keep"),
        Binding("escape", "close", "Done", id="close"),
    ]

    def __init__(self, item_id: str, note: str) -> None:
        super().__init__()
        self.item_id, self.note = item_id, note
        self._sent = note
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(f"Rationale for {self.item_id}: why this grade, on what evidence?",
                        classes="dialog-title")
            yield TextArea(self.note, id="note", soft_wrap=True)
            yield Label("Saved as you type · Esc or ctrl+s closes. Case IDs only, never a "
                        "child's name.", classes="hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)  # new words go after the old ones

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SETTLE, self._send)

    def _send(self) -> None:
        text = self.query_one(TextArea).text.strip()
        if text != self._sent:
            self._sent = text
            self.post_message(msg.NoteChanged(self.item_id, text))

    def action_close(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._send()
        self.dismiss(None)
