"""The evidence register: every document, where it is used, what is unused or missing."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, TabbedContent, TabPane

from readiness import views
from readiness.tui import messages as msg
from readiness.tui.screens.base import Reads
from readiness.tui.widgets import grades
from readiness.tui.widgets.save_status import SaveStatus


class EvidenceScreen(Reads, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("a", "add", "Add", id="add-evidence", tooltip="Add a document to the register"),
        Binding("e", "edit", "Edit", id="edit-evidence",
                tooltip="Change the highlighted document's title, place or date"),
        Binding("delete", "remove", "Remove", id="remove-evidence",
                tooltip="Take the highlighted document out of the register"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="tabs"):
            with TabPane("Register", id="register-tab"):
                yield DataTable(id="register", cursor_type="row", zebra_stripes=True)
            with TabPane("Items without evidence", id="bare-tab"):
                yield DataTable(id="bare", cursor_type="row", zebra_stripes=True)
            with TabPane("Annex A catalogue", id="catalogue-tab"):
                yield DataTable(id="catalogue", cursor_type="row", zebra_stripes=True)
        yield SaveStatus(id="save-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.watch(self.app, "version", lambda _: self.refresh_view(), init=False)
        self.refresh_view()
        self.query_one("#register", DataTable).focus()

    def refresh_view(self) -> None:
        data, bank = self.model.data, self.bank
        uses = data.evidence_uses()
        register: DataTable[grades.Cell] = self.query_one("#register", DataTable)
        register.clear(columns=True)
        # Fixed widths that fit 80 columns (78 inside, two spaces of padding a column).
        register.add_column("Code", width=12)
        register.add_column("Title", width=22)
        register.add_column("Where", width=11)
        register.add_column("Date", width=10)
        register.add_column("Used by", width=13)
        for code, ref in sorted(data.evidence.items()):
            used = uses.get(code, [])
            shown = ", ".join(used) if len(used) <= 2 else f"{used[0]} +{len(used) - 1} more"
            register.add_row(grades.plain(code, 12), grades.plain(ref.title, 22),
                             grades.plain(ref.location, 11),
                             f"{ref.date:%d/%m/%Y}" if ref.date else "",
                             grades.plain(shown, 13) if used else
                             Content.styled("unused", "$warning"), key=code)
        bare: DataTable[grades.Cell] = self.query_one("#bare", DataTable)
        bare.clear(columns=True)
        bare.add_column("Item", width=6)
        bare.add_column("Characteristic", width=44)
        bare.add_column("Judgement", width=22)
        found = views.statuses(bank, data, self.result)
        for listed in views.gaps(bank, found):  # the same gaps every pack lists
            status = listed.status
            bare.add_row(status.id, grades.plain(status.short, 44),
                         grades.plain(listed.why, 22), key=status.id)
        catalogue: DataTable[grades.Cell] = self.query_one("#catalogue", DataTable)
        catalogue.clear(columns=True)
        catalogue.add_column("Code", width=5)
        catalogue.add_column("Register", width=9)
        catalogue.add_column("Document asked for (Annex A)", width=57)
        for doc in bank.evidence:
            have = doc.code in data.evidence
            catalogue.add_row(doc.code, Content.styled("✓ yes", "$success") if have else
                              Content.styled("✗ not yet", "$warning"),
                              grades.plain(doc.title, 57), key=doc.code)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "bare" and event.row_key.value:
            bare = [str(key.value) for key in event.data_table.rows]
            self.rapp.open_item(event.row_key.value, bare, "the items without evidence")

    def action_add(self) -> None:
        from readiness.tui.screens.evidence_form import EvidenceFormScreen

        self.app.push_screen(EvidenceFormScreen())

    def _highlighted(self) -> str | None:
        register: DataTable[grades.Cell] = self.query_one("#register", DataTable)
        if self.query_one(TabbedContent).active != "register-tab" or not register.row_count:
            self.notify("Choose a document on the Register tab first.", timeout=3)
            return None
        return register.coordinate_to_cell_key(register.cursor_coordinate).row_key.value

    def action_edit(self) -> None:
        from readiness.tui.screens.evidence_form import EvidenceFormScreen

        code = self._highlighted()
        if code is not None:
            self.app.push_screen(EvidenceFormScreen(editing=code))

    def action_remove(self) -> None:
        from readiness.tui.screens.confirm import ConfirmScreen

        code = self._highlighted()
        if code is None:
            return
        used = self.model.data.evidence_uses().get(code, [])
        cited = (f" It is cited by {', '.join(used)}, which will no longer cite it."
                 if used else " No item cites it.")

        def answered(yes: bool | None) -> None:
            if yes:
                self.post_message(msg.EvidenceRemoved(code))

        self.app.push_screen(ConfirmScreen(
            f"Remove {code} from the register?",
            f"{self.model.data.evidence[code].title}.{cited} The document itself is not "
            "touched.", "Remove", "Keep"), answered)
