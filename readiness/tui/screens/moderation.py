"""Moderation: the items a room disagrees on, most in need first, every view side by side,
and one key to agree."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from readiness import views
from readiness.tui.screens.base import Reads
from readiness.tui.widgets import grades
from readiness.tui.widgets.save_status import SaveStatus


class ModerationScreen(Reads, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("equals_sign,enter", "agree", "Agree", id="agree",
                tooltip="Agree the highlighted item's grade for the room"),
        Binding("o", "open_item", "Open item", id="open-item"),
        Binding("w", "roster", "Who is here", id="roster",
                tooltip="The roster for this session, and each person's progress"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="moderation-head")
        yield DataTable(id="disputes", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="opinions-box"):
            yield Static(id="opinions")
        yield SaveStatus(id="save-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table: DataTable[grades.Cell] = self.query_one("#disputes", DataTable)
        table.add_column("Item", key="id", width=6)
        table.add_column("Characteristic", key="short", width=32)
        table.add_column("Views", key="views", width=20)
        table.add_column("Status", key="status", width=14)
        self.watch(self.app, "version", lambda _: self.refresh_view(), init=False)
        self.refresh_view()
        table.focus()

    def refresh_view(self) -> None:
        bank = self.bank
        found = views.disputes(bank, self.model.data, self.result)
        people = views.progress(bank, self.model.data)
        self.query_one("#moderation-head", Static).update(Content.assemble(
            Content.styled("Moderation  ", "bold"), found.progress,
            Content.styled("  ·  " + ", ".join(p.words for p in people[:4])
                           + (" …" if len(people) > 4 else ""), "$text-muted")))
        table: DataTable[grades.Cell] = self.query_one("#disputes", DataTable)
        row = table.cursor_row
        table.clear()
        self.items = found.items
        for dispute in found.items:
            tally: dict[str, int] = {}
            for opinion in dispute.opinions:
                short = bank.grades[opinion.grade].short if opinion.grade in bank.grades \
                    else "?"
                tally[short + ("‼" if opinion.serious else "")] = \
                    tally.get(short + ("‼" if opinion.serious else ""), 0) + 1
            status = (Content.styled(f"✓ agreed {bank.grades[dispute.agreed].short}",
                                     "$success") if dispute.agreed in bank.grades else
                      Content.styled("to agree again" if dispute.to_agree else "to agree",
                                     "bold $warning"))
            table.add_row(dispute.id, grades.plain(dispute.short, 32),
                          grades.plain(" ".join(f"{g}×{n}" for g, n in tally.items()), 20),
                          status, key=dispute.id)
        if found.items:
            table.move_cursor(row=min(row, len(found.items) - 1))
        else:
            self.query_one("#opinions", Static).update(
                "Nothing to moderate: where two or more people score an item differently, it "
                "appears here.")

    def _current(self) -> views.Dispute | None:
        table: DataTable[grades.Cell] = self.query_one("#disputes", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((d for d in self.items if d.id == key), None)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        dispute = self._current()
        if dispute is None:
            return
        bank = self.bank
        lines: list[Content] = [Content.assemble(
            Content.styled(f"{dispute.id} {dispute.short}", "bold"), "\n",
            Content.styled("Counts now: ", "bold"), grades.grade(bank, dispute.counting.grade),
            Content.styled(f"  {dispute.counting.why}", "$text-muted"))]
        for opinion in dispute.opinions:
            apart = " (agreed elsewhere)" if opinion.agreed_apart else ""
            lines.append(Content.assemble(
                Content.styled(f"{opinion.by or 'Unnamed'}{apart}: ", "bold"),
                grades.grade(bank, opinion.grade),
                Content.styled("  ‼ serious failure", "bold $error") if opinion.serious
                else "", "   evidence ", grades.strength(opinion.strength or None)))
            if opinion.note:
                lines.append(Content(f"   {opinion.note}"))
        lines.append(Content.styled("= or Enter agrees a grade for the room · o opens the item",
                                    "$text-muted"))
        self.query_one("#opinions", Static).update(Content("\n").join(lines))

    def action_agree(self) -> None:
        from readiness.tui.screens.agree import AgreeScreen

        dispute = self._current()
        if dispute is not None:
            self.app.push_screen(AgreeScreen(dispute.id))

    def action_open_item(self) -> None:
        dispute = self._current()
        if dispute is not None:
            self.rapp.open_item(dispute.id, [d.id for d in self.items], "the items to moderate")

    def action_roster(self) -> None:
        from readiness.tui.screens.roster import RosterScreen

        self.app.push_screen(RosterScreen())
