"""Who is in the room: the session's roster, kept in the assessment, with each person's
progress; choose who the keys score for."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from readiness import views
from readiness.tui import messages as msg
from readiness.tui.screens.base import Reads, titled


class RosterScreen(Reads, ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="close"),
        Binding("delete", "remove", "Take off", id="remove",
                tooltip="Take the highlighted person off the roster (their grades stay)"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Who is in the room", classes="dialog-title")
            yield OptionList(id="people")
            yield titled(Input(placeholder="A name and role, e.g. A. Patel (QA Lead)",
                               id="new-person"), "Add a person (Enter)")
            yield Label("Enter on a name scores as them · Del takes them off (their grades "
                        "stay) · Esc closes. On an item, tab moves to the next person.",
                        classes="hint")

    def on_mount(self) -> None:
        self.watch(self.app, "version", lambda _: self._fill(), init=False)
        self._fill()
        self.query_one("#new-person", Input).focus()

    def _fill(self) -> None:
        people = self.query_one("#people", OptionList)
        people.clear_options()
        for person in views.progress(self.bank, self.model.data):
            now = "  ◀ scoring now" if person.name == self.rapp.assessor else ""
            people.add_option(Option(Content.assemble(
                Content.styled(person.words, "bold" if person.on_roster else ""),
                Content.styled("" if person.on_roster else "  (not on the roster)",
                               "$text-muted"),
                Content.styled(now, "$accent")), id=person.name))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = " ".join(event.value.split())
        if name:
            self.post_message(msg.RosterChanged(name, True))
            event.input.value = ""

    @on(OptionList.OptionSelected)
    def _choose(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.rapp.assessor = event.option.id
            self.rapp.version += 1
            self.notify(f"Scoring as {event.option.id}.", timeout=2)

    def action_remove(self) -> None:
        people = self.query_one("#people", OptionList)
        if people.highlighted is None:
            return
        name = people.get_option_at_index(people.highlighted).id
        if name:
            self.post_message(msg.RosterChanged(name, False))
