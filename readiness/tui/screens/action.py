"""Add an improvement action to an item: what, who, by when."""

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
from readiness.tui.screens.base import titled


class ActionScreen(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
    ]

    def __init__(self, item_id: str) -> None:
        super().__init__()
        self.item_id = item_id

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(f"New action for {self.item_id}", classes="dialog-title")
            yield titled(Input(placeholder="What will be done", id="text"), "What will be done")
            yield titled(Input(placeholder="Owner (a role or a name)", id="owner"), "Owner")
            yield titled(Input(placeholder="Due date, e.g. 31/01/2027", id="due"), "Due date")
            yield Label("", id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Add", variant="primary", id="add")
                yield Button("Cancel", id="cancel-button")

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    def on_input_submitted(self) -> None:
        self._add()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "add":
            self._add()
        else:
            self.dismiss(False)

    def _add(self) -> None:
        text = self.query_one("#text", Input).value.strip()
        owner = self.query_one("#owner", Input).value.strip()
        due = self.query_one("#due", Input).value.strip()
        error = self.query_one("#form-error", Label)
        if not text:
            error.update("Say what will be done.")
            return
        try:
            parse_date(due, "due date")
        except ReadinessError as problem:
            error.update(f"{problem.message}. {problem.hint or ''}")
            return
        self.post_message(msg.ActionAdded(self.item_id, text, owner, due))
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
