"""Who is scoring: the name your grades carry (kept in your settings for next time)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label

from readiness.tui.screens.base import Form, Reads, titled


class NameScreen(Reads, Form):
    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Your name as an assessor", classes="dialog-title")
            yield Label("Your grades carry it, so a workshop can tell people's views apart.",
                        classes="hint")
            yield titled(Input(value=self.rapp.assessor, id="name"), "Name and role")
            yield from self.form_end("Keep")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def submit(self) -> None:
        name = self.query_one("#name", Input).value.strip()
        if not name:
            self.fail("Give a name (and a role if that helps, e.g. 'A. Patel (QA Lead)').")
            return
        self.rapp.set_assessor(name)
        self.dismiss(True)
