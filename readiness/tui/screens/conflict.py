"""Someone else saved the file first: keep both versions and let the user choose."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


class ConflictScreen(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "stay", "Stay", id="stay"),
    ]

    def __init__(self, path: Path, kept: Path | None) -> None:
        super().__init__()
        self.path, self.kept = path, kept

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Not saved: someone else changed this file", classes="dialog-title")
            kept = (f"Your version is kept beside it as {self.kept.name}, so nothing you "
                    "typed is lost." if self.kept else
                    "Your version could not be copied; it is still open here.")
            yield Static(f"{self.path.name} was saved by someone else (another window or "
                         f"another person) since you opened it. Saving now would overwrite "
                         f"their work, so it was not saved.\n\n{kept}\n\nReload to see their "
                         "changes and then redo yours (compare with the copy).")
            with Horizontal(classes="buttons"):
                yield Button("Reload their version", variant="primary", id="reload")
                yield Button("Stay here", id="stay")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "reload")

    def action_stay(self) -> None:
        self.dismiss(False)
