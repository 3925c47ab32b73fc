"""Add a document to the evidence register (and attach it to an item, when opened from one)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label

from readiness.edits import parse_date
from readiness.errors import ReadinessError
from readiness.tui import messages as msg
from readiness.tui.screens.base import Form, Reads, titled


class EvidenceFormScreen(Reads, Form):
    """A new document for the register (attached to `item_id` when given), or a change to
    the one `editing` names."""

    def __init__(self, item_id: str | None = None, *, editing: str | None = None) -> None:
        super().__init__()
        self.item_id, self.editing = item_id, editing

    def compose(self) -> ComposeResult:
        ref = self.model.data.evidence.get(self.editing) if self.editing else None
        with Vertical(id="dialog"):
            title = (f"Evidence document {self.editing}" if self.editing else
                     "New evidence document" + (f" for {self.item_id}" if self.item_id else ""))
            yield Label(title, classes="dialog-title")
            yield titled(Input(self.editing or "", placeholder="Code, e.g. 1.07 or QA-2026-03",
                               id="code", disabled=self.editing is not None), "Code")
            yield titled(Input(ref.title if ref else "",
                               placeholder="Annex A codes fill their own", id="title"), "Title")
            yield titled(Input(ref.location if ref else "",
                               placeholder="A path, a network drive, a URL, or a DMS reference",
                               id="location"), "Where it is")
            yield titled(Input(f"{ref.date:%d/%m/%Y}" if ref and ref.date else "",
                               placeholder="Date, e.g. 31/10/2026 (optional)", id="date"), "Date")
            yield from self.form_end("Save" if self.editing else "Add")

    def on_mount(self) -> None:
        self.query_one("#title" if self.editing else "#code", Input).focus()

    def submit(self) -> None:
        code = self.query_one("#code", Input).value.strip()
        title = self.query_one("#title", Input).value.strip()
        location = self.query_one("#location", Input).value.strip()
        when = self.query_one("#date", Input).value.strip()
        if not code:
            self.fail("Give the document a code (Annex A number or your own).")
            return
        if not title and code not in self.bank.evidence_map and \
                code not in self.model.data.evidence:
            self.fail("Give the document a title.")
            return
        try:
            parse_date(when, "date")
            if location:
                self.model.locate(location, self.model.path.parent)
        except ReadinessError as problem:
            self.fail_with(problem)
            return
        self.post_message(msg.EvidenceSaved(code, title, location, when, self.item_id))
        self.dismiss(True)
