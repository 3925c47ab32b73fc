"""What every screen reads: the app's open assessment, its bank and the engine's answer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Label

from readiness.errors import ReadinessError

W = TypeVar("W", bound=Widget)

if TYPE_CHECKING:
    from textual.app import App

    from readiness.banks import Bank
    from readiness.edits import Editable
    from readiness.judgement import Readiness
    from readiness.tui.app import ReadinessApp


class Reads:
    """Typed access to the app's state for screens and widgets (read only: edits are messages).

    A plain mixin, not a widget class, so it never hides a widget's own class attributes
    (DataTable's component classes, for one).
    """

    if TYPE_CHECKING:
        app: App[Any]

    @property
    def rapp(self) -> ReadinessApp:
        return cast("ReadinessApp", self.app)

    @property
    def model(self) -> Editable:
        return self.rapp.model

    @property
    def bank(self) -> Bank:
        return self.rapp.model.bank

    @property
    def result(self) -> Readiness:
        return self.rapp.result


def titled(widget: W, title: str) -> W:
    """A form field labelled in its own border: forms fit an 80x24 terminal."""
    widget.border_title = title
    return widget


class Form(ModalScreen[Any]):
    """A dialog of fields: Enter or the primary button submits, Esc or Cancel closes.

    Subclasses compose their fields, end with `self.form_end(label)`, and implement
    `submit`, calling `self.fail(text)` to explain a problem instead of closing.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
    ]

    def form_end(self, primary: str) -> ComposeResult:
        yield Label("", id="form-error", classes="error")
        with Horizontal(classes="buttons"):
            yield Button(primary, variant="primary", id="submit")
            yield Button("Cancel", id="cancel-button")

    def fail(self, text: str) -> None:
        self.query_one("#form-error", Label).update(text)

    def fail_with(self, problem: ReadinessError) -> None:
        self.fail(f"{problem.message}. {problem.hint or ''}".strip())

    def submit(self) -> None:
        raise NotImplementedError

    def on_input_submitted(self) -> None:
        self.submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "submit":
            self.submit()
        else:
            self.dismiss(False)

    def action_cancel(self) -> None:
        self.dismiss(False)
