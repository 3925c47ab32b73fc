"""The app: holds the open assessment, applies changes through the store, saves after each.

Data flows one way. Screens show `app.editable` (the model) and `app.readiness` (the
engine's output) and post messages when the user changes something; the app applies
the change, recomputes every judgement, bumps `version` (which screens watch) and saves.
A save that fails never loses what was typed: it stays in memory, the status bar says
so in red, and the next change or ctrl+s tries again.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import Worker, WorkerState

from readiness import settings as user_settings
from readiness.banks import BankSet
from readiness.errors import ReadinessError, SaveConflict
from readiness.tui import messages as msg

if TYPE_CHECKING:
    from collections.abc import Iterable
    from concurrent.futures import Future, ThreadPoolExecutor

    from textual.command import Provider
    from textual.timer import Timer

    from readiness.crosswalks import Map
    from readiness.edits import Editable
    from readiness.judgement import Readiness
    from readiness.merge import Change
    from readiness.store import Incoming, SaveResult

WATCH_SECONDS = 2.0
"""How often the app looks whether someone else saved its file."""
FLUSH_SECONDS = 5.0
"""How long a closing terminal waits for pending saves (a slow network drive)."""


class Saved(Message):
    """From the save thread: how a save of `editable` ended (error None: written)."""

    def __init__(self, editable: Editable, error: ReadinessError | None,
                 result: SaveResult | None = None, ready: Incoming | None = None,
                 edits: int = -1, again: bool = False) -> None:
        super().__init__()
        self.editable, self.error, self.result = editable, error, result
        self.again = again
        """Nothing was written: the text made in pieces did not read back as the model
        (never expected); lay the model in and save again."""
        self.ready = ready
        """A merged save's file, read and cut in the save thread (`store.ready_to_adopt`)."""
        self.edits = edits
        """`editable.edits` when the save began: `ready` is taken only if still so."""


HIGH_CONTRAST = Theme(
    name="readiness-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    success="#00ff66",
    warning="#ffb000",
    error="#ff4d4d",
    dark=True,
)


THEMES = [
    ("Standard", "The app's usual colours (dark)", "textual-dark"),
    ("High contrast", "Black and white with bright accents, for projectors",
     HIGH_CONTRAST.name),
    ("Light", "Dark text on a light background, for bright rooms", "textual-light"),
]
"""The themes offered by name first (the rest are under "Theme: more…")."""


class ReadinessApp(App[None]):
    """Score an assessment, attach evidence, watch the likely judgements move."""

    CSS_PATH = "app.tcss"
    TITLE = "readiness"
    COMMANDS: ClassVar = App.COMMANDS | {lambda: _commands()}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="help",
                tooltip="Every key of this screen, and what the grades mean"),
        Binding("ctrl+s", "save", "Save", show=False, id="save",
                tooltip="Save now (the app also saves after every change)"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]

    version: reactive[int] = reactive(0, init=False)
    """Bumped after every change; screens watch it to refresh what they show."""
    save_state: reactive[str] = reactive("saved", init=False)
    merged: reactive[str] = reactive("", init=False)
    """What the last merge brought in, for the status line ("" once you change something)."""
    """`saved`, `saving`, or the reason the last save failed."""

    def __init__(self, banks: BankSet, path: Path | None = None, *,
                 assessor: str | None = None, present: bool = False,
                 ask_name: bool = False) -> None:
        super().__init__()
        self.ask_name = ask_name
        """Ask who is scoring first (a browser session of `readiness serve`)."""
        self.present = present
        """Open in facilitator mode (a projector): one item at a time, large."""
        self.banks = banks
        self.start_path = path
        self.settings = user_settings.load()
        self.assessor = assessor or user_settings.assessor(self.settings)
        """Who the keys score for now (tab on an item moves along the roster)."""
        self._own_name = self.assessor
        self.editable: Editable | None = None
        self.readiness: Readiness | None = None
        self._saver: ThreadPoolExecutor | None = None
        self._last_save: Future[None] | None = None
        self._maps: tuple[str, list[Map]] | None = None
        self._watcher: Timer | None = None
        self._reading = False
        """A colleague's save is being read in a thread (`_watch_file`)."""
        self._disk_stat: tuple[int, int] | None = None
        self._pending = 0
        self._save_again = False
        """Set by the save thread when a save's read-back failed and nothing was written."""
        self._in_conflict = False
        self._open_error: ReadinessError | None = None

    # --- start --------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        """Straight to the dashboard when a file was given: one screen to build, not two."""
        if self.start_path is not None and self._load(self.start_path):
            from readiness.tui.screens.dashboard import DashboardScreen

            if self.present:
                from readiness.tui.screens.present import PresentScreen

                return PresentScreen()
            return DashboardScreen()
        from readiness.tui.screens.start import StartScreen

        return StartScreen()

    def on_mount(self) -> None:
        self._catch_signals()
        self.register_theme(HIGH_CONTRAST)
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        if self.editable is not None:
            self._opened()
            if self.ask_name:
                self._ask_name()
        elif self._open_error is not None:
            self.show_error(self._open_error, "Cannot open the assessment")
        for warning in self.banks.warnings:  # a broken bank of your own: the others work
            self.notify(warning, title="A bank was left out", severity="warning", timeout=15)

    def watch_theme(self, theme: str) -> None:
        if self.settings.theme != theme:
            self.settings.theme = theme
            self._save_settings()

    def _save_settings(self) -> None:
        try:
            user_settings.save(self.settings)
        except OSError as error:
            self.notify(f"Your settings could not be saved: {error}", severity="warning")

    def _load(self, path: Path) -> bool:
        """Read an assessment and work out its judgements; a problem is kept to be shown."""
        from readiness import store
        from readiness.judgement import judge

        try:
            editable = store.open_for_edit(path, self.banks)
        except ReadinessError as error:
            self._open_error = error
            return False
        self._open_error = None
        self.editable = editable
        self.readiness = judge(editable.bank, editable.data)
        self.title = editable.data.authority + ("  [DEMO]" if editable.data.demo else "")
        self.sub_title = editable.bank.title
        self.settings.remember(path)
        # The banks and the assessment live as long as the app: keep the garbage
        # collector from re-scanning them on every collection (measured: a steadier start).
        gc.freeze()
        return True

    def _opened(self) -> None:
        """After the dashboard is up: settings, notes from opening, the background parse."""
        editable = self.model
        self._save_settings()
        # Get the document ready for editing once the dashboard is up, not while it is
        # drawn (cut into pieces: a large file is never parsed whole for one change).
        self.set_timer(0.5, lambda: self.run_worker(
            editable.warm, thread=True, group="parse", exit_on_error=False,
            description="read the document for editing"))
        for note in editable.notes:
            self.notify(note, title="On opening", timeout=12)
        if editable.dirty:
            self.save()
        self._disk_stat = self._stat()
        if self._watcher is None:
            self._watcher = self.set_interval(WATCH_SECONDS, self._watch_file)

    # --- someone else saved the file: their changes come in ---------------------------------

    def _stat(self) -> tuple[int, int] | None:
        """What the file on disk looks like now (time and size), to notice a save by others."""
        try:
            info = self.model.path.stat()
        except OSError:
            return None
        return (info.st_mtime_ns, info.st_size)

    def _watch_file(self) -> None:
        """Every few seconds: if someone else saved the file, merge it into what is open.

        Only when no save of ours is under way (a save merges by itself) and nothing is
        unsaved here (what was typed is merged in by the next save instead).
        """
        editable = self.editable
        if editable is None or self._pending or self._in_conflict or editable.dirty \
                or self._reading or editable.base is None:
            return
        stat = self._stat()
        if stat is None or stat == self._disk_stat:
            return
        from readiness import store

        # Read and cut their file in a thread (tenths of a second on a large file), then
        # take it in here, unless something was changed here meanwhile.
        path, base, fingerprint = editable.path, editable.base, editable.fingerprint

        def read() -> None:
            try:
                incoming = store.read_incoming(path, base, fingerprint)
            except ReadinessError as error:
                self.call_from_thread(self._took_in, editable, stat, None, error)
            except Exception as error:  # a bug: say so, keep watching, never go quiet
                from readiness import crashlog

                log = crashlog.write(error, f"reading a colleague's save of {path}")
                self.call_from_thread(self._took_in, editable, stat, None, ReadinessError(
                    f"could not take in a colleague's save because of a problem in the "
                    f"app; your work here is as it was (details in {log})"))
            else:
                self.call_from_thread(self._took_in, editable, stat, incoming, None)

        self._reading = True
        self.run_worker(read, thread=True, group="incoming", exit_on_error=False,
                        description="read a colleague's save")

    def _took_in(self, editable: Editable, stat: tuple[int, int], incoming: Incoming | None,
                 error: ReadinessError | None) -> None:
        from readiness import store

        self._reading = False
        if editable is not self.editable:
            return  # another file was opened meanwhile
        if error is not None:
            self._disk_stat = stat
            self.show_error(error, "Someone saved the file, but it cannot be read")
            return
        came = None if incoming is None else store.take_incoming(editable, incoming)
        if incoming is None or came is not None:
            self._disk_stat = stat
        if came is not None:
            self._announce(came)

    def refresh_from_disk(self) -> bool:
        """Merge what someone else saved into what is open, here and now; say what came
        in. True if anything did."""
        from readiness import store

        try:
            came = store.refresh(self.model)
        except ReadinessError as error:
            self._disk_stat = self._stat()
            self.show_error(error, "Someone saved the file, but it cannot be read")
            return False
        self._disk_stat = self._stat()
        if came is None:
            return False
        self._announce(came)
        return True

    def _announce(self, came: list[Change]) -> None:
        """What came in from someone else's save: recomputed, said, kept on the status line."""
        from readiness import views

        self.recompute()
        words = views.incoming_words(self.model.data, came)
        if words:
            self.merged = words
            self.notify(words, title="Merged", timeout=10)
        open_conflicts = [c for c in self.model.data.conflicts if c.open]
        if open_conflicts:
            self.notify(f"{len(open_conflicts)} change(s) made here and elsewhere to the same "
                        "thing: ctrl+p → Conflicts to choose.", severity="warning",
                        timeout=15)

    def open_assessment(self, path: Path) -> bool:
        """Open a file and show its dashboard; a problem is shown and nothing is changed."""
        from readiness.tui.screens.dashboard import DashboardScreen

        if not self._load(path):
            assert self._open_error is not None
            self.show_error(self._open_error, "Cannot open the assessment")
            return False
        while len(self.screen_stack) > 1:
            self.pop_screen()
        if isinstance(self.screen_stack[0], DashboardScreen):
            self.switch_screen(DashboardScreen())  # a new dashboard: the bank may differ
        else:
            self.push_screen(DashboardScreen())  # over the start screen, which stays below
        self._opened()
        return True

    # --- the model, the engine, the store -------------------------------------------

    @property
    def model(self) -> Editable:
        assert self.editable is not None, "no assessment is open"
        return self.editable

    def counterpart_maps(self) -> list[Map]:
        """The crosswalks from this assessment's bank to other frameworks (read once)."""
        from readiness.crosswalks import maps_from

        bank_id = self.model.bank.id
        if self._maps is None or self._maps[0] != bank_id:
            self._maps = (bank_id, maps_from(self.banks, bank_id))
        return self._maps[1]

    @property
    def result(self) -> Readiness:
        assert self.readiness is not None, "no assessment is open"
        return self.readiness

    def recompute(self) -> None:
        from readiness.judgement import judge

        model = self.model
        self.readiness = judge(model.bank, model.data)
        self.version += 1

    def apply(self, change: Callable[[Editable], object]) -> bool:
        """Make one change; an invalid one is shown and changes nothing."""
        try:
            change(self.model)
        except ReadinessError as error:
            self.show_error(error, "Not changed")
            return False
        self.merged = ""
        self.recompute()
        self.save_state = "saving"
        self.call_after_refresh(self.save)
        return True

    def save(self) -> None:
        """Serialise here, write in the save thread: a slow network drive never freezes keys.

        Saves run one at a time, in order, on one thread; quitting waits for them.
        """
        from readiness import store

        editable = self.editable
        if editable is None:
            return
        # The read-back of a file edited in pieces (most of a save on a large file) runs
        # in the save thread, against the model as it is now.
        data, read_back = store.prepare_read_back_later(editable)
        edits = editable.edits
        self._pending += 1
        self.save_state = "saving"

        def write() -> None:
            try:
                if read_back is not None and not read_back.holds():
                    self._save_again = True
                    self.post_message(Saved(editable, None, again=True))
                    return
                result = store.commit(editable, data)
                # A merged save's file is read and cut here, not on the thread that draws.
                ready = store.ready_to_adopt(editable.path, result) if result.merged \
                    else None
            except ReadinessError as error:
                self.post_message(Saved(editable, error))
            except BaseException as error:  # a bug: say so, keep the work, never hang
                from readiness import crashlog

                log = crashlog.write(error, f"saving {editable.path}")
                self.post_message(Saved(editable, ReadinessError(
                    f"could not save because of a problem in the app; your changes are kept "
                    f"here (details in {log})")))
            else:
                self.post_message(Saved(editable, None, result, ready, edits))

        if self._saver is None:
            from concurrent.futures import ThreadPoolExecutor

            self._saver = ThreadPoolExecutor(max_workers=1, thread_name_prefix="readiness-save")
        self._last_save = self._saver.submit(write)

    @on(Saved)
    def _saved(self, event: Saved) -> None:
        self._pending -= 1
        if event.editable is not self.editable:
            return  # a save of a file that has since been reopened
        if event.again:
            self._save_again = False
            event.editable.from_model()
            event.editable.dirty = True
            self.save()
            return
        error = event.error
        if isinstance(error, SaveConflict):
            self.save_state = "conflict: " + error.message
            if not self._in_conflict:
                self._conflict()
        elif error is not None:
            self.save_state = error.message
            self.notify(f"{error.message}. Your changes are kept here; ctrl+s tries again.",
                        title="Not saved", severity="error", timeout=15)
        else:
            if event.result is not None and event.result.merged:
                unchanged = event.editable.edits == event.edits
                self._merged_in(event.result, event.ready if unchanged else None)
            if self._pending == 0:  # every save so far wrote the whole document
                self.save_state = "saved"
                event.editable.dirty = False
                self._disk_stat = self._stat()  # our own save: not someone else's

    def _merged_in(self, result: SaveResult, ready: Incoming | None) -> None:
        """Someone else had saved the file: what they changed is now open here too."""
        from readiness import store, views

        try:
            came = store.adopt(self.model, result, ready)
        except ReadinessError as error:
            self.show_error(error, "Merged, but cannot show their changes")
            return
        self.recompute()
        words = views.incoming_words(self.model.data, came)
        if words:
            self.merged = words
            self.notify(words, title="Merged", timeout=8)

    async def settled(self) -> None:
        """Wait until every save has finished (tests, and before the app closes)."""
        import asyncio

        while self._pending:
            await asyncio.sleep(0.01)

    def on_unmount(self) -> None:
        if self._saver is not None:
            self._saver.shutdown(wait=True)

    # --- closing the terminal, being stopped -----------------------------------------------

    def _catch_signals(self) -> None:
        """A closed terminal (SIGHUP) or a stop (SIGTERM) saves what is pending first."""
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        for number in (signal.SIGTERM, signal.SIGHUP):
            # Not on the main thread (a test), or not on this platform: nothing to catch.
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, self._on_signal, int(number))

    def _on_signal(self, number: int) -> None:
        self.flush(timeout=FLUSH_SECONDS)
        self.exit(return_code=128 + number)

    def flush(self, timeout: float) -> bool:
        """Write every change made so far, waiting at most `timeout` seconds: True if done.

        A change still waiting for the next refresh is serialised now, so a grade given a
        moment before the terminal closed is not lost.
        """
        from concurrent.futures import wait

        if self.editable is not None and self.editable.dirty:
            self.save()
        if self._last_save is None:
            return True
        done, _ = wait([self._last_save], timeout=timeout)
        if done and self._save_again and self.editable is not None:
            # A save's read-back failed in the save thread and nothing was written: the
            # message saying so may never be read now, so lay the model in and save here.
            from readiness import store

            self._save_again = False
            self.editable.from_model()
            try:
                store.save(self.editable)
            except ReadinessError:
                return False
        return bool(done)

    def _conflict(self) -> None:
        from readiness.tui.screens.conflict import ConflictScreen

        self._in_conflict = True
        kept = self._keep_copy()
        self.push_screen(ConflictScreen(self.model.path, kept), self._after_conflict)

    def _keep_copy(self) -> Path | None:
        from readiness import store

        try:
            return store.keep_copy(self.model)
        except ReadinessError:
            return None

    def _after_conflict(self, reload: bool | None) -> None:
        self._in_conflict = False
        if reload:
            self.reload()

    def reload(self) -> bool:
        """Read the file again in place: every open screen shows it, the red line goes."""
        if not self._load(self.model.path):
            assert self._open_error is not None
            self.show_error(self._open_error, "Cannot read the file again")
            return False
        self.save_state = "saved"
        self.version += 1
        self.notify("Showing the file as it is saved now.", timeout=5)
        return True

    @property
    def unsaved(self) -> bool:
        """Changes here that are not on disk (a failed save, or a conflict left open)."""
        return self.editable is not None and self.save_state not in ("saved", "saving")

    async def action_quit(self) -> None:
        """Quit, asking first when changes here are not saved."""
        if not self.unsaved:
            self.exit()
            return
        from readiness.tui.screens.confirm import ConfirmScreen

        def answered(leave: bool | None) -> None:
            if leave:
                self.exit()

        self.push_screen(ConfirmScreen(
            "Quit without saving?",
            f"Your latest changes are not saved in {self.model.path.name}: {self.save_state}. "
            "Quitting now loses them (a copy of your version, where one was made, is beside "
            "the file as NAME.mine-TIME.toml).", "Quit anyway", "Stay"), answered)

    def session_people(self) -> list[str]:
        """Who can score in this session: you, then the assessment's roster."""
        own = self._own_name
        roster = self.editable.data.roster if self.editable is not None else []
        people = list(dict.fromkeys([own, *roster]))
        return people if len(people) > 1 else []

    def next_person(self) -> None:
        """Score as the next person on the roster (for this session only)."""
        people = self.session_people()
        if not people:
            self.notify("No roster yet: ctrl+p → Roster, to add the people in the room.",
                        timeout=5)
            return
        here = people.index(self.assessor) if self.assessor in people else -1
        self.assessor = people[(here + 1) % len(people)]
        self.version += 1
        self.notify(f"Scoring as {self.assessor}.", timeout=2)

    def set_assessor(self, name: str) -> None:
        self.assessor = self._own_name = name
        self.settings.assessor = name
        self._save_settings()
        self.version += 1  # screens mark "(you)" by this name
        self.notify(f"Your grades now carry the name {name}.", timeout=4)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Background work of the app's own that fails says so and leaves a crash log."""
        error = event.worker.error
        if event.state != WorkerState.ERROR or error is None:
            return
        if isinstance(error, ReadinessError):
            self.show_error(error, f"Could not {event.worker.description}")
            return
        from readiness import crashlog

        log = crashlog.write(error, event.worker.description)
        self.notify(f"Could not {event.worker.description} because of a problem in the app. "
                    f"Your work here is kept. Details are in {log}.",
                    title="Something went wrong", severity="error", timeout=20)

    def show_error(self, error: ReadinessError, title: str) -> None:
        self.notify(str(error), title=title, severity="error", timeout=12)

    # --- messages up from screens -------------------------------------------------------

    @on(msg.GradeChanged)
    def _grade(self, event: msg.GradeChanged) -> None:
        self.apply(lambda m: m.score(event.item, event.grade, by=self.assessor))

    @on(msg.CarriedConfirmed)
    def _confirmed(self, event: msg.CarriedConfirmed) -> None:
        done: list[str] = []

        def confirm(m: Editable) -> None:
            _, slug = m.confirm_carried(event.item, by=self.assessor)
            done.append(m.bank.grade_label(slug))

        if self.apply(confirm):
            self.notify(f"{event.item}: {done[0]} confirmed as {self.assessor}'s grade; it "
                        "counts now.", timeout=4)

    @on(msg.StrengthChanged)
    def _strength(self, event: msg.StrengthChanged) -> None:
        response = self.model.data.responses.get(event.item)
        mine = next((e for e in response.assessors() if e.by == self.assessor), None) \
            if response is not None else None
        if mine is None or mine.grade is None:
            self.notify("Grade the item first, then say how strong its evidence is.",
                        severity="warning", timeout=4)
            return
        self.apply(lambda m: m.set_strength(event.item, event.strength, by=self.assessor))

    @on(msg.SeriousChanged)
    def _serious(self, event: msg.SeriousChanged) -> None:
        self.apply(lambda m: m.set_serious(event.item, event.serious, by=self.assessor))

    @on(msg.NoteChanged)
    def _note(self, event: msg.NoteChanged) -> None:
        self.apply(lambda m: m.set_note(event.item, event.note, by=self.assessor))

    @on(msg.ItemCleared)
    def _cleared(self, event: msg.ItemCleared) -> None:
        """`0`: your grade goes; an item marked not applicable applies again."""
        response = self.model.data.responses.get(event.item)
        if response is not None and response.not_applicable:
            self.apply(lambda m: m.clear_not_applicable(event.item))
        else:
            self.apply(lambda m: m.unscore(event.item, by=self.assessor))

    @on(msg.NotApplicable)
    def _not_applicable(self, event: msg.NotApplicable) -> None:
        self.apply(lambda m: m.mark_not_applicable(event.item, by=self.assessor))

    @on(msg.EvidenceAttached)
    def _attached(self, event: msg.EvidenceAttached) -> None:
        self.apply(lambda m: m.attach(event.item, event.code))

    @on(msg.EvidenceDetached)
    def _detached(self, event: msg.EvidenceDetached) -> None:
        self.apply(lambda m: m.detach(event.item, event.code))

    @on(msg.EvidenceSaved)
    def _evidence(self, event: msg.EvidenceSaved) -> None:
        def change(m: Editable) -> None:
            m.add_evidence(event.code, title=event.title, location=event.location or None,
                           when=event.when or None, base=m.path.parent)
            if event.item:
                m.attach(event.item, event.code)

        self.apply(change)

    @on(msg.ActionAdded)
    def _action(self, event: msg.ActionAdded) -> None:
        self.apply(lambda m: m.add_action(event.item, event.text, owner=event.owner,
                                          due=event.due or None))

    @on(msg.AuditAdded)
    def _audit(self, event: msg.AuditAdded) -> None:
        self.apply(lambda m: m.add_audit(event.case, event.item, event.grade,
                                         by=self.assessor, note=event.note,
                                         when=event.when or None))

    @on(msg.ActionEdited)
    def _action_edited(self, event: msg.ActionEdited) -> None:
        self.apply(lambda m: m.edit_action(event.action, text=event.text, owner=event.owner,
                                           due=event.due))

    @on(msg.EvidenceRemoved)
    def _evidence_removed(self, event: msg.EvidenceRemoved) -> None:
        self.apply(lambda m: m.remove_evidence(event.code))

    @on(msg.MockChanged)
    def _mock(self, event: msg.MockChanged) -> None:
        self.apply(lambda m: m.set_mock(notified=event.notified or None, region=event.region,
                                        lists=event.lists, profile=event.profile,
                                        seed=event.seed))

    def remember_board(self, board: object) -> None:
        """Keep the board's details in the file (the next export offers them again)."""
        from readiness.assessment import Board

        if isinstance(board, Board) and board.over(self.model.data.board) != \
                self.model.data.board:
            self.apply(lambda m: m.set_board(board))

    def save_now(self) -> Future[None] | None:
        """Start writing every change made so far, now; answer the save to wait for."""
        if self.editable is not None and self.editable.dirty:
            self.save()
        return self._last_save if self._pending else None

    @on(msg.Agreed)
    def _agreed(self, event: msg.Agreed) -> None:
        self.apply(lambda m: m.agree(event.item, event.grade, by=self.assessor,
                                     serious=event.serious, note=event.note or None))

    @on(msg.AgreedCleared)
    def _agreed_cleared(self, event: msg.AgreedCleared) -> None:
        self.apply(lambda m: m.clear_agreed(event.item, by=self.assessor))

    @on(msg.ConflictChosen)
    def _conflict_chosen(self, event: msg.ConflictChosen) -> None:
        self.apply(lambda m: m.resolve_conflict(event.conflict, keep=event.keep,
                                                by=self.assessor))

    @on(msg.RosterChanged)
    def _roster(self, event: msg.RosterChanged) -> None:
        if event.add:
            self.apply(lambda m: m.roster_add(event.name))
        else:
            self.apply(lambda m: m.roster_remove(event.name))

    @on(msg.ActionStatusChanged)
    def _action_status(self, event: msg.ActionStatusChanged) -> None:
        self.apply(lambda m: m.set_action_status(event.action, event.status))

    # --- actions and navigation -----------------------------------------------------------

    def action_help(self) -> None:
        from readiness.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_save(self) -> None:
        if self.editable is not None:
            self.save()

    def open_item(self, item_id: str, siblings: list[str] | None = None,
                  within: str = "") -> None:
        """An item; `[` `]` step through `siblings` (default: its judgement's items)."""
        from readiness.tui.screens.item import ItemScreen

        self.push_screen(ItemScreen(item_id, siblings, within))

    def open_judgement(self, judgement_id: str) -> None:
        from readiness.tui.screens.judgement import JudgementScreen

        self.push_screen(JudgementScreen(judgement_id))

    def open_screen(self, name: str) -> None:
        """Go to one of the main screens from anywhere (footer keys, command palette)."""
        from readiness.tui.screens.dashboard import DashboardScreen

        if self.editable is None:
            return
        while len(self.screen_stack) > 2 and not isinstance(self.screen, DashboardScreen):
            self.pop_screen()
        if name == "dashboard":
            return
        if name == "enquiries":
            from readiness.tui.screens.enquiries import EnquiriesScreen

            self.push_screen(EnquiriesScreen())
        elif name == "evidence":
            from readiness.tui.screens.evidence import EvidenceScreen

            self.push_screen(EvidenceScreen())
        elif name == "export":
            from readiness.tui.screens.export import ExportScreen

            self.push_screen(ExportScreen())
        elif name == "actions":
            from readiness.tui.screens.actions import ActionPlanScreen

            self.push_screen(ActionPlanScreen())
        elif name == "moderation":
            from readiness.tui.screens.moderation import ModerationScreen

            self.push_screen(ModerationScreen())
        elif name == "present":
            from readiness.tui.screens.present import PresentScreen

            self.push_screen(PresentScreen())
        elif name == "conflicts":
            from readiness.tui.screens.conflicts import ConflictsScreen

            self.push_screen(ConflictsScreen())
        elif name == "roster":
            from readiness.tui.screens.roster import RosterScreen

            self.push_screen(RosterScreen())
        elif name == "mock":
            from readiness.tui.screens.mock import MockScreen

            self.push_screen(MockScreen())

    def go_start(self) -> None:
        """Back to the start screen: recent files, a new assessment, the demo, a path."""
        from readiness.tui.screens.start import StartScreen

        while len(self.screen_stack) > 1:
            self.pop_screen()
        if not isinstance(self.screen, StartScreen):
            self.push_screen(StartScreen())

    def forget(self, path: Path) -> None:
        """Take a file off the recent list (it stays on disk)."""
        text = str(path)
        self.settings.recent = [p for p in self.settings.recent if p != text]
        self._save_settings()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for name, help_text, theme in THEMES:
            yield SystemCommand(f"Theme: {name}", help_text,
                                lambda theme=theme: setattr(self, "theme", theme))
        for command in super().get_system_commands(screen):
            if command.title == "Theme":
                yield SystemCommand("Theme: more…", "Every theme Textual offers, by its "
                                    "developer's name", command.callback)
            else:
                yield command
        yield SystemCommand("Your name", f"Grades you give carry your name (now: "
                            f"{self.assessor})", self._ask_name)

    def _ask_name(self) -> None:
        from readiness.tui.screens.name import NameScreen

        self.push_screen(NameScreen())


def _commands() -> type[Provider]:
    """The palette's provider, imported when the palette first opens (not at start-up)."""
    from readiness.tui.commands import ReadinessCommands

    return ReadinessCommands


def make_app(banks: BankSet | None = None, path: Path | None = None, *,
             assessor: str | None = None, present: bool = False,
             ask_name: bool = False) -> ReadinessApp:
    """The one way to build the app: used by the command line and by tests."""
    return ReadinessApp(banks or BankSet(), path, assessor=assessor, present=present,
                        ask_name=ask_name)
