"""The start screen: recent assessments, a new one, the demo, or a file by its path."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, OptionList
from textual.widgets.option_list import Option

from readiness.tui.screens.base import Reads

NEW, DEMO, PATH = "__new__", "__demo__", "__path__"


class StartScreen(Reads, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New", id="new", tooltip="Start a new assessment"),
        Binding("d", "demo", "Demo", id="demo", tooltip="Open the demo (a fictional authority)"),
        Binding("o", "open_path", "Open a file", id="open-path",
                tooltip="Open an assessment by typing its path"),
        Binding("delete,r", "forget", "Remove from list", id="forget",
                tooltip="Take the highlighted file off this list (the file stays on disk)"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="start"):
            yield Label("Open an assessment", classes="dialog-title")
            yield OptionList(id="recent")
            yield Label("Enter opens · n new · d demo · o open a file by its path · "
                        "r remove from the list", classes="hint")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.fill()

    def on_screen_resume(self) -> None:
        self.fill()

    def fill(self) -> None:
        options: list[Option | None] = [
            Option(Content.styled("+ New assessment…", "bold"), id=NEW),
            Option("Open the demo (a fictional authority, partly scored)", id=DEMO),
            Option("Open a file by its path…", id=PATH),
        ]
        for text in self.rapp.settings.recent:
            path = Path(text)
            missing = "" if path.exists() else "  (not found: Enter to remove or locate it)"
            options.append(Option(Content.assemble(
                Content.styled(path.name, "bold"),
                Content.styled(f"  {path.parent}", "$text-muted"),
                Content.styled(missing, "$warning")), id=text))
        recent = self.query_one(OptionList)
        highlighted = recent.highlighted
        recent.clear_options()
        recent.add_options(options)
        first = 3 if len(options) > 3 else 0
        recent.highlighted = min(highlighted, len(options) - 1) if highlighted else first
        recent.focus()

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        chosen = event.option.id
        if chosen == NEW:
            self.action_new()
        elif chosen == DEMO:
            self.action_demo()
        elif chosen == PATH:
            self.action_open_path()
        elif chosen:
            path = Path(chosen)
            if path.exists():
                self.rapp.open_assessment(path)
            else:
                self._missing(path)

    def _missing(self, path: Path) -> None:
        from readiness.tui.screens.missing import MissingFileScreen

        def answered(found: Path | None) -> None:
            self.fill()
            if found is not None:
                self.rapp.open_assessment(found)

        self.app.push_screen(MissingFileScreen(path), answered)

    def action_new(self) -> None:
        from readiness.tui.screens.new import NewAssessmentScreen

        self.app.push_screen(NewAssessmentScreen())

    def action_open_path(self) -> None:
        from readiness.tui.screens.missing import OpenPathScreen

        def answered(found: Path | None) -> None:
            if found is not None:
                self.rapp.open_assessment(found)

        self.app.push_screen(OpenPathScreen(), answered)

    def action_forget(self) -> None:
        recent = self.query_one(OptionList)
        if recent.highlighted is None:
            return
        chosen = recent.get_option_at_index(recent.highlighted).id
        if chosen and chosen not in (NEW, DEMO, PATH):
            self.rapp.forget(Path(chosen))
            self.notify(f"{Path(chosen).name} is off the list (the file is not deleted).",
                        timeout=4)
            self.fill()

    def action_demo(self) -> None:
        from readiness import demo
        from readiness.errors import ReadinessError

        try:
            path = demo.ensure(self.rapp.banks)
        except ReadinessError as error:
            self.rapp.show_error(error, "Cannot make the demo")
            return
        self.rapp.open_assessment(path)
