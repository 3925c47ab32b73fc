"""One judgement: its likely grade and reasons, and its items in a table you can filter."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from readiness import views
from readiness.banks import Item
from readiness.tui.widgets import grades
from readiness.tui.widgets.item_table import Filtered, ItemTable
from readiness.tui.widgets.save_status import SaveStatus


class JudgementScreen(Filtered, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Filtered.FILTER_BINDING,
        Binding("d", "descriptors", "Descriptors", id="descriptors",
                tooltip="What each grade looks like for this judgement, from the framework"),
    ]

    def __init__(self, judgement_id: str) -> None:
        super().__init__()
        self.judgement_id = judgement_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="judgement-head")
        yield Static(id="judgement-reasons")
        yield Static(id="filter-label")
        yield ItemTable(id="items")
        yield SaveStatus(id="save-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(ItemTable)
        table.show(self.items())
        self.watch(self.app, "version", lambda _: self.refresh_view(), init=False)
        self.refresh_view()
        table.focus()

    def items(self) -> list[Item]:
        """Its own items; for a judgement worked out from others (SIF overall), all of them."""
        return views.items_of(self.bank, self.judgement_id)

    def refresh_view(self) -> None:
        bank, result = self.bank, self.result[self.judgement_id]
        judgement = bank.judgement_map[self.judgement_id]
        head = Content.assemble(
            Content.styled(bank.judgement_name(self.judgement_id), "bold"), "  ",
            grades.likely(bank, result), "  ",
            grades.range_bar(bank, result.likely, result.low, result.high),
            f"   scored {result.assessed}/{result.items}, "
            f"strong evidence {result.evidenced}/{result.assessed}",
        )
        if judgement.title != bank.judgement_name(self.judgement_id):
            head = Content.assemble(head, "\n", Content.styled(judgement.title, "$text-muted"))
        self.query_one("#judgement-head", Static).update(head)
        reasons = [Content(f"• {r}") for r in result.reasons[:3]]
        self.query_one("#judgement-reasons", Static).update(Content("\n").join(reasons))
        table = self.query_one(ItemTable)
        table.refresh_rows()
        self.show_filter()

    def filter_scope(self) -> str:
        return "" if self.bank.items_by_judgement.get(self.judgement_id) else \
            " of the framework (this judgement is worked out from the others)"

    def action_descriptors(self) -> None:
        from readiness.tui.screens.descriptors import DescriptorsScreen

        self.app.push_screen(DescriptorsScreen(self.judgement_id))

    @on(ItemTable.Opened)
    def _open(self, event: ItemTable.Opened) -> None:
        self.rapp.open_item(event.item, event.siblings,
                            self.bank.judgement_name(self.judgement_id))
