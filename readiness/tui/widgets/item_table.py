"""A table of items with their response at a glance, used by judgement and enquiry screens.

What each row says (the grade that counts, disputed, serious, evidence) and which rows a
filter keeps come from `readiness.views`, the one place every screen reads them from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable

from readiness import views
from readiness.assessment import today
from readiness.tui.screens.base import Reads
from readiness.tui.widgets import grades

if TYPE_CHECKING:
    from readiness.banks import Item

SHORT = 36


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
        self.id_width = 5
        self.short_width = SHORT

    def on_mount(self) -> None:
        # Fixed widths (DataTable does not measure styled cells); all fit in 80 columns.
        # Ids are 5 characters in the SIF (ESN08) and 6 in the National Framework (NF-S11).
        widest = max((len(item.id) for item in self.bank.items), default=5)
        self.id_width = max(5, min(widest, 10))
        self.short_width = SHORT - (self.id_width - 5)
        self.add_column("Item", key="id", width=self.id_width)
        self.add_column("Characteristic", key="short", width=self.short_width)
        self.add_column("Grade", key="grade", width=6)
        self.add_column("Evidence", key="strength", width=10)
        self.add_column("Docs", key="docs", width=4)
        self.add_column("Acts", key="actions", width=4)

    def show(self, items: list[Item], mode: str | None = None) -> None:
        self.items = items
        if mode is not None:
            self.mode = mode
        self.refresh_rows()

    def status(self, item_id: str) -> views.ItemStatus:
        return views.item_status(self.bank, self.model.data, self.result.views[item_id],
                                 today())

    def refresh_rows(self) -> None:
        keep_row = self.cursor_row
        self.clear()
        bank = self.bank
        self.shown = []
        for item in self.items:
            status = self.status(item.id)
            if not views.keep(status, self.mode):
                continue
            response = self.model.data.responses.get(item.id)
            proposal = views.carried_proposal(bank, response) \
                if status.carried and response is not None else None
            if status.excluded:
                grade_cell: Content = Content.styled("n/a", "$text-muted")
            elif status.carried:  # a proposal carried from another framework, to review
                short = bank.scale[bank.grade_index[proposal]].short if proposal else "·"
                grade_cell = Content.styled(f"{short}?", "italic $warning")
            else:
                grade_cell = grades.grade(bank, status.grade, short=True)
                if status.serious:
                    grade_cell = Content.assemble(grade_cell, Content.styled("‼", "bold $error"))
                if status.disputed:
                    grade_cell = Content.assemble(grade_cell, Content.styled(" ⇅", "bold"))
            self.add_row(
                item.id,
                grades.plain(status.short, self.short_width),
                grade_cell,
                grades.evidence(status) if status.assessed else "",
                str(status.documents) if status.documents else "",
                (f"{status.actions}!" if status.overdue else str(status.actions))
                if status.actions else "",
                key=item.id,
            )
            self.shown.append(item.id)
        if self.shown:
            self.move_cursor(row=min(keep_row, len(self.shown) - 1))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.post_message(self.Opened(event.row_key.value, list(self.shown)))


class Filtered(Reads):
    """A screen holding an ItemTable and a `#filter-label` Static: `f` steps the table
    through the filters every item table offers (views.filters: all, not assessed, without
    strong evidence, below the benchmark, serious, disputed, ...)."""

    FILTER_BINDING = Binding(
        "f", "filter", "Filter", id="filter",
        tooltip="Step through: all, not assessed, without strong evidence, below the "
                "benchmark, serious, disputed, overdue")

    if TYPE_CHECKING:
        def query_one(self, selector: Any, expect_type: Any = None) -> Any: ...

    def filters(self) -> list[views.Filter]:
        return views.filters(self.bank, carried=views.has_carried(self.model.data))

    def action_filter(self) -> None:
        table: ItemTable = self.query_one(ItemTable)
        ids = [f.id for f in self.filters()]
        table.show(table.items, ids[(ids.index(table.mode) + 1) % len(ids)])
        self.show_filter()

    def filter_scope(self) -> str:
        """Words after what the table shows, saying where its items come from ("")."""
        return ""

    def filter_words(self, table: ItemTable) -> str:
        """What the table shows, in words ("Showing where assessors disagree (3)")."""
        names = {f.id: f.label for f in self.filters()}
        return f"Showing {names[table.mode]}{self.filter_scope()} ({len(table.shown)}).  " \
            "f: filter."

    def show_filter(self) -> None:
        from textual.widgets import Static

        table: ItemTable = self.query_one(ItemTable)
        label: Static = self.query_one("#filter-label", Static)
        label.update(Content.styled(self.filter_words(table) + "  Enter: open an item.",
                                    "$text-muted"))

