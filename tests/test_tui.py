"""The app driven as a user drives it (Textual's pilot), against the real store and engine."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tomllib
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, TextArea

from readiness import demo, store
from readiness.banks import BankSet
from readiness.errors import AssessmentError
from readiness.tui.app import ReadinessApp, make_app
from readiness.tui.screens.dashboard import DashboardScreen
from readiness.tui.screens.item import ItemScreen
from readiness.tui.screens.judgement import JudgementScreen

ME = "Pat Tester"


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    return demo.ensure(BankSet(), tmp_path / "demo.toml")


def drive(app: ReadinessApp, steps: Callable[[Pilot[None]], Awaitable[None]],
          size: tuple[int, int] = (80, 24)) -> None:
    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await steps(pilot)

    asyncio.run(main())


async def grade_and_wait(app: ReadinessApp, pilot: Pilot[None], item: str, key: str) -> None:
    """Open an item, press a grade key, and wait until its save has finished."""
    app.open_item(item)
    await pilot.pause()
    await pilot.press(key)
    await pilot.pause()
    await app.settled()
    await pilot.pause()


def dashboard_cell(app: ReadinessApp, judgement: str, column: str) -> str:
    table = app.screen.query_one("#judgements", DataTable)
    return str(table.get_cell(judgement, column))


def test_open_the_demo_grade_esn08_inadequate_serious_and_see_the_limit(
        demo_file: Path) -> None:
    app = make_app(path=demo_file, assessor=ME)

    async def steps(pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, DashboardScreen)
        assert "Good" in dashboard_cell(app, "help-and-protection", "likely")
        await pilot.press("down", "enter")  # help and protection
        assert isinstance(app.screen, JudgementScreen)
        for _ in range(7):
            await pilot.press("down")  # ESN08 is the eighth item
        await pilot.press("enter")
        assert isinstance(app.screen, ItemScreen) and app.screen.item_id == "ESN08"
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert "Requires improvement" in dashboard_cell(app, "help-and-protection", "likely")
        assert "Inadequate" not in dashboard_cell(app, "overall", "likely")
        await pilot.press("enter")
        for _ in range(7):
            await pilot.press("down")
        await pilot.press("enter", "exclamation_mark")  # a serious failure
        await pilot.pause()
        assert "serious failure" in str(app.screen.query_one("#item-response").render())
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert "Inadequate" in dashboard_cell(app, "help-and-protection", "likely")
        assert "Inadequate" in dashboard_cell(app, "overall", "likely")
        await app.settled()
        await pilot.pause()
        assert app.save_state == "saved"

    drive(app, steps)
    again, _ = store.read(demo_file, BankSet())
    grades = {e.by: (e.grade, e.serious) for e in again.responses["ESN08"].assessors()}
    assert grades[ME] == ("inadequate", True)


def test_the_command_palette_goes_to_an_item(demo_file: Path) -> None:
    app = make_app(path=demo_file, assessor=ME)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"ESN16")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ItemScreen) and app.screen.item_id == "ESN16"

    drive(app, steps)


def test_score_write_a_rationale_attach_evidence_add_an_action(demo_file: Path) -> None:
    app = make_app(path=demo_file, assessor=ME)

    async def steps(pilot: Pilot[None]) -> None:
        app.open_item("ESN19")  # not assessed in the demo
        await pilot.pause()
        await pilot.press("2", "s")
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one(TextArea).text = "Feedback survey [Q3]: 71% positive."
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")  # the first suggested code is highlighted
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#text", Input).value = "Publish the feedback summary quarterly"
        screen.query_one("#owner", Input).value = "QA Lead"
        screen.query_one("#due", Input).value = "31/03/2027"
        await pilot.press("enter")
        await pilot.pause()

    drive(app, steps)
    data, bank = store.read(demo_file, BankSet())
    response = data.responses["ESN19"]
    entry = response.assessors()[0]
    assert (entry.by, entry.grade, entry.evidence_strength) == (ME, "good", "strong")
    assert entry.note == "Feedback survey [Q3]: 71% positive."
    assert response.evidence == [bank.item_map["ESN19"].evidence[0]]
    action = data.actions_for("ESN19")[0]
    assert (action.owner, str(action.due)) == ("QA Lead", "2027-03-31")


def test_a_bad_date_in_the_action_dialog_is_explained_and_nothing_added(
        demo_file: Path) -> None:
    app = make_app(path=demo_file, assessor=ME)
    before = len(store.read(demo_file, BankSet())[0].actions)

    async def steps(pilot: Pilot[None]) -> None:
        app.open_item("ESN19")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#text", Input).value = "Something"
        app.screen.query_one("#due", Input).value = "next week"
        await pilot.press("enter")
        await pilot.pause()
        assert "is not a date" in str(app.screen.query_one("#form-error").render())
        await pilot.press("escape")

    drive(app, steps)
    assert len(store.read(demo_file, BankSet())[0].actions) == before


def test_not_applicable_and_clear(demo_file: Path) -> None:
    app = make_app(path=demo_file, assessor=ME)

    async def steps(pilot: Pilot[None]) -> None:
        app.open_item("ESN20")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert app.model.data.responses["ESN20"].not_applicable
        await pilot.press("3", "0")
        await pilot.pause()
        assert not app.model.data.responses["ESN20"].assessed

    drive(app, steps)


def test_the_filter_narrows_a_judgement_to_items_below_good(demo_file: Path) -> None:
    app = make_app(path=demo_file, assessor=ME)

    async def steps(pilot: Pilot[None]) -> None:
        app.open_judgement("leadership")
        await pilot.pause()
        table = app.screen.query_one("#items", DataTable)
        assert table.row_count == 10
        await pilot.press("f", "f", "f")  # all → unassessed → unevidenced → below good
        await pilot.pause()
        assert table.row_count == 5
        assert "below good" in str(app.screen.query_one("#filter-label").render())

    drive(app, steps)


def test_a_failed_save_is_shown_and_nothing_typed_is_lost(
        demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(path=demo_file, assessor=ME)
    real_commit = store.commit

    def broken(*args: object, **kwargs: object) -> None:
        raise AssessmentError("could not save: No space left on device", file=demo_file)

    async def steps(pilot: Pilot[None]) -> None:
        app.open_item("ESN19")
        await pilot.pause()
        monkeypatch.setattr(store, "commit", broken)
        await pilot.press("1")
        await app.settled()
        await pilot.pause()
        assert "No space left" in app.save_state
        assert "NOT SAVED" in str(app.screen.query_one("#save-status").render())
        monkeypatch.setattr(store, "commit", real_commit)
        await pilot.press("ctrl+s")
        await app.settled()
        await pilot.pause()
        assert app.save_state == "saved"

    drive(app, steps)
    data, _ = store.read(demo_file, BankSet())
    assert data.responses["ESN19"].assessors()[0].grade == "outstanding"


def test_someone_else_saving_first_is_merged_and_shown_here(demo_file: Path) -> None:
    app = make_app(path=demo_file, assessor=ME)

    async def steps(pilot: Pilot[None]) -> None:
        other = store.open_for_edit(demo_file, BankSet())
        other.score("ESN20", "good", by="Someone Else")
        store.save(other)
        app.open_item("ESN19")
        await pilot.pause()
        await pilot.press("1")
        await app.settled()
        await pilot.pause()
        assert app.save_state == "saved"
        assert "ESN20" in app.model.data.responses  # their change is open here now

    drive(app, steps)
    assert not list(demo_file.parent.glob("demo.mine-*.toml"))
    both, _ = store.read(demo_file, BankSet())
    assert both.responses["ESN20"].assessor_entries()[-1].by == "Someone Else"
    assert any(e.by == ME for e in both.responses["ESN19"].assessor_entries())


def test_a_file_someone_else_damaged_keeps_your_version_beside_it(demo_file: Path) -> None:
    app = make_app(path=demo_file, assessor=ME)

    async def steps(pilot: Pilot[None]) -> None:
        demo_file.write_text(demo_file.read_text() + "\n[responses.ESN20\n")
        app.open_item("ESN19")
        await pilot.pause()
        await pilot.press("1")
        await app.settled()
        await pilot.pause()
        assert app.save_state.startswith("conflict")
        assert "changed this file" in str(app.screen.query_one(".dialog-title").render())

    drive(app, steps)
    copies = list(demo_file.parent.glob("demo.mine-*.toml"))
    assert len(copies) == 1 and "[responses.ESN19]" in copies[0].read_text()


def test_start_screen_offers_new_and_demo_and_opens_the_demo(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.setattr(demo, "default_path", lambda: tmp_path / "d" / "demo.toml")
    app = make_app(assessor=ME)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert "[DEMO]" in app.title

    drive(app, steps)
    assert (tmp_path / "d" / "demo.toml").exists()


def test_a_new_assessment_from_the_start_screen(tmp_path: Path) -> None:
    app = make_app(assessor=ME)
    target = tmp_path / "ours.toml"

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#authority", Input).value = "Westshire"
        app.screen.query_one("#file", Input).value = str(target)
        app.screen.query_one("#authority", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)

    drive(app, steps)
    assert 'authority = "Westshire"' in target.read_text()


STARTUP_PROBE = """
import asyncio, sys
from pathlib import Path
from readiness.tui.app import make_app

async def main():
    app = make_app(path=Path(sys.argv[1]), assessor="probe")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "DashboardScreen"
asyncio.run(main())
print("pandas" in sys.modules, "matplotlib" in sys.modules)
"""


def test_the_first_screen_renders_without_pandas(demo_file: Path) -> None:
    out = subprocess.run([sys.executable, "-c", STARTUP_PROBE, str(demo_file)],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False False"


def test_export_from_the_app_writes_the_pack_without_freezing(demo_file: Path) -> None:
    from textual.widgets import Select

    app = make_app(path=demo_file, assessor=ME)
    target = demo_file.parent / "from-app.md"

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one("#format", Select).value = "md"
        await pilot.pause()
        app.screen.query_one("#output", Input).value = str(target)
        app.screen.query_one("#board", Input).value = "Corporate Parenting Board"
        app.screen.query_one("#meeting", Input).value = "20/01/2027"
        app.screen.query_one("#lead", Input).value = "Director of Children's Services"
        app.screen.query_one("#recommendation", Select).value = "endorse"
        app.screen.query_one("#export").scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click("#export")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Wrote" in str(app.screen.query_one("#export-status").render())
        await app.settled()

    drive(app, steps)
    text = target.read_text()
    assert "children's services self-assessment" in text
    assert "Report to Corporate Parenting Board, 20 January 2027" in text
    assert "endorse the self-assessment" in text
    remembered = tomllib.loads(demo_file.read_text())["board"]
    assert remembered == {"name": "Corporate Parenting Board", "meeting": date(2027, 1, 20),
                          "lead": "Director of Children's Services",
                          "recommendation": "endorse", "marking": "OFFICIAL"}

    again = make_app(path=demo_file, assessor=ME)

    async def reopen(pilot: Pilot[None]) -> None:
        await pilot.press("x")
        await pilot.pause()
        assert again.screen.query_one("#board", Input).value == "Corporate Parenting Board"
        assert again.screen.query_one("#meeting", Input).value == "20/01/2027"
        assert str(again.screen.query_one("#recommendation", Select).value) == "endorse"

    drive(again, reopen)


def test_export_dialog_refuses_a_meeting_that_is_not_a_date(demo_file: Path) -> None:
    app = make_app(path=demo_file, assessor=ME)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one("#meeting", Input).value = "next Tuesday"
        app.screen.query_one("#export").scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click("#export")
        await pilot.pause()
        status = str(app.screen.query_one("#export-status").render())
        assert "meeting date 'next Tuesday' is not a date" in status

    drive(app, steps)
    assert "[board]" not in demo_file.read_text()


def test_setting_your_name_from_the_palette(demo_file: Path) -> None:
    from readiness import settings

    app = make_app(path=demo_file, assessor=ME)

    async def steps(pilot: Pilot[None]) -> None:
        app._ask_name()
        await pilot.pause()
        app.screen.query_one("#name", Input).value = "B. Smith (Head of Service)"
        await pilot.press("enter")
        await pilot.pause()
        app.open_item("ESN19")
        await pilot.pause()
        await pilot.press("2")
        await app.settled()

    drive(app, steps)
    assert settings.load().assessor == "B. Smith (Head of Service)"
    data, _ = store.read(demo_file, BankSet())
    assert data.responses["ESN19"].assessors()[0].by == "B. Smith (Head of Service)"
