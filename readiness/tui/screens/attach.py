"""Attach evidence to an item: from the register, from the framework's catalogue, or new."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from readiness.tui import messages as msg
from readiness.tui.screens.base import Reads

NEW = "__new__"


class AttachScreen(Reads, ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="close"),
        Binding("x", "detach", "Detach", id="detach",
                tooltip="Remove the highlighted evidence from this item"),
    ]

    def __init__(self, item_id: str) -> None:
        super().__init__()
        self.item_id = item_id

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(f"Evidence for {self.item_id}: Enter attaches, x detaches, Esc closes",
                        classes="dialog-title")
            yield OptionList(id="choices")

    def on_mount(self) -> None:
        self._fill()
        self.query_one(OptionList).focus()

    def _fill(self) -> None:
        bank, data = self.bank, self.model.data
        item = bank.item_map[self.item_id]
        response = data.responses.get(self.item_id)
        attached = set(response.evidence if response else [])
        options: list[Option | None] = [Option(Content.styled("+ New evidence document…",
                                                              "bold"), id=NEW)]
        suggested = [c for c in item.evidence]
        order = suggested + sorted(c for c in data.evidence if c not in suggested)
        order += [d.code for d in bank.evidence if d.code not in order]
        for code in order:
            ref = data.evidence.get(code)
            title = ref.title if ref else bank.evidence_map[code].title
            flags = " · ".join(flag for flag, on in (
                ("✓ attached", code in attached), ("suggested", code in suggested),
                ("not in register yet", ref is None)) if on)
            short = title if len(title) <= 38 else title[:37] + "…"
            options.append(Option(Content.assemble(
                Content.styled(f"{code:<10}", "bold"), Content(f"{short:<39}"),
                Content.styled(flags, "$text-muted")), id=code))
        choices = self.query_one(OptionList)
        highlighted = choices.highlighted
        choices.clear_options()
        choices.add_options(options)
        # Start on the first suggested document: usually the one wanted.
        choices.highlighted = min(highlighted, len(options) - 1) if highlighted is not None \
            else (1 if len(options) > 1 else 0)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        code = event.option.id
        if code == NEW:
            from readiness.tui.screens.evidence_form import EvidenceFormScreen

            self.app.push_screen(EvidenceFormScreen(self.item_id), lambda _: self._fill())
            return
        if code:
            self.post_message(msg.EvidenceAttached(self.item_id, code))
            self.call_after_refresh(self._fill)

    def action_detach(self) -> None:
        choices = self.query_one(OptionList)
        if choices.highlighted is None:
            return
        code = choices.get_option_at_index(choices.highlighted).id
        if code and code != NEW:
            self.post_message(msg.EvidenceDetached(self.item_id, code))
            self.call_after_refresh(self._fill)
