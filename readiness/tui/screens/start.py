"""The start screen: recent assessments, a new one, or the demo."""

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

NEW, DEMO = "__new__", "__demo__"


class StartScreen(Reads, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New assessment", id="new"),
        Binding("d", "demo", "Open the demo", id="demo"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="start"):
            yield Label("Open an assessment", classes="dialog-title")
            yield OptionList(id="recent")
            yield Label("Enter opens · n new assessment · d the demo · ctrl+q quit",
                        classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        options: list[Option | None] = [
            Option(Content.styled("+ New assessment…", "bold"), id=NEW),
            Option("Open the demo (a fictional authority, partly scored)", id=DEMO),
        ]
        for text in self.rapp.settings.recent:
            path = Path(text)
            missing = "" if path.exists() else "  (missing)"
            options.append(Option(Content.assemble(
                Content.styled(path.name, "bold"),
                Content.styled(f"  {path.parent}{missing}", "$text-muted")), id=text))
        recent = self.query_one(OptionList)
        recent.add_options(options)
        recent.highlighted = 2 if len(options) > 2 else 0
        recent.focus()

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == NEW:
            self.action_new()
        elif event.option.id == DEMO:
            self.action_demo()
        elif event.option.id:
            self.rapp.open_assessment(Path(event.option.id))

    def action_new(self) -> None:
        from readiness.tui.screens.new import NewAssessmentScreen

        self.app.push_screen(NewAssessmentScreen())

    def action_demo(self) -> None:
        from readiness import demo
        from readiness.errors import ReadinessError

        try:
            path = demo.ensure(self.rapp.banks)
        except ReadinessError as error:
            self.rapp.show_error(error, "Cannot make the demo")
            return
        self.rapp.open_assessment(path)
