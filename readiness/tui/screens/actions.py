"""The action plan: every action with its item, owner, due date and status; change them here."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from readiness.assessment import ACTION_STATUSES
from readiness.assessment import today as current_day
from readiness.tui import messages as msg
from readiness.tui.screens.base import Reads
from readiness.tui.widgets import grades
from readiness.tui.widgets.save_status import SaveStatus


class ActionPlanScreen(Reads, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("s", "status", "Next status", id="status",
                tooltip="open → in progress → done → dropped"),
        Binding("e", "edit", "Edit", id="edit", tooltip="Change what, who or when"),
        Binding("enter", "open_item", "Open item", id="open-item", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="actions-head")
        yield DataTable(id="actions", cursor_type="row", zebra_stripes=True)
        yield SaveStatus(id="save-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table: DataTable[grades.Cell] = self.query_one("#actions", DataTable)
        table.add_column("Id", key="id", width=4)
        table.add_column("Item", key="item", width=6)
        table.add_column("What will be done", key="text", width=30)
        table.add_column("Owner", key="owner", width=12)
        table.add_column("Due", key="due", width=12)
        table.add_column("Status", key="status", width=11)
        self.watch(self.app, "version", lambda _: self.refresh_view(), init=False)
        self.refresh_view()
        table.focus()

    def refresh_view(self) -> None:
        table: DataTable[grades.Cell] = self.query_one("#actions", DataTable)
        row = table.cursor_row
        table.clear()
        today = current_day()
        actions = self.model.data.actions
        overdue = 0
        for action in sorted(actions, key=lambda a: (a.status in ("done", "dropped"),
                                                     a.due or date.max)):
            late = bool(action.due and action.due < today
                        and action.status in ("open", "in_progress"))
            overdue += late
            table.add_row(
                self.model.data.action_label(action.id), action.item, grades.plain(action.text, 30),
                grades.plain(action.owner, 12),
                Content.styled(f"{action.due:%d/%m/%Y}" + (" !" if late else ""),
                               "bold $error" if late else "") if action.due else "",
                action.status.replace("_", " "), key=action.id)
        if actions:
            table.move_cursor(row=min(row, len(actions) - 1))
        self.query_one("#actions-head", Static).update(Content.assemble(
            Content.styled("Action plan", "bold"),
            f"  {len(actions)} actions, {overdue} overdue (!).  " if actions else
            "  No actions yet: add one from an item (a).  ",
            Content.styled("s next status · e edit · Enter the item", "$text-muted")))

    def _current(self) -> str | None:
        table: DataTable[grades.Cell] = self.query_one("#actions", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def action_status(self) -> None:
        current = self._current()
        action = next((a for a in self.model.data.actions if a.id == current), None)
        if action is None:
            return
        following = ACTION_STATUSES[(ACTION_STATUSES.index(action.status) + 1)
                                    % len(ACTION_STATUSES)]
        self.post_message(msg.ActionStatusChanged(action.id, following))

    def action_edit(self) -> None:
        from readiness.tui.screens.action import ActionScreen

        current = self._current()
        action = next((a for a in self.model.data.actions if a.id == current), None)
        if action is not None:
            self.app.push_screen(ActionScreen(action.item, action))

    def action_open_item(self) -> None:
        current = self._current()
        action = next((a for a in self.model.data.actions if a.id == current), None)
        if action is not None and action.item in self.bank.item_map:
            self.rapp.open_item(action.item)
