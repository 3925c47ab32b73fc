"""The framework's own words for each grade of a judgement, a key press away."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from readiness.tui.screens.base import Reads
from readiness.tui.widgets import grades
from readiness.views import cite


class DescriptorsScreen(Reads, ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,d,q", "dismiss", "Close", id="close"),
    ]

    def __init__(self, judgement_id: str) -> None:
        super().__init__()
        self.judgement_id = judgement_id

    def compose(self) -> ComposeResult:
        bank = self.bank
        judgement = bank.judgement_map[self.judgement_id]
        parts: list[Content] = [Content.styled(judgement.title, "bold"), Content("")]
        if judgement.summary:
            parts += [Content(judgement.summary), Content("")]
        for grade in bank.scale:
            text = judgement.descriptors.get(grade.slug)
            if text is None and grade.slug == bank.rules.benchmark.grade:
                text = (f"The {len(bank.items_by_judgement[judgement.id])} characteristics "
                        "listed as this judgement's items.")
            if text is None:
                continue
            parts.append(grades.grade(bank, grade.slug))
            parts += [Content(f"  {line}") for line in text.strip().splitlines()]
            parts.append(Content(""))
        parts.append(Content.styled(f"Source: {cite(bank, judgement.source)}   (Esc to close)",
                                    "$text-muted"))
        with VerticalScroll(id="dialog"):
            yield Static(Content("\n").join(parts))
