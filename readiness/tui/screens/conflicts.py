"""Changes made here and elsewhere to the same thing: both versions side by side, to choose.

A merge never drops either: the later change counts and the other is kept in the file
(`[[conflicts]]`) until someone chooses. Choosing is a change like any other, saved and
merged with everyone else's.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from readiness import views
from readiness.tui import messages as msg
from readiness.tui.screens.base import Reads
from readiness.tui.widgets import grades
from readiness.tui.widgets.save_status import SaveStatus


class ConflictsScreen(Reads, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("k", "choose(True)", "Keep what counts", id="keep",
                tooltip="Keep the version that counts now; the other stays on record"),
        Binding("t", "choose(False)", "Take the other", id="other",
                tooltip="Put the other version back, as a change made now"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="conflicts-head")
        yield DataTable(id="conflicts", cursor_type="row", zebra_stripes=True)
        yield Static(id="conflict-detail")
        yield SaveStatus(id="save-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table: DataTable[grades.Cell] = self.query_one("#conflicts", DataTable)
        table.add_column("About", key="about", width=22)
        table.add_column("Counts now", key="kept", width=20)
        table.add_column("The other version", key="other", width=20)
        table.add_column("", key="state", width=7)
        self.watch(self.app, "version", lambda _: self.refresh_view(), init=False)
        self.refresh_view()
        table.focus()

    def refresh_view(self) -> None:
        found = views.conflicts(self.bank, self.model.data)
        waiting = sum(1 for c in found if c.open)
        self.query_one("#conflicts-head", Static).update(Content.assemble(
            Content.styled("Changed here and elsewhere  ", "bold"),
            f"{waiting} to choose, {len(found) - waiting} chosen.  "
            "k keeps what counts now, t takes the other."))
        table: DataTable[grades.Cell] = self.query_one("#conflicts", DataTable)
        row = table.cursor_row
        table.clear()
        for conflict in found:
            table.add_row(grades.plain(conflict.about, 22), grades.plain(conflict.kept, 20),
                          grades.plain(conflict.other, 20),
                          Content.styled("choose", "bold $warning") if conflict.open
                          else Content.styled("✓", "$success"), key=conflict.id)
        self.found = {c.id: c for c in found}
        if found:
            table.move_cursor(row=min(row, len(found) - 1))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        conflict = self.found.get(str(event.row_key.value))
        if conflict is None:
            return
        self.query_one("#conflict-detail", Static).update(Content.assemble(
            Content.styled(conflict.about, "bold"), "\n",
            Content.styled("Counts now: ", "bold"), conflict.kept, "\n",
            Content.styled("The other version: ", "bold"), conflict.other))

    def action_choose(self, keep: bool) -> None:
        table: DataTable[grades.Cell] = self.query_one("#conflicts", DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key:
            self.post_message(msg.ConflictChosen(key, keep))
