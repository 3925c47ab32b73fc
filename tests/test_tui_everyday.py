"""What a new user hit in the app (issue 11), each driven as they drove it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input, Label, Select, Static, TextArea

from readiness import crashlog, demo, store
from readiness.banks import BankSet
from readiness.tui.app import make_app
from readiness.tui.screens.actions import ActionPlanScreen
from readiness.tui.screens.dashboard import DashboardScreen
from readiness.tui.screens.export import ExportScreen
from readiness.tui.screens.item import ItemScreen
from readiness.tui.screens.judgement import JudgementScreen
from readiness.tui.screens.start import StartScreen
from tests.test_tui import ME, drive, grade_and_wait


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    return demo.ensure(BankSet(), tmp_path / "demo.toml")


def mine(path: Path, item: str) -> tuple[str | None, str | None, str]:
    data, _ = store.read(path, BankSet())
    entry = next(e for e in data.responses[item].assessors() if e.by == ME)
    return entry.grade, entry.evidence_strength, entry.note


def test_a_rationale_typed_in_a_burst_then_ctrl_s_is_kept_whole(demo_file: Path) -> None:
    app = make_app(path=demo_file, assessor=ME)
    text = "Run 6: rationale text that should survive a burst of keys"

    async def steps(pilot: Pilot[None]) -> None:
        app.open_item("ESN19")
        await pilot.pause()
        await pilot.press("2", "r")
        await pilot.pause()
        await pilot.press(*text, "ctrl+s")  # no pause between the keys: a burst
        await pilot.pause()
        await app.settled()

    drive(app, steps)
    assert mine(demo_file, "ESN19")[2] == text


def test_a_grade_and_a_strength_sent_together_both_apply(demo_file: Path) -> None:
    app = make_app(path=demo_file, assessor=ME)

    async def steps(pilot: Pilot[None]) -> None:
        app.open_item("ESN19")
        await pilot.pause()
        await pilot.press("3", "s")
        await pilot.pause()
        await app.settled()

    drive(app, steps)
    assert mine(demo_file, "ESN19")[:2] == ("requires_improvement", "strong")


def test_reopening_a_rationale_puts_the_cursor_at_the_end(demo_file: Path) -> None:
    app = make_app(path=demo_file, assessor="A. Patel (Head of Service, Safeguarding)")

    async def steps(pilot: Pilot[None]) -> None:
        app.open_item("ESN01")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        area = app.screen.query_one(TextArea)
        assert area.cursor_location == area.document.end

    drive(app, steps)


def test_brackets_step_through_the_judgement_after_the_palette_and_stop_at_the_end(
        demo_file: Path) -> None:
    app = make_app(path=demo_file, assessor=ME)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"ESN20")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ItemScreen)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.screen.item_id == "ESN21"
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert app.screen.item_id == "ESN88", "ESN88 is the last item of help and protection"
        messages = [n.message for n in app._notifications]
        assert any("Last item of Help and protection" in m for m in messages)

    drive(app, steps)


def test_zero_clears_not_applicable(demo_file: Path) -> None:
    app = make_app(path=demo_file, assessor=ME)

    async def steps(pilot: Pilot[None]) -> None:
        app.open_item("ESN41")  # not applicable in the demo
        await pilot.pause()
        await pilot.press("0")
        await pilot.pause()
        await app.settled()

    drive(app, steps)
    data, _ = store.read(demo_file, BankSet())
    assert not data.responses["ESN41"].not_applicable


def test_a_grade_without_a_strength_keeps_the_items_strength(demo_file: Path) -> None:
    app = make_app(path=demo_file, assessor=ME)

    async def steps(pilot: Pilot[None]) -> None:
        assert app.result.views["ESN01"].strength == "strong"
        app.open_item("ESN01")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        assert app.result.views["ESN01"].strength == "strong"

    drive(app, steps)


def test_reloading_after_a_conflict_stays_on_the_screen_and_clears_the_red_line(
        demo_file: Path) -> None:
    app = make_app(path=demo_file, assessor=ME)

    async def steps(pilot: Pilot[None]) -> None:
        app.open_judgement("help-and-protection")
        await pilot.pause()
        app.save_state = "conflict: the file was changed by someone else"
        assert app.reload()
        await pilot.pause()
        assert isinstance(app.screen, JudgementScreen)
        assert app.save_state == "saved"
        assert "NOT SAVED" not in str(app.screen.query_one("#save-status", Static).render())

    drive(app, steps)


def test_a_save_refused_by_a_damaged_file_keeps_a_copy_and_reload_by_key_shows_the_file(
        demo_file: Path) -> None:
    """The file on disk was damaged (by hand) after it was opened: a grade's save is
    refused, your version is kept beside it, and once the file is whole again the
    dialog's Reload (a key press) shows it, on the screen you were on."""
    from readiness.tui.screens.conflict import ConflictScreen

    app = make_app(path=demo_file, assessor=ME)
    good = demo_file.read_text()

    async def steps(pilot: Pilot[None]) -> None:
        app.open_item("ESN19")
        await pilot.pause()
        demo_file.write_text(good + "\n[[[damaged by hand\n")
        await pilot.press("4")
        await pilot.pause()
        await app.settled()
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        kept = list(demo_file.parent.glob("*.mine-*.toml"))
        assert len(kept) == 1 and "ESN19" in kept[0].read_text()
        demo_file.write_text(good)  # mended
        await pilot.press("enter")  # the focused button: Reload their version
        await pilot.pause()
        assert isinstance(app.screen, ItemScreen) and app.save_state == "saved"
        assert "NOT SAVED" not in str(app.screen.query_one("#save-status", Static).render())
        data, _ = store.read(demo_file, BankSet())
        assert app.model.data.responses.get("ESN19") == data.responses.get("ESN19")
        assert app.model.data == data  # the file as saved; the grade is in the copy

    drive(app, steps)


def test_quitting_with_unsaved_changes_asks_first(demo_file: Path) -> None:
    app = make_app(path=demo_file, assessor=ME)

    async def steps(pilot: Pilot[None]) -> None:
        app.save_state = "the folder is read-only"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running
        assert "Quit without saving" in str(app.screen.query_one(Label).render())
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, DashboardScreen)

    drive(app, steps)


def test_the_export_dialog_focuses_export_and_compares_with_the_latest_snapshot(
        demo_file: Path) -> None:
    app = make_app(path=demo_file, assessor=ME)

    async def steps(pilot: Pilot[None]) -> None:
        app.open_screen("export")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert isinstance(app.focused, Button) and app.focused.id == "export"
        assert app.screen.query_one("#since", Select).value == "Q2 board (September)"
        labels = [w.border_title for w in app.screen.query(Select)]
        assert labels == ["Format", "Compare with a snapshot (latest unless you choose)",
                          "The board is asked to", "Protective marking",
                          "Group strengths and priorities by"]
        grouping = app.screen.query_one("#by-framework", Select)
        assert grouping.value == "own"
        assert "national-framework-2023" in [value for _, value in grouping._options]

    drive(app, steps)


@pytest.mark.parametrize("typed", ["esn 08", "ESN8", "08", "esn08"])
def test_the_palette_finds_an_item_the_way_the_command_line_does(
        demo_file: Path, typed: str) -> None:
    app = make_app(path=demo_file, assessor=ME)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*typed)
        await pilot.pause(0.4)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ItemScreen) and app.screen.item_id == "ESN08"

    drive(app, steps)


def test_a_missing_recent_file_can_be_removed_from_the_list(demo_file: Path) -> None:
    app = make_app(assessor=ME)
    gone = str(demo_file.parent / "moved-away.toml")
    app.settings.recent = [gone]

    async def steps(pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, StartScreen)
        await pilot.press("enter")  # the missing file is highlighted first
        await pilot.pause()
        assert "not where it was" in str(app.screen.query_one(Label).render())
        await pilot.click("#forget")
        await pilot.pause()
        assert gone not in app.settings.recent

    drive(app, steps)


def test_a_missing_recent_file_can_be_located(demo_file: Path) -> None:
    app = make_app(assessor=ME)
    app.settings.recent = [str(demo_file.parent / "moved-away.toml")]

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(demo_file)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert app.settings.recent[0] == str(demo_file.resolve())

    drive(app, steps)


def test_a_file_opens_by_its_path_and_the_start_screen_is_a_key_away(demo_file: Path) -> None:
    app = make_app(assessor=ME)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("o")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(demo_file)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        app.go_start()
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)

    drive(app, steps)


def test_an_unexpected_error_while_saving_is_shown_and_logged_never_saving_forever(
        demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(path=demo_file, assessor=ME)

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("disk driver bug")

    async def steps(pilot: Pilot[None]) -> None:
        monkeypatch.setattr(store, "commit", broken)
        await grade_and_wait(app, pilot, "ESN19", "2")
        assert app.save_state.startswith("could not save because of a problem in the app")
        assert crashlog.newest() is not None

    drive(app, steps)


def test_an_export_that_fails_unexpectedly_stops_the_spinner_and_says_so(
        demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import readiness.reports.export as export

    app = make_app(path=demo_file, assessor=ME)

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("renderer bug")

    async def steps(pilot: Pilot[None]) -> None:
        monkeypatch.setattr(export, "export", broken)
        app.open_screen("export")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(app.screen.query_one("#export-status", Label).render())
        assert "problem in the app" in status and "Nothing was written" in status
        assert not app.screen.query_one("#export", Button).disabled

    drive(app, steps)


def test_the_action_plan_changes_status_and_edits_an_action(demo_file: Path) -> None:
    app = make_app(path=demo_file, assessor=ME)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ActionPlanScreen)
        table = app.screen.query_one("#actions", DataTable)
        first = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#owner", Input).value = "Service Manager, Performance"
        await pilot.press("enter")
        await pilot.pause()
        await app.settled()
        changed = next(a for a in app.model.data.actions if a.id == first)
        assert changed.owner == "Service Manager, Performance"
        assert changed.status == "in_progress"

    drive(app, steps)


def test_a_register_entry_can_be_edited_and_removed(demo_file: Path) -> None:
    app = make_app(path=demo_file, assessor=ME)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#title", Input).value = "Organisation chart, November"
        await pilot.press("enter")
        await pilot.pause()
        assert app.model.data.evidence["1.01"].title == "Organisation chart, November"
        await pilot.press("delete")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        await app.settled()
        assert "1.01" not in app.model.data.evidence
        assert "1.01" not in app.model.data.responses["ESN66"].evidence

    drive(app, steps)


def test_a_network_drive_location_is_accepted_in_the_evidence_form(demo_file: Path) -> None:
    app = make_app(path=demo_file, assessor=ME)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("v", "a")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#code", Input).value = "QA-NET"
        screen.query_one("#title", Input).value = "Audit on the shared drive"
        screen.query_one("#location", Input).value = r"\\council-fs01\children\audit.xlsx"
        await pilot.press("enter")
        await pilot.pause()
        assert app.model.data.evidence["QA-NET"].location == \
            r"\\council-fs01\children\audit.xlsx"

    drive(app, steps)


def test_the_themes_are_offered_by_their_names(demo_file: Path) -> None:
    app = make_app(path=demo_file, assessor=ME)

    async def steps(pilot: Pilot[None]) -> None:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert titles[:3] == ["Theme: Standard", "Theme: High contrast", "Theme: Light"]
        next(c for c in app.get_system_commands(app.screen)
             if c.title == "Theme: High contrast").callback()
        next(c for c in app.get_system_commands(app.screen)
             if c.title == "Theme: Standard").callback()
        assert app.theme == "textual-dark"

    drive(app, steps)


def test_sources_are_shown_by_the_names_people_know(demo_file: Path) -> None:
    app = make_app(path=demo_file, assessor=ME)

    async def steps(pilot: Pilot[None]) -> None:
        app.open_item("ESN08")
        await pilot.pause()
        text = str(app.screen.query_one("#item-text", Static).render())
        assert "SIF 2015, paragraph 31" in text and "000_" not in text

    drive(app, steps)


def test_a_line_of_enquiry_shows_the_source_wording_only_on_request(demo_file: Path) -> None:
    app = make_app(path=demo_file, assessor=ME)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("l")
        await pilot.pause()
        question = app.screen.query_one("#enquiry-question", Static)
        assert "York" not in str(question.render())
        await pilot.press("o")
        await pilot.pause()
        assert "York" in str(question.render())

    drive(app, steps)


def test_the_export_dialog_opens_on_an_assessment_without_snapshots(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    store.create(path, BankSet().get("sif-2015"), "Newshire")
    app = make_app(path=path, assessor=ME)

    async def steps(pilot: Pilot[None]) -> None:
        app.open_screen("export")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.query_one("#since", Select).is_blank()

    drive(app, steps)


def test_the_mock_inspection_dates_the_steps_checks_the_lists_and_draws_the_sample(
        demo_file: Path) -> None:
    from readiness.tui.screens.mock import MockScreen
    from tests.helpers import run

    assert run("lists", "demo", demo_file.parent / "lists", banks=None).exit_code == 0
    drawn = run("sample", demo_file.parent / "lists", "--profile", "tracked-25", "--seed",
                "1", "-o", demo_file.parent / "drawn.csv", "--json", banks=None)
    first = json.loads(drawn.stdout)["children"][0]["child_id"]
    assert run("audit", "add", demo_file, first, "ESN01", "good", "--by", "Q. Lead",
               banks=None).exit_code == 0
    app = make_app(path=demo_file, assessor=ME)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, MockScreen)
        await pilot.press("m")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#notified", Input).value = "24/11/2026"
        screen.query_one("#lists", Input).value = "lists"
        screen.query_one("#profile", Select).value = "tracked-25"
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        timeline = app.screen.query_one("#timeline", DataTable)
        assert timeline.row_count > 20
        sample = app.screen.query_one("#sample", DataTable)
        assert sample.row_count == 25
        # the sample and its audits side by side (issue 13)
        assert str(sample.get_row_at(0)[0]).strip() == first
        assert str(sample.get_row_at(0)[2]).strip() == "1: G"
        assert str(sample.get_row_at(1)[2]).strip() == "not audited"
        told = str(app.screen.query_one("#sample-summary", Static).render())
        assert "1 audited so far" in told
        summary = str(app.screen.query_one("#lists-summary", Static).render())
        assert "11 lists" in summary and "0 problems" in summary

    drive(app, steps)
    data, _ = store.read(demo_file, BankSet())
    assert data.mock is not None and str(data.mock.notified) == "2026-11-24"
    assert (data.mock.lists, data.mock.profile, data.mock.seed) == ("lists", "tracked-25", 1)


def test_a_save_whose_read_back_fails_in_the_save_thread_writes_nothing_then_the_model(
        demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The read-back of a file edited in pieces runs in the save thread (most of a save
    on a large file). If it ever failed, that save writes nothing; the model is laid into
    the text and saved again, so the grade is on disk all the same."""
    app = make_app(path=demo_file, assessor=ME)
    checked: list[bool] = []
    real = store.ReadBack.holds

    def fails_once(read_back: store.ReadBack) -> bool:
        checked.append(real(read_back))
        return len(checked) > 1

    async def steps(pilot: Pilot[None]) -> None:
        await app.workers.wait_for_complete()
        monkeypatch.setattr(store.ReadBack, "holds", fails_once)
        before = demo_file.read_bytes()
        writes: list[bytes] = []
        commit = store.commit

        def counted(editable: object, data: bytes) -> object:
            writes.append(data)
            return commit(editable, data)  # type: ignore[arg-type]

        monkeypatch.setattr(store, "commit", counted)
        await grade_and_wait(app, pilot, "ESN19", "3")
        await app.settled()  # the save made again
        assert checked[0] is True  # the real check held: the failure was made up
        assert len(writes) == 1 and demo_file.read_bytes() != before
        assert app.save_state == "saved"

    drive(app, steps)
    assert mine(demo_file, "ESN19")[0] == "requires_improvement"


def test_the_read_back_is_of_the_model_as_it_was_when_the_save_was_made(
        demo_file: Path) -> None:
    editable = store.open_for_edit(demo_file, BankSet())
    editable.score("ESN19", "inadequate", by=ME)
    data, read_back = store.prepare_read_back_later(editable)
    assert read_back is not None and read_back.out == data
    editable.score("ESN19", "good", by=ME)  # the next key, before the save thread ran
    assert read_back.holds()
    other = store.ReadBack(data.replace(b'"inadequate"', b'"good"', 1), demo_file,
                           read_back.copied)
    assert not other.holds()
