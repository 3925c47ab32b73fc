"""What people see, pinned: every screen and dialog at 80x24 (a projector, a laptop split
in two), and the main screens at 120x40.

Update after an intended change with `pytest tests/test_snapshots.py --snapshot-update`
and look at every changed picture before committing it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from readiness import demo
from readiness.banks import BankSet
from readiness.tui.app import ReadinessApp, make_app

SIZES = [(80, 24), (120, 40)]
Steps = Callable[[ReadinessApp, Pilot[None]], Awaitable[None]]


@pytest.fixture
def app(tmp_path: Path) -> ReadinessApp:
    path = demo.ensure(BankSet(), tmp_path / "demo.toml")
    return make_app(path=path, assessor="Snapshot")


def _fixed_input(app: ReadinessApp, selector: str, value: str) -> None:
    """Paths in fields depend on the machine: pin them so the picture does not."""
    field = app.screen.query_one(selector, Input)
    field.value = value
    # The cursor stays where the machine's own path put it unless moved: put it at the end.
    field.cursor_position = len(value)


async def _judgement(app: ReadinessApp, pilot: Pilot[None]) -> None:
    app.open_judgement("help-and-protection")


async def _item(app: ReadinessApp, pilot: Pilot[None]) -> None:
    app.open_item("ESN06", ["ESN05", "ESN06", "ESN07"], "Help and protection")


async def _descriptors(app: ReadinessApp, pilot: Pilot[None]) -> None:
    app.open_judgement("help-and-protection")
    await pilot.pause()
    await pilot.press("d")


async def _rationale(app: ReadinessApp, pilot: Pilot[None]) -> None:
    app.open_item("ESN06")
    await pilot.pause()
    await pilot.press("r")


async def _attach(app: ReadinessApp, pilot: Pilot[None]) -> None:
    app.open_item("ESN06")
    await pilot.pause()
    await pilot.press("e")


async def _new_evidence(app: ReadinessApp, pilot: Pilot[None]) -> None:
    app.open_screen("evidence")
    await pilot.pause()
    await pilot.press("a")


async def _action(app: ReadinessApp, pilot: Pilot[None]) -> None:
    app.open_item("ESN06")
    await pilot.pause()
    await pilot.press("a")


async def _action_plan(app: ReadinessApp, pilot: Pilot[None]) -> None:
    app.open_screen("actions")


async def _edit_action(app: ReadinessApp, pilot: Pilot[None]) -> None:
    app.open_screen("actions")
    await pilot.pause()
    await pilot.press("e")


async def _register(app: ReadinessApp, pilot: Pilot[None]) -> None:
    app.open_screen("evidence")


async def _without_evidence(app: ReadinessApp, pilot: Pilot[None]) -> None:
    app.open_screen("evidence")
    await pilot.pause()
    app.screen.query_one("#tabs").active = "bare-tab"  # type: ignore[attr-defined]


async def _catalogue(app: ReadinessApp, pilot: Pilot[None]) -> None:
    app.open_screen("evidence")
    await pilot.pause()
    app.screen.query_one("#tabs").active = "catalogue-tab"  # type: ignore[attr-defined]


async def _enquiries(app: ReadinessApp, pilot: Pilot[None]) -> None:
    app.open_screen("enquiries")
    await pilot.pause()
    await pilot.press("o")


async def _help(app: ReadinessApp, pilot: Pilot[None]) -> None:
    await pilot.press("question_mark")


async def _export(app: ReadinessApp, pilot: Pilot[None]) -> None:
    app.open_screen("export")
    await pilot.pause()
    _fixed_input(app, "#output", "northshire-board-pack.html")


async def _name(app: ReadinessApp, pilot: Pilot[None]) -> None:
    app._ask_name()


async def _conflict(app: ReadinessApp, pilot: Pilot[None]) -> None:
    from readiness.tui.screens.conflict import ConflictScreen

    app.push_screen(ConflictScreen(Path("northshire.toml"),
                                   Path("northshire.mine-20261126-101500.toml")))


async def _quit_unsaved(app: ReadinessApp, pilot: Pilot[None]) -> None:
    app.save_state = "the folder is read-only"
    await pilot.press("ctrl+q")


async def _start(app: ReadinessApp, pilot: Pilot[None]) -> None:
    app.settings.recent = ["/srv/children/northshire.toml", "/gone/old-assessment.toml"]
    app.go_start()


async def _new(app: ReadinessApp, pilot: Pilot[None]) -> None:
    await _start(app, pilot)
    await pilot.pause()
    await pilot.press("n")
    await pilot.pause()
    _fixed_input(app, "#file", "/srv/children/self-assessment.toml")


async def _open_path(app: ReadinessApp, pilot: Pilot[None]) -> None:
    await _start(app, pilot)
    await pilot.pause()
    await pilot.press("o")
    await pilot.pause()
    _fixed_input(app, "#path", "/srv/children/")


async def _missing(app: ReadinessApp, pilot: Pilot[None]) -> None:
    from readiness.tui.screens.missing import MissingFileScreen

    await _start(app, pilot)
    await pilot.pause()
    app.push_screen(MissingFileScreen(Path("/gone/old-assessment.toml")))


async def _palette(app: ReadinessApp, pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"esn 8")
    await pilot.pause(0.3)


async def _dashboard(app: ReadinessApp, pilot: Pilot[None]) -> None:
    return None


async def _moderation(app: ReadinessApp, pilot: Pilot[None]) -> None:
    app.open_screen("moderation")


async def _agree(app: ReadinessApp, pilot: Pilot[None]) -> None:
    app.open_screen("moderation")
    await pilot.pause()
    await pilot.press("equals_sign")


async def _roster(app: ReadinessApp, pilot: Pilot[None]) -> None:
    app.open_screen("roster")


async def _present(app: ReadinessApp, pilot: Pilot[None]) -> None:
    app.open_screen("present")
    await pilot.pause()
    await pilot.press(*["right_square_bracket"] * 5)


async def _conflicts(app: ReadinessApp, pilot: Pilot[None]) -> None:
    from datetime import UTC, datetime
    from unittest import mock

    from readiness import store
    from readiness.banks import BankSet

    path = app.model.path
    other = store.open_for_edit(path, BankSet())
    with mock.patch("readiness.edits.now",  # the times shown must not change the picture
                    return_value=datetime(2026, 11, 26, 10, 15, tzinfo=UTC)):
        other.score("ESN06", "outstanding", by="J. Okafor (QA Lead)", strength="strong")
        app.model.score("ESN06", "inadequate", by="J. Okafor (QA Lead)", strength="none")
    store.save(other)
    store.save_merging(app.model)
    app.recompute()
    app.open_screen("conflicts")


async def _mock(app: ReadinessApp, pilot: Pilot[None]) -> None:
    from tests.helpers import run

    folder = app.model.path.parent
    assert run("lists", "demo", folder / "lists", banks=None).exit_code == 0
    app.model.set_mock(notified="24/11/2026", region="england", lists="lists",
                       profile="tracked-25", seed=1)
    app.open_screen("mock")
    await pilot.pause()
    await app.workers.wait_for_complete()


async def _mock_sample(app: ReadinessApp, pilot: Pilot[None]) -> None:
    await _mock(app, pilot)
    await pilot.pause()
    app.screen.query_one("#mock-tabs").active = "sample-tab"  # type: ignore[attr-defined]


async def _mock_settings(app: ReadinessApp, pilot: Pilot[None]) -> None:
    await _mock(app, pilot)
    await pilot.pause()
    await pilot.press("m")


EVERY_SCREEN: dict[str, Steps] = {
    "dashboard": _dashboard, "judgement": _judgement, "item": _item,
    "descriptors": _descriptors, "rationale": _rationale, "attach": _attach,
    "new_evidence": _new_evidence, "action": _action, "action_plan": _action_plan,
    "edit_action": _edit_action, "register": _register,
    "without_evidence": _without_evidence, "catalogue": _catalogue, "enquiries": _enquiries,
    "help": _help, "export": _export, "name": _name, "conflict": _conflict,
    "quit_unsaved": _quit_unsaved, "start": _start, "new": _new, "open_path": _open_path,
    "missing": _missing, "palette": _palette, "mock": _mock, "mock_sample": _mock_sample,
    "mock_settings": _mock_settings, "moderation": _moderation, "agree": _agree,
    "roster": _roster, "present": _present, "conflicts": _conflicts,
}


async def _steady(app: ReadinessApp, pilot: Pilot[None]) -> None:
    """No blinking cursors: a picture taken on a busy machine must not catch one mid-blink."""
    await pilot.pause()
    for widget in app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # type: ignore[attr-defined]
    await pilot.pause()


@pytest.mark.parametrize("name", EVERY_SCREEN)
def test_every_screen_at_80x24(snap_compare: object, app: ReadinessApp, name: str) -> None:
    async def before(pilot: Pilot[None]) -> None:
        await EVERY_SCREEN[name](app, pilot)
        await _steady(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=before)  # type: ignore[operator]


@pytest.mark.parametrize("name", ["dashboard", "judgement", "item"])
def test_main_screens_at_120x40(snap_compare: object, app: ReadinessApp, name: str) -> None:
    async def before(pilot: Pilot[None]) -> None:
        await EVERY_SCREEN[name](app, pilot)
        await _steady(app, pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=before)  # type: ignore[operator]
