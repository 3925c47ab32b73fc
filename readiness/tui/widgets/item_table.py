"""A table of items with their response at a glance, used by judgement and enquiry screens."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable

from readiness.judgement import item_view
from readiness.tui.screens.base import Reads
from readiness.tui.widgets import grades

if TYPE_CHECKING:
    from readiness.banks import Item

SHORT = 36
FILTERS = ("all", "unassessed", "unevidenced", "below")
FILTER_NAMES = {"all": "all items", "unassessed": "not yet assessed",
                "unevidenced": "assessed without strong evidence", "below": "below good"}


class ItemTable(Reads, DataTable[grades.Cell]):
    """Items of a judgement or a line of enquiry; Enter opens the item."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open item", id="open-item", show=False),
    ]

    class Opened(Message):
        def __init__(self, item: str, siblings: list[str]) -> None:
            super().__init__()
            self.item, self.siblings = item, siblings

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.items: list[Item] = []
        self.shown: list[str] = []
        self.mode = "all"

    def on_mount(self) -> None:
        # Fixed widths (DataTable does not measure styled cells); all fit in 80 columns.
        self.add_column("Item", key="id", width=5)
        self.add_column("Characteristic", key="short", width=SHORT)
        self.add_column("Grade", key="grade", width=6)
        self.add_column("Evidence", key="strength", width=10)
        self.add_column("Docs", key="docs", width=4)
        self.add_column("Acts", key="actions", width=4)

    def show(self, items: list[Item], mode: str | None = None) -> None:
        self.items = items
        if mode is not None:
            self.mode = mode
        self.refresh_rows()

    def _keep(self, item: Item) -> bool:
        if self.mode == "all":
            return True
        response = self.model.data.responses.get(item.id)
        view = item_view(item.id, response, self.bank.grade_index)
        if view.excluded:
            return False
        if self.mode == "unassessed":
            return view.likely is None
        if self.mode == "unevidenced":
            return view.likely is not None and not view.strong
        benchmark = self.bank.grade_index[self.bank.rules.benchmark]
        return view.likely is not None and view.likely > benchmark

    def refresh_rows(self) -> None:
        keep_row = self.cursor_row
        self.clear()
        data = self.model.data
        bank = self.bank
        self.shown = []
        for item in self.items:
            if not self._keep(item):
                continue
            response = data.responses.get(item.id)
            view = item_view(item.id, response, bank.grade_index)
            if view.excluded:
                grade_cell: Content = Content.styled("n/a", "$text-muted")
            elif view.likely is None:
                grade_cell = grades.grade(bank, None, short=True)
            else:
                slug = bank.scale[view.likely].slug
                grade_cell = grades.grade(bank, slug, short=True)
                if view.split:
                    grade_cell = Content.assemble(grade_cell, Content.styled(" ⇅", "bold"))
            strength = view.strength if view.likely is not None else None
            short = item.short or item.text
            self.add_row(
                item.id,
                grades.plain(short, SHORT),
                grade_cell,
                grades.strength(strength) if view.likely is not None else "",
                str(len(response.evidence)) if response and response.evidence else "",
                str(len(data.actions_for(item.id))) if data.actions_for(item.id) else "",
                key=item.id,
            )
            self.shown.append(item.id)
        if self.shown:
            self.move_cursor(row=min(keep_row, len(self.shown) - 1))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.post_message(self.Opened(event.row_key.value, list(self.shown)))

