"""The dashboard: overall effectiveness at the top, one row per judgement, the reasons below."""

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


class DashboardScreen(Reads, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="open", tooltip="The items of this judgement",
                show=False),
        Binding("l", "enquiries", "Enquiries", id="enquiries",
                tooltip="Walk the assessment by the lines of enquiry inspectors follow"),
        Binding("v", "evidence", "Evidence", id="evidence", tooltip="The evidence register"),
        Binding("p", "actions", "Actions", id="actions",
                tooltip="The action plan: status, owner, due date, what is overdue"),
        Binding("m", "moderation", "Moderate", id="moderation",
                tooltip="The items assessors disagree on, side by side; agree a grade"),
        Binding("i", "mock", "Mock", id="mock",
                tooltip="Rehearse: days to each step from the call, lists, sample, Annex A"),
        Binding("g", "goto", "Go to", id="goto", show=False,
                tooltip="Find an item by id or words (the command palette, ctrl+p)"),
        Binding("x", "export", "Export", id="export",
                tooltip="A board pack: HTML, Word, Excel, Markdown, CSV or JSON"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="headline")
        table: DataTable[grades.Cell] = DataTable(id="judgements", cursor_type="row",
                                                    zebra_stripes=True)
        yield table
        with VerticalScroll(id="reasons-box"):
            yield Static(id="reasons")
        yield SaveStatus(id="save-status")
        yield Footer(compact=True, show_command_palette=False)  # ctrl+p: the hint below

    def on_mount(self) -> None:
        table: DataTable[grades.Cell] = self.query_one("#judgements", DataTable)
        bank = self.bank
        scale = " ".join(g.short or g.slug[:2] for g in reversed(bank.scale))
        # Fixed widths: the longest name and grade fit, and all five columns fit 80 columns.
        name_width = max(len(bank.judgement_name(j.id)) + (4 if j.kind == "graded" else 0)
                         for j in bank.judgements)
        # ("24 more to score" where too few are scored: 16 wide, as a short scale's labels
        # may be narrower)
        grade_width = max(2 + max(len(g.label) for g in bank.scale), 16)
        self.name_width = min(name_width, 26)
        table.add_column("Judgement", key="name", width=self.name_width)
        table.add_column("Likely", key="likely", width=grade_width)
        table.add_column(f"Range {scale}", key="range", width=4 * len(bank.scale) + 1)
        table.add_column("Done", key="scored", width=5)
        table.add_column("Evid.", key="evidenced", width=5)
        for judgement in bank.judgements:
            table.add_row(*self._cells(judgement.id), key=judgement.id)
        self.watch(self.app, "version", lambda _: self.refresh_view(), init=False)
        self._show_headline()
        self._show_reasons(bank.judgements[0].id)
        table.focus()

    def _cells(self, judgement_id: str) -> list[Content | str]:
        bank = self.bank
        result = self.result[judgement_id]
        name = bank.judgement_name(judgement_id)
        if result.kind == "graded":
            name = "  └ " + name
        if len(name) > self.name_width:  # cut with an ellipsis, never mid-word silently
            name = name[: self.name_width - 1] + "…"
        return [
            Content.styled(name, "bold") if result.kind == "overall" else Content(name),
            grades.likely(bank, result),
            grades.range_bar(bank, result.likely, result.low, result.high),
            grades.progress(result.assessed, result.items),
            grades.progress(result.evidenced, result.assessed),
        ]

    def refresh_view(self) -> None:
        table: DataTable[grades.Cell] = self.query_one("#judgements", DataTable)
        for judgement in self.bank.judgements:
            for key, value in zip(("name", "likely", "range", "scored", "evidenced"),
                                  self._cells(judgement.id), strict=True):
                table.update_cell(judgement.id, key, value)
        self._show_headline()
        row = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if row:
            self._show_reasons(row)

    def _show_headline(self) -> None:
        model = self.model
        text = views.headline(model.bank, self.result)
        demo = "DEMO, fictional authority. " if model.data.demo else ""
        review = views.review_words(len(views.carried_to_review(model.bank, model.data,
                                                                self.result)))
        self.query_one("#headline", Static).update(
            Content.assemble(Content.styled(demo, "bold $warning"),
                             Content.styled("Overall: ", "bold"), text,
                             Content.styled(f" {review[:1].upper()}{review[1:]} (f on a "
                                            "judgement lists them)." if review else "",
                                            "bold $warning")))

    def _show_reasons(self, judgement_id: str) -> None:
        result = self.result[judgement_id]
        bank = self.bank
        lines = [Content.styled(f"Why {bank.judgement_name(judgement_id)}:", "bold")]
        lines += [Content(f"• {reason}") for reason in result.reasons] or [Content("• –")]
        lines.append(Content.styled("Enter: the items behind it · ctrl+p: every command · "
                                    "?: help.", "$text-muted"))
        self.query_one("#reasons", Static).update(Content("\n").join(lines))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value:
            self._show_reasons(event.row_key.value)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.rapp.open_judgement(event.row_key.value)

    def action_open(self) -> None:
        table: DataTable[grades.Cell] = self.query_one("#judgements", DataTable)
        row = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if row:
            self.rapp.open_judgement(row)

    def action_enquiries(self) -> None:
        self.rapp.open_screen("enquiries")

    def action_evidence(self) -> None:
        self.rapp.open_screen("evidence")

    def action_moderation(self) -> None:
        self.rapp.open_screen("moderation")

    def action_mock(self) -> None:
        self.rapp.open_screen("mock")

    def action_actions(self) -> None:
        self.rapp.open_screen("actions")

    def action_export(self) -> None:
        self.rapp.open_screen("export")

    def action_goto(self) -> None:
        self.app.action_command_palette()
