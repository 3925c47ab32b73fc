"""What every screen reads: the app's open assessment, its bank and the engine's answer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual.widget import Widget

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
