"""Finding an assessment: by typing its path, or again after it moved."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from readiness.tui.screens.base import Form, Reads, titled


class OpenPathScreen(Reads, Form):
    """Open an assessment by typing (or pasting) where it is."""

    TITLE_TEXT = "Open an assessment file"
    START = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.TITLE_TEXT, classes="dialog-title")
            yield from self.explain()
            yield titled(Input(value=self.START or str(Path.cwd()) + "/", id="path"),
                         "Path to the .toml file")
            yield from self.form_end("Open")

    def explain(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def submit(self) -> None:
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        if path.is_dir():
            found = sorted(p.name for p in path.glob("*.toml"))
            self.fail(f"{path} is a folder. Add the file's name"
                      + (f": it holds {', '.join(found[:4])}." if found else
                         "; it holds no .toml files."))
            return
        if not path.is_file():
            self.fail(f"There is no file at {path}. Check the folder and the name.")
            return
        self.dismiss(path.resolve())


class MissingFileScreen(OpenPathScreen):
    """A recent file that is not where it was: take it off the list, or say where it went."""

    TITLE_TEXT = "This assessment is not where it was"

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.missing = path
        self.START = str(path.parent) + "/"

    def explain(self) -> ComposeResult:
        yield Static(f"{self.missing} was not found: it may have been moved, renamed or be on "
                     "a drive that is not connected. Give its new place to open it, or take "
                     "it off the list.", classes="dialog-text")

    def form_end(self, primary: str) -> ComposeResult:
        yield Label("", id="form-error", classes="error")
        with Horizontal(classes="buttons"):
            yield Button("Open from here", variant="primary", id="submit")
            yield Button("Remove from list", id="forget")
            yield Button("Cancel", id="cancel-button")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Remove from list here; Open and Cancel are the form's own (Form handles them)."""
        if event.button.id == "forget":
            event.prevent_default()  # the form's handler would also close the dialog
            self.rapp.forget(self.missing)
            self.dismiss(None)

    def submit(self) -> None:
        before = self.query_one("#form-error", Label).render()
        super().submit()
        if self.is_attached and self.query_one("#form-error", Label).render() == before:
            return
        if not self.is_attached:
            self.rapp.forget(self.missing)
