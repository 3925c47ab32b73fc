"""Facilitator mode: one item at a time, large, for a projector; the room's grades tallied
as they are entered, the agreed grade on one key.

The facilitator enters each person's grade (tab moves to the next person on the roster,
then a grade key), and `=` agrees the grade that counts now for the room. The screen
switches to the high-contrast theme while it is up and back when it closes.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from readiness import views
from readiness.tui import messages as msg
from readiness.tui.screens.base import Reads
from readiness.tui.widgets import grades

BAR = "█"


class PresentScreen(Reads, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Leave", id="leave"),
        Binding("left_square_bracket,left", "step(-1)", "Prev", id="prev"),
        Binding("right_square_bracket,right", "step(1)", "Next", id="next"),
        Binding("tab", "next_person", "Next person", id="next-person"),
        Binding("equals_sign", "agree", "Agree", id="agree",
                tooltip="Agree the grade that counts now for the room"),
        Binding("1", "grade(1)", "Grade", show=False),
        Binding("2", "grade(2)", "Grade", show=False),
        Binding("3", "grade(3)", "Grade", show=False),
        Binding("4", "grade(4)", "Grade", show=False),
        Binding("5", "grade(5)", "Grade", show=False),
        Binding("6", "grade(6)", "Grade", show=False),
        Binding("7", "grade(7)", "Grade", show=False),
    ]

    def __init__(self, start: str | None = None) -> None:
        super().__init__()
        self.start = start

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="present"):
            yield Static(id="present-title")
            yield Static(id="present-text")
            yield Static(id="present-tally")
            yield Static(id="present-speaker")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.sequence = [i.id for i in self.bank.items]
        self.item_id = self.start if self.start in self.sequence else self.sequence[0]
        self._theme = self.app.theme
        self.app.theme = "readiness-high-contrast"
        self.watch(self.app, "version", lambda _: self.refresh_view(), init=False)
        self.refresh_view()

    def on_unmount(self) -> None:
        self.app.theme = self._theme

    def refresh_view(self) -> None:
        bank = self.bank
        item = bank.item_map[self.item_id]
        place = self.sequence.index(self.item_id) + 1
        self.query_one("#present-title", Static).update(Content.assemble(
            Content.styled(f"{item.id}  {views.short_name(item)}", "bold"),
            Content.styled(f"\n{bank.judgement_name(item.judgements[0])} · item {place} of "
                           f"{len(self.sequence)} · ", "$text-muted"),
            Content.styled("entering for ", "$text-muted"),
            Content.styled(self.rapp.assessor, "bold")))
        self.query_one("#present-text", Static).update(Content(" ".join(item.text.split())))
        response = self.model.data.responses.get(self.item_id)
        tally = {g.slug: 0 for g in bank.scale}
        for entry in response.assessor_entries() if response is not None else []:
            if entry.grade in tally:
                tally[entry.grade] += 1
        rows = []
        width = max(len(g.label) for g in bank.scale) + 2
        for number, grade in enumerate(bank.scale, start=1):
            count = tally[grade.slug]
            shown = grades.grade(bank, grade.slug)
            rows.append(Content.assemble(
                Content.styled(f" {number} ", "reverse bold"), " ", shown,
                " " * (width - len(grade.label)), f"{count:>2} ",
                Content.styled(BAR * (3 * count), "bold")))
        counted = views.counting(bank, response, self.result.views[self.item_id])
        rows.append(Content(""))
        rows.append(Content.assemble(
            Content.styled("Counts now: ", "bold"), grades.grade(bank, counted.grade),
            Content.styled(f"  ({counted.why})", "$text-muted")))
        self.query_one("#present-tally", Static).update(Content("\n").join(rows))
        self.query_one("#present-speaker", Static).update(Content.styled(
            f"1–{len(bank.scale)}: grade for the person entering · tab: next person · "
            "= agree what counts now · [ ] previous and next item", "$text-muted"))

    def action_grade(self, number: int) -> None:
        if number <= len(self.bank.scale):
            self.post_message(msg.GradeChanged(self.item_id, self.bank.scale[number - 1].slug))

    def action_next_person(self) -> None:
        self.rapp.next_person()

    def action_agree(self) -> None:
        response = self.model.data.responses.get(self.item_id)
        counted = views.counting(self.bank, response, self.result.views[self.item_id])
        if counted.grade is None or counted.grade not in self.bank.grade_index:
            self.notify("Nothing to agree yet: enter the room's grades first.", timeout=4)
            return
        view = self.result.views[self.item_id]
        self.post_message(msg.Agreed(self.item_id, counted.grade, view.serious,
                                     "agreed in the room"))

    def action_step(self, step: int) -> None:
        index = self.sequence.index(self.item_id) + step
        if 0 <= index < len(self.sequence):
            self.item_id = self.sequence[index]
            self.refresh_view()
            self.query_one("#present", VerticalScroll).scroll_home(animate=False)

    def action_leave(self) -> None:
        from readiness.tui.screens.dashboard import DashboardScreen

        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        else:
            self.app.switch_screen(DashboardScreen())
