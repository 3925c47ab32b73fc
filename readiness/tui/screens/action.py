"""Add an improvement action to an item: what, who, by when."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label

from readiness.assessment import Action
from readiness.edits import parse_date
from readiness.errors import ReadinessError
from readiness.tui import messages as msg
from readiness.tui.screens.base import Form, titled


class ActionScreen(Form):
    """A new action for an item, or (given `action`) a change to one."""

    def __init__(self, item_id: str, action: Action | None = None) -> None:
        super().__init__()
        self.item_id, self.action = item_id, action

    def compose(self) -> ComposeResult:
        action = self.action
        with Vertical(id="dialog"):
            yield Label(f"Action {self.app.model.data.action_label(action.id)} for "  # type: ignore[attr-defined]
                        f"{self.item_id}" if action else
                        f"New action for {self.item_id}", classes="dialog-title")
            yield titled(Input(action.text if action else "", placeholder="What will be done",
                               id="text"), "What will be done")
            yield titled(Input(action.owner if action else "",
                               placeholder="Owner (a role or a name)", id="owner"), "Owner")
            yield titled(Input(f"{action.due:%d/%m/%Y}" if action and action.due else "",
                               placeholder="Due date, e.g. 31/01/2027", id="due"), "Due date")
            yield from self.form_end("Save" if action else "Add")

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
        if self.action is not None:
            self.post_message(msg.ActionEdited(self.action.id, text, owner, due))
        else:
            self.post_message(msg.ActionAdded(self.item_id, text, owner, due))
        self.dismiss(True)
