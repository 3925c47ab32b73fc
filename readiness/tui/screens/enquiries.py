"""Walk the assessment by key line of enquiry: the questions inspectors are likely to ask."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from readiness.tui.widgets import grades
from readiness.tui.widgets.item_table import Filtered, ItemTable
from readiness.tui.widgets.save_status import SaveStatus
from readiness.views import cite


class EnquiriesScreen(Filtered, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("tab", "app.focus_next", "Switch list", id="switch", show=True),
        Filtered.FILTER_BINDING,
        Binding("o", "original", "Source wording", id="original",
                tooltip="Show or hide the line of enquiry as the source document words it"),
    ]
    show_original = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="enquiries", cursor_type="row", zebra_stripes=True)
        yield Static(id="enquiry-question")
        yield Static(id="filter-label")
        yield ItemTable(id="items")
        yield SaveStatus(id="save-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table: DataTable[grades.Cell] = self.query_one("#enquiries", DataTable)
        table.add_column("Line", key="id", width=6)
        table.add_column("Question", key="question", width=58)
        table.add_column("Done", key="scored", width=5)
        for enquiry in self.bank.enquiries:
            table.add_row(enquiry.id, "", "", key=enquiry.id)
        self.watch(self.app, "version", lambda _: self.refresh_view(), init=False)
        self.refresh_view()
        if not self.bank.enquiries:
            self.query_one("#enquiry-question", Static).update(
                "This framework has no lines of enquiry; walk it by judgement instead.")
        table.focus()

    def refresh_view(self) -> None:
        table: DataTable[grades.Cell] = self.query_one("#enquiries", DataTable)
        counted = self.result.views
        for enquiry in self.bank.enquiries:
            views = [counted[i] for i in enquiry.items]
            done = sum(1 for v in views if v.likely is not None or v.excluded)
            question = enquiry.question
            table.update_cell(enquiry.id, "question", grades.plain(question, 58))
            table.update_cell(enquiry.id, "scored", f"{done}/{len(views)}")
        self.query_one(ItemTable).refresh_rows()
        self.show_filter()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id != "enquiries" or not event.row_key.value:
            return
        self.current = event.row_key.value
        self._question()
        enquiry = next(q for q in self.bank.enquiries if q.id == self.current)
        self.query_one(ItemTable).show([self.bank.item_map[i] for i in enquiry.items])
        self.show_filter()

    def _question(self) -> None:
        enquiry = next((q for q in self.bank.enquiries if q.id == getattr(self, "current", "")),
                       None)
        if enquiry is None:
            return
        original = ""
        if enquiry.original and self.show_original:
            original = f"\nAs the source words it ({cite(self.bank, enquiry.source)}): " \
                       f"{enquiry.original}"
        elif enquiry.original:
            original = "\no: the source's own wording"
        self.query_one("#enquiry-question", Static).update(Content.assemble(
            Content.styled(f"{enquiry.id} ", "bold"), Content(enquiry.question),
            Content.styled(original, "$text-muted")))

    def action_original(self) -> None:
        self.show_original = not self.show_original
        self._question()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "enquiries":
            self.query_one(ItemTable).focus()

    @on(ItemTable.Opened)
    def _open(self, event: ItemTable.Opened) -> None:
        table = self.query_one("#enquiries", DataTable)
        row = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        self.rapp.open_item(event.item, event.siblings, f"line of enquiry {row}" if row else "")
