"""What people see, pinned: the main screens at 80x24 (a projector) and 120x40.

Update after an intended change with `pytest tests/test_snapshots.py --snapshot-update`
and look at every changed picture before committing it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from readiness import demo
from readiness.banks import BankSet
from readiness.tui.app import ReadinessApp, make_app

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def app(tmp_path: Path) -> ReadinessApp:
    path = demo.ensure(BankSet(), tmp_path / "demo.toml")
    return make_app(path=path, assessor="Snapshot")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_dashboard(snap_compare: object, app: ReadinessApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size)  # type: ignore[operator]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_judgement_screen(snap_compare: object, app: ReadinessApp,
                          size: tuple[int, int]) -> None:
    async def before(pilot: Pilot[None]) -> None:
        app.open_judgement("help-and-protection")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=before)  # type: ignore[operator]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_item_screen(snap_compare: object, app: ReadinessApp, size: tuple[int, int]) -> None:
    async def before(pilot: Pilot[None]) -> None:
        app.open_item("ESN06", ["ESN05", "ESN06", "ESN07"])
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=before)  # type: ignore[operator]
