"""Add an improvement action to an item: what, who, by when."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label

from readiness.edits import parse_date
from readiness.errors import ReadinessError
from readiness.tui import messages as msg
from readiness.tui.screens.base import Form, titled


class ActionScreen(Form):
    def __init__(self, item_id: str) -> None:
        super().__init__()
        self.item_id = item_id

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(f"New action for {self.item_id}", classes="dialog-title")
            yield titled(Input(placeholder="What will be done", id="text"), "What will be done")
            yield titled(Input(placeholder="Owner (a role or a name)", id="owner"), "Owner")
            yield titled(Input(placeholder="Due date, e.g. 31/01/2027", id="due"), "Due date")
            yield from self.form_end("Add")

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    def submit(self) -> None:
        text = self.query_one("#text", Input).value.strip()
        owner = self.query_one("#owner", Input).value.strip()
        due = self.query_one("#due", Input).value.strip()
        if not text:
            self.fail("Say what will be done.")
            return
        try:
            parse_date(due, "due date")
        except ReadinessError as problem:
            self.fail_with(problem)
            return
        self.post_message(msg.ActionAdded(self.item_id, text, owner, due))
        self.dismiss(True)
