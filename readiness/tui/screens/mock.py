"""A mock inspection: days to each step from the call, the Annex A lists checked, the case
sample drawn from them, who inspectors will see, and what Annex A asks for.

The settings (the day of the call, the lists' folder, the sample profile and seed) are
kept in the assessment, so everyone in the rehearsal sees the same. Reading and checking
the lists and drawing the sample run in a worker: a folder on a network drive never
freezes the screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane
from textual.worker import Worker, WorkerState

from readiness import views
from readiness.assessment import today
from readiness.errors import ReadinessError
from readiness.tui.screens.base import Reads
from readiness.tui.widgets import grades
from readiness.tui.widgets.save_status import SaveStatus


@dataclass(frozen=True)
class ListsFound:
    """What the worker found: the lists' check, and the sample drawn from them."""

    check: object | None
    sample: object | None
    problem: str = ""


class MockScreen(Reads, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("m", "settings", "Settings", id="mock-settings",
                tooltip="The day of the call, the lists' folder, the sample profile and seed"),
        Binding("r", "refresh", "Read lists again", id="reread",
                tooltip="Read and check the lists again, and draw the sample"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="mock-head")
        with TabbedContent(id="mock-tabs"):
            with TabPane("Timeline", id="timeline-tab"):
                yield DataTable(id="timeline", cursor_type="row", zebra_stripes=True)
            with TabPane("Lists check", id="lists-tab"):
                yield Static(id="lists-summary")
                yield DataTable(id="problems", cursor_type="row", zebra_stripes=True)
            with TabPane("Sample", id="sample-tab"):
                yield Static(id="sample-summary")
                yield DataTable(id="sample", cursor_type="row", zebra_stripes=True)
            with TabPane("Who they see", id="meetings-tab"):
                yield DataTable(id="meetings", cursor_type="row", zebra_stripes=True)
            with TabPane("Annex A", id="annex-tab"):
                yield DataTable(id="annex", cursor_type="row", zebra_stripes=True)
        yield SaveStatus(id="save-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._columns()
        self.watch(self.app, "version", lambda _: self.refresh_view(), init=False)
        self.refresh_view()
        self.query_one("#timeline", DataTable).focus()

    def _columns(self) -> None:
        columns = {
            "timeline": [("Date", 16), ("In", 8), ("What is due", 36), ("Source", 12)],
            "problems": [("Where", 30), ("Problem", 44)],
            "sample": [("Child", 12), ("Chosen as", 44), ("Audited", 16)],
            "meetings": [("Who inspectors see", 40), ("How", 12), ("When", 22)],
            "annex": [("Code", 5), ("Asked for", 38), ("Due, or in register", 30)],
        }
        for table_id, spec in columns.items():
            table: DataTable[grades.Cell] = self.query_one(f"#{table_id}", DataTable)
            for label, width in spec:
                table.add_column(label, width=width)

    # --- what is shown ---------------------------------------------------------------

    def refresh_view(self) -> None:
        settings = self.model.data.mock
        notified = settings.notified if settings else None
        where = (settings.lists if settings and settings.lists else "no lists folder yet")
        self.query_one("#mock-head", Static).update(Content.assemble(
            Content.styled("Mock inspection", "bold"),
            (f" · called {notified:%a %d %b %Y}" if notified else " · no call date yet"),
            f" · lists: {where}"))
        dates = self._timeline()
        self._annex(dates)
        self.action_refresh()

    def _timeline(self) -> dict[str, str]:
        """Fill the timeline and the meetings; answer each list's due dates, in words."""
        from readiness.timeline import build

        table: DataTable[grades.Cell] = self.query_one("#timeline", DataTable)
        meetings: DataTable[grades.Cell] = self.query_one("#meetings", DataTable)
        table.clear()
        meetings.clear()
        settings = self.model.data.mock
        if settings is None or settings.notified is None:
            table.add_row("", "", grades.plain("Press m and give the day of the call: every "
                                               "step is dated from it.", 36), "")
            for listed in self.bank.meetings:
                meetings.add_row(grades.plain(listed.who, 40), listed.how, "")
            return {}
        try:
            built = build(self.bank, settings.notified, settings.region)
        except ReadinessError as error:
            table.add_row("", "", grades.plain(error.message, 36), "")
            return {}
        now = today()
        upcoming = False
        due: dict[str, list[str]] = {}
        for step in built.steps:
            if step.kind == "list":
                due.setdefault(step.id.rsplit("-stage", 1)[0], []).append(
                    f"{step.start:%a %d %b}" + (f" {step.time}" if step.time else ""))
            days = (step.start - now).days
            passed = step.last < now
            when = ("passed" if passed else "now" if step.start <= now else
                    "tomorrow" if days == 1 else f"{days} days")
            style = "$text-muted" if passed else ("bold" if not upcoming else "")
            upcoming = upcoming or not passed
            table.add_row(Content.styled(f"{step.start:%a %d %b %Y}", style),
                          Content.styled(when, style), grades.plain(step.what, 36),
                          grades.plain(step.by or step.source, 12))
        for meeting in built.meetings:
            weeks = ", ".join(f"{start:%d %b}–{end:%d %b}" for start, end in meeting.weeks)
            meetings.add_row(grades.plain(meeting.who, 40), grades.plain(meeting.how, 12),
                             grades.plain(weeks or "during the inspection", 22))
        return {lid: "; ".join(days) for lid, days in due.items()}

    def _annex(self, dates: dict[str, str]) -> None:
        table: DataTable[grades.Cell] = self.query_one("#annex", DataTable)
        table.clear()
        register = self.model.data.evidence
        for child_list in self.bank.child_lists:
            due = dates.get(child_list.id) or child_list.stage1.text() + (
                f"; {child_list.stage2.text()}" if child_list.stage2 else "")
            table.add_row(f"L{child_list.number}", grades.plain(child_list.title, 38),
                          grades.plain(due, 30))
        for doc in self.bank.evidence:
            table.add_row(doc.code, grades.plain(doc.title, 38),
                          Content.styled("✓ in register", "$success") if doc.code in register
                          else Content.styled("✗ not yet", "$warning"))

    # --- the lists and the sample, read in a worker --------------------------------------

    def action_refresh(self) -> None:
        settings = self.model.data.mock
        summary = self.query_one("#lists-summary", Static)
        if settings is None or not settings.lists:
            summary.update("No lists folder yet: press m and give the folder (or workbook) "
                           "of your Annex A child-level lists. Try `readiness lists demo "
                           "FOLDER` for a fictional set.")
            self.query_one("#sample-summary", Static).update(
                "The sample is drawn from the lists: give their folder first (m).")
            return
        folder = Path(settings.lists).expanduser()
        if not folder.is_absolute():
            folder = self.model.path.parent / folder
        summary.update(f"Reading the lists in {folder}…")
        self._read(folder, settings.profile, settings.seed)

    @work(thread=True, exclusive=True, exit_on_error=False, group="lists",
          description="read the Annex A lists")
    def _read(self, folder: Path, profile: str, seed: int | None) -> ListsFound:
        from readiness.childlists import read_lists
        from readiness.listcheck import check_lists
        from readiness.sampling import draw

        try:
            lists = read_lists(self.bank, folder)
            check = check_lists(self.bank, lists)
            sample = draw(self.bank, lists, profile, seed or 0) if profile else None
        except ReadinessError as error:
            return ListsFound(None, None, str(error))
        return ListsFound(check, sample)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "lists":
            return
        if event.state == WorkerState.SUCCESS and isinstance(event.worker.result, ListsFound):
            self._show(event.worker.result)
        elif event.state == WorkerState.ERROR and event.worker.error is not None:
            from readiness import crashlog

            log = crashlog.write(event.worker.error, "reading the Annex A lists")
            self._show(ListsFound(None, None, "The lists could not be read because of a "
                                              f"problem in the app (details in {log})."))

    def _show(self, found: ListsFound) -> None:
        from readiness.listcheck import CheckResult
        from readiness.sampling import Sample

        problems: DataTable[grades.Cell] = self.query_one("#problems", DataTable)
        picks: DataTable[grades.Cell] = self.query_one("#sample", DataTable)
        problems.clear()
        picks.clear()
        summary = self.query_one("#lists-summary", Static)
        sample_summary = self.query_one("#sample-summary", Static)
        if found.problem:
            summary.update(Content.styled(f"✗ {found.problem}", "$error"))
            sample_summary.update("No sample: the lists could not be read.")
            return
        check = found.check
        assert isinstance(check, CheckResult)
        rows = sum(check.rows().values())
        summary.update(Content.assemble(
            f"{len(check.rows())} lists, {rows} rows: ",
            Content.styled(f"{len(check.errors)} problems", "bold $error" if check.errors
                           else "$success"), f", {len(check.advice)} pieces of advice."))
        for problem in check.problems:
            mark = "advice: " if problem.severity == "advice" else ""
            where = problem.where().replace(str(check.lists.source), "").lstrip("/\\, ")
            problems.add_row(grades.plain(where or "the lists", 30),
                             grades.plain(mark + problem.message, 44))
        sample = found.sample
        if not isinstance(sample, Sample):
            sample_summary.update("No sample profile chosen yet: press m and choose one "
                                  f"({', '.join(s.id for s in self.bank.samples)}).")
            return
        state = "complete" if sample.complete else \
            f"INCOMPLETE: {len(sample.shortfalls)} of its rules could not be met"
        data = self.model.data
        audited = views.case_audit_words(self.bank, data, (p.child_id for p in sample.picks))
        done = sum(1 for words in audited if words != "not audited")
        lines = [f"{sample.profile.title}: {len(sample.picks)} of {sample.profile.total} "
                 f"children drawn, seed {sample.seed}; {state}. {done} audited so far "
                 "(readiness audit add)."]
        lines += [f"short: {s.message()}" for s in sample.shortfalls]
        sample_summary.update(Content.styled("\n".join(lines),
                                             "" if sample.complete else "$warning"))
        for pick, words in zip(sample.picks, audited, strict=True):
            picks.add_row(grades.plain(pick.child_id, 12), grades.plain(pick.label, 44),
                          grades.plain(words, 16))

    # --- settings ------------------------------------------------------------------------

    def action_settings(self) -> None:
        from readiness.tui.screens.mock_settings import MockSettingsScreen

        self.app.push_screen(MockSettingsScreen())
