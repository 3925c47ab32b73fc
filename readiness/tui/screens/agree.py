"""Agree an item's grade for the room: from then on it is the item's grade."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from readiness import views
from readiness.tui import messages as msg
from readiness.tui.screens.base import Form, Reads, titled


class AgreeScreen(Reads, Form):
    """Choose the agreed grade (the one that counts now is offered), a serious failure
    where the worst grade is agreed, and why; or take an agreed grade off."""

    def __init__(self, item_id: str) -> None:
        super().__init__()
        self.item_id = item_id

    def compose(self) -> ComposeResult:
        bank, data = self.bank, self.model.data
        response = data.responses.get(self.item_id)
        counted = views.counting(bank, response, self.result.views[self.item_id])
        agreed = response.agreed if response is not None else None
        start = agreed.grade if agreed is not None else counted.grade
        if start not in bank.grade_index:
            start = bank.rules.benchmark.grade
        item = bank.item_map[self.item_id]
        with VerticalScroll(id="dialog"):
            yield Label(f"Agree {item.id}: {views.short_name(item)}", classes="dialog-title")
            yield Static(f"Counts now: {views.label(bank, counted.grade)} ({counted.why}).",
                         classes="dialog-text")
            for opinion in _opinions(response):
                yield Static(opinion, classes="dialog-text")
            yield titled(Select([(g.label, g.slug) for g in bank.scale], value=start,
                                allow_blank=False, id="grade"), "Agreed grade")
            if bank.rules.serious is not None:
                yield Checkbox(f"A serious failure (only with {bank.scale[-1].label.lower()})",
                               value=bool(agreed and agreed.serious), id="serious")
            yield titled(Input(agreed.note if agreed is not None else "",
                               placeholder="Why the room agreed this grade", id="note"),
                         "Why")
            yield Label("", id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Agree", variant="primary", id="submit")
                if agreed is not None:
                    yield Button("Take the agreed grade off", id="clear")
                yield Button("Cancel", id="cancel-button")

    def on_mount(self) -> None:
        self.query_one("#grade", Select).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "clear":
            event.prevent_default()
            self.post_message(msg.AgreedCleared(self.item_id))
            self.dismiss(True)

    def submit(self) -> None:
        grade = str(self.query_one("#grade", Select).value)
        serious = bool(self.query("#serious") and self.query_one("#serious", Checkbox).value)
        if serious and grade != self.bank.scale[-1].slug:
            self.fail(f"Only a grade of {self.bank.scale[-1].label.lower()} can be a serious "
                      "failure.")
            return
        note = self.query_one("#note", Input).value.strip()
        self.post_message(msg.Agreed(self.item_id, grade, serious, note))
        self.dismiss(True)


def _opinions(response: object) -> list[str]:
    """Each assessor's grade and why, so the room agrees with every view in front of it."""
    from readiness.assessment import Response

    if not isinstance(response, Response):
        return []
    lines = []
    for entry in response.assessor_entries():
        if entry.grade is None:
            continue
        note = f": {entry.note}" if entry.note else ""
        lines.append(f"• {entry.by or 'Unnamed'}: {entry.grade.replace('_', ' ')}"
                     f"{' (serious)' if entry.serious else ''}{note}")
    return lines
