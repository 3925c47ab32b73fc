"""Record a case audited against an item: the child's ID, the grade of practice found, a
note and the day. Audits are evidence people read; they never change the item's grade."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Select, Static

from readiness import views
from readiness.errors import ReadinessError
from readiness.tui import messages as msg
from readiness.tui.screens.base import Form, Reads, titled


class AuditScreen(Reads, Form):
    """A case audit of one item, checked as `readiness audit add` checks it."""

    def __init__(self, item_id: str) -> None:
        super().__init__()
        self.item_id = item_id

    def compose(self) -> ComposeResult:
        bank = self.bank
        item = bank.item_map[self.item_id]
        with VerticalScroll(id="dialog"):
            yield Label(f"Case audit of {item.id}: {views.short_name(item)}",
                        classes="dialog-title")
            yield Static("The case ID from your case system, never a child's name. Audits "
                         "are evidence: they change no grade.", classes="dialog-text")
            yield titled(Input(placeholder="e.g. LL-448201", id="case"), "Case ID")
            yield titled(Select([(g.label, g.slug) for g in bank.scale],
                                value=bank.rules.benchmark.grade, allow_blank=False,
                                id="grade"), "Practice found")
            yield titled(Input(placeholder="What the audit found", id="note"), "Note")
            yield titled(Input(placeholder="Blank for today, or e.g. 03/11/2026", id="when"),
                         "Day of the audit")
            yield from self.form_end("Add")

    def on_mount(self) -> None:
        self.query_one("#case", Input).focus()

    def submit(self) -> None:
        case = self.query_one("#case", Input).value.strip()
        grade = str(self.query_one("#grade", Select).value)
        note = self.query_one("#note", Input).value.strip()
        when = self.query_one("#when", Input).value.strip()
        try:  # checked before anything is recorded: the form stays open on a mistake
            self.model.new_audit(case, self.item_id, grade, by=self.rapp.assessor,
                                 note=note, when=when or None)
        except ReadinessError as problem:
            self.fail_with(problem)
            return
        self.post_message(msg.AuditAdded(self.item_id, case, grade, note, when))
        self.dismiss(True)
