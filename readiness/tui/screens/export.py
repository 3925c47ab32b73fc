"""Export a board paper from the app: pick a format, the snapshot to compare with, the
board it goes to (remembered in the assessment for next time), go.

The export runs in a worker thread (Word and Excel load their libraries), with its steps
shown, so the screen never freezes. The dialog scrolls, so it works at 80x24.
"""

from __future__ import annotations

from concurrent.futures import wait
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, LoadingIndicator, Select
from textual.worker import Worker, WorkerState

if TYPE_CHECKING:
    from concurrent.futures import Future

from readiness.errors import ReadinessError
from readiness.tui.screens.base import Reads, titled

FORMATS = [("Web page (HTML): for email, phones and printing", "html"),
           ("Word (DOCX): to paste into a board paper", "docx"),
           ("Excel (XLSX): every response, for analysis", "xlsx"),
           ("Markdown: for wikis and plain email", "md"),
           ("CSV: item responses", "csv"),
           ("JSON: the full summary, for other tools", "json")]
RECOMMENDATIONS = [("Note the self-assessment", "note"), ("Endorse it and its priorities",
                                                          "endorse"),
                   ("Agree the priorities and action plan", "agree")]
MARKINGS = [("OFFICIAL", "OFFICIAL"), ("OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE")]


class ExportScreen(Reads, ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="close"),
    ]

    def compose(self) -> ComposeResult:
        from readiness.assessment import Board
        from readiness.reports.export import default_output

        board = self.model.data.board or Board()
        taken = sorted(self.model.data.snapshots, key=lambda s: s.taken, reverse=True)
        snapshots = [(f"{s.label} ({s.taken:%d %b %Y})", s.label) for s in taken]
        with VerticalScroll(id="dialog"):
            yield Label("Export a board pack", classes="dialog-title")
            yield titled(Select(FORMATS, value="html", allow_blank=False, id="format"),
                         "Format")
            yield titled(Select(snapshots, prompt="No comparison", id="since",
                                disabled=not snapshots,
                                value=snapshots[0][1] if snapshots else Select.NULL),
                         "Compare with a snapshot (latest unless you choose)" if snapshots else
                         "Compare with a snapshot (none taken yet)")
            yield titled(Input(value=board.name, placeholder="Corporate Parenting Board",
                               id="board"), "Board")
            yield titled(Input(value=f"{board.meeting:%d/%m/%Y}" if board.meeting else "",
                               placeholder="20/01/2027", id="meeting"), "Meeting date")
            yield titled(Input(value=board.lead, placeholder="Director of Children's Services",
                               id="lead"), "Lead officer")
            yield titled(Select(RECOMMENDATIONS, value=board.recommendation or "note",
                                allow_blank=False, id="recommendation"),
                         "The board is asked to")
            yield titled(Select(MARKINGS, value=board.marking or "OFFICIAL",
                                allow_blank=False, id="marking"), "Protective marking")
            frameworks = self._frameworks()
            chosen = board.by_framework if board.by_framework in dict(
                (v, k) for k, v in frameworks) else "own"
            yield titled(Select(frameworks, value=chosen, allow_blank=False,
                                id="by-framework", disabled=len(frameworks) < 2),
                         "Group strengths and priorities by")
            yield Checkbox("Include case IDs (left out unless needed)", id="cases")
            yield titled(Input(value=str(default_output(self.model.path, "html")), id="output"),
                         "Save as")
            yield Label("", id="export-status")
            yield LoadingIndicator(id="working")
            with Horizontal(classes="buttons"):
                yield Button("Export", variant="primary", id="export")
                yield Button("Close", id="close-button")

    def _frameworks(self) -> list[tuple[str, str]]:
        """The bank's own judgements, and each framework a crosswalk joins it to (its own,
        too, where its judgements carry labels to tag findings with: outcomes, enablers)."""
        bank = self.bank
        out = [(f"{bank.short or bank.title}: its own judgements", "own")]
        if any(j.label for j in bank.judgements):
            out.append((f"{bank.short or bank.title}, tagged as Ofsted tags findings",
                        bank.id))
        for found in self.rapp.counterpart_maps():
            other = self.rapp.banks.known(found.right.framework)
            if other is not None and other.id != bank.id:
                out.append((f"{other.short or other.title} (through the crosswalk)",
                            other.id))
        return out

    def _by_framework(self) -> str | None:
        """The grouping chosen, or None when it is the bank's own and nothing else was
        remembered (nothing new to keep in the file)."""
        chosen = str(self.query_one("#by-framework", Select).value)
        remembered = (self.model.data.board.by_framework
                      if self.model.data.board is not None else "")
        return None if chosen == "own" and remembered in ("", "own") else chosen

    def on_mount(self) -> None:
        self.query_one("#working", LoadingIndicator).display = False
        self.suggested = self.query_one("#output", Input).value
        self.query_one("#export", Button).focus()  # Enter exports with what is shown

    def on_select_changed(self, event: Select.Changed) -> None:
        """Keep the file name's ending in step with the format, unless the user typed one."""
        from readiness.reports.export import default_output

        if event.select.id != "format":
            return
        output = self.query_one("#output", Input)
        if output.value == self.suggested:
            self.suggested = str(default_output(self.model.path, str(event.value)))
            output.value = self.suggested

    def on_input_submitted(self) -> None:
        self._start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export":
            self._start()
        else:
            self.dismiss()

    def _start(self) -> None:
        from readiness.edits import board_from

        fmt = str(self.query_one("#format", Select).value)
        chosen = self.query_one("#since", Select)
        since = None if chosen.is_blank() else str(chosen.value)
        cases = self.query_one("#cases", Checkbox).value
        output = Path(self.query_one("#output", Input).value.strip()).expanduser()
        try:
            board = board_from(
                name=self.query_one("#board", Input).value,
                meeting=self.query_one("#meeting", Input).value,
                lead=self.query_one("#lead", Input).value,
                recommendation=str(self.query_one("#recommendation", Select).value),
                marking=str(self.query_one("#marking", Select).value),
                by_framework=self._by_framework())
        except ReadinessError as problem:
            self._done(None, f"{problem.message}. {problem.hint or ''}".strip())
            return
        self.rapp.remember_board(board)
        # The pack is made from the file as saved (and merged with anyone else's saves),
        # never from what is only in memory here: write what is pending first.
        pending = self.rapp.save_now()
        self.query_one("#working", LoadingIndicator).display = True
        self.query_one("#export", Button).disabled = True
        self.replacing = output.is_file()
        self._export(fmt, output, since, cases, board, pending)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _export(self, fmt: str, output: Path, since: str | None, cases: bool,
                board: object = None, pending: Future[None] | None = None) -> None:
        from readiness import store
        from readiness.assessment import Board
        from readiness.reports.export import export

        try:
            if pending is not None:
                self.app.call_from_thread(self._step, "Saving your latest changes")
                wait([pending], timeout=30)
            data, bank = store.read(self.model.path, self.rapp.banks)
            made = export(bank, data, fmt, output, since=since,
                          include_cases=cases, banks=self.rapp.banks,
                          board=board if isinstance(board, Board) else None,
                          progress=lambda step: self.app.call_from_thread(self._step, step))
        except ReadinessError as error:
            self.app.call_from_thread(self._done, None, str(error))
        except OSError as error:
            self.app.call_from_thread(
                self._done, None, f"Could not write {output}: {error.strerror or error}. "
                "Choose another place or name.")
        else:
            self.app.call_from_thread(self._done, made, None)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A problem the export did not expect still ends the wait, says so, and is logged."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            from readiness import crashlog

            log = crashlog.write(event.worker.error, "exporting a board pack")
            self._done(None, f"The export failed because of a problem in the app. Nothing was "
                             f"written. Details are in {log}; please send that file to the "
                             "readiness team.")

    def _step(self, text: str) -> None:
        self.query_one("#export-status", Label).update(f"{text}…")

    def _done(self, made: Path | None, problem: str | None) -> None:
        self.query_one("#working", LoadingIndicator).display = False
        self.query_one("#export", Button).disabled = False
        status = self.query_one("#export-status", Label)
        if made is not None:
            status.update(f"✓ Wrote {made}" + (" (replaced the file that was there)"
                                                if getattr(self, "replacing", False) else ""))
            self.app.notify(f"Board pack written to {made}", title="Exported", timeout=10)
        else:
            status.update(f"✗ {problem}")
