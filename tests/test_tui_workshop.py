"""A room scoring together in the app (issue 12): several people on one screen, moderation
and agreeing, a colleague's save merged in, the projector mode, the browser mode."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Select, Static

from readiness import demo, store
from readiness.banks import BankSet
from readiness.tui.app import make_app
from readiness.tui.screens.moderation import ModerationScreen
from readiness.tui.screens.present import PresentScreen
from tests.conftest import ROOT
from tests.test_tui import drive, grade_and_wait

PEOPLE = ["A. Patel", "B. Smith", "C. Jones"]


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    return demo.ensure(BankSet(), tmp_path / "demo.toml")


def workshop(tmp_path: Path) -> Path:
    """A new assessment with a roster of three."""
    path = tmp_path / "workshop.toml"
    editable = store.create(path, BankSet().get("sif-2015"), "Roomshire")
    for person in PEOPLE:
        editable.roster_add(person)
    store.save(editable)
    return path


def test_three_grades_on_one_screen_then_moderate_and_agree(tmp_path: Path) -> None:
    path = workshop(tmp_path)
    app = make_app(path=path, assessor=PEOPLE[0])

    async def steps(pilot: Pilot[None]) -> None:
        app.open_item("ESN08")
        await pilot.pause()
        await pilot.press("2")  # A. Patel: good
        await pilot.press("tab", "3")  # B. Smith: requires improvement
        await pilot.press("tab", "4")  # C. Jones: inadequate
        await pilot.pause()
        await app.settled()
        grades = {e.by: e.grade for e in app.model.data.responses["ESN08"].assessors()}
        assert grades == {"A. Patel": "good", "B. Smith": "requires_improvement",
                          "C. Jones": "inadequate"}
        title = str(app.screen.query_one("#item-title", Static).render())
        assert "scoring as C. Jones" in title
        response = str(app.screen.query_one("#item-response", Static).render())
        assert "middle of 3 assessors' grades, not yet agreed" in response
        app.pop_screen()
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ModerationScreen)
        table = app.screen.query_one("#disputes", DataTable)
        assert str(table.coordinate_to_cell_key((0, 0)).row_key.value) == "ESN08"
        head = str(app.screen.query_one("#moderation-head", Static).render())
        assert "0 of 1 disputed items agreed" in head and "A. Patel 1/76" in head
        await pilot.press("equals_sign")
        await pilot.pause()
        app.screen.query_one("#grade", Select).value = "good"
        await pilot.click("#submit")
        await pilot.pause()
        await app.settled()
        head = str(app.screen.query_one("#moderation-head", Static).render())
        assert "1 of 1 disputed items agreed" in head

    drive(app, steps)
    data, _ = store.read(path, BankSet())
    agreed = data.responses["ESN08"].agreed
    assert agreed is not None and agreed.grade == "good"


def test_the_roster_lives_in_the_assessment_not_in_the_settings(tmp_path: Path) -> None:
    path = workshop(tmp_path)
    app = make_app(path=path, assessor="Facilitator")

    async def steps(pilot: Pilot[None]) -> None:
        app.open_screen("roster")
        await pilot.pause()
        await pilot.press(*"D. Singh", "enter")
        await pilot.pause()
        await app.settled()

    drive(app, steps)
    data, _ = store.read(path, BankSet())
    assert data.roster == [*PEOPLE, "D. Singh"]
    assert app.settings.assessor in ("", "Facilitator")


def test_a_colleagues_save_is_merged_in_and_announced(demo_file: Path) -> None:
    app = make_app(path=demo_file, assessor="Here")

    async def steps(pilot: Pilot[None]) -> None:
        await grade_and_wait(app, pilot, "ESN19", "2")
        colleague = store.open_for_edit(demo_file, BankSet())  # another laptop, same share
        colleague.score("ESN20", "inadequate", by="Elsewhere", strength="partial")
        store.save(colleague)
        assert app.refresh_from_disk()
        await pilot.pause()
        grades = {e.by: e.grade for e in app.model.data.responses["ESN20"].assessors()}
        assert grades["Elsewhere"] == "inadequate"
        assert any("Merged in" in n.message and "Elsewhere on ESN20" in n.message
                   for n in app._notifications)
        assert app.model.data.responses["ESN19"].assessors()[0].grade == "good"
        # ... and said in the status line until you change something yourself
        line = str(app.screen.query_one("#save-status", Static).render())
        assert line.startswith("✓ All changes saved") and "Elsewhere on ESN20" in line
        await pilot.press("3")
        await pilot.pause()
        await app.settled()
        await pilot.pause()
        assert "Merged in" not in str(app.screen.query_one("#save-status", Static).render())

    drive(app, steps)


def test_the_file_is_watched_without_anyone_asking(demo_file: Path) -> None:
    """Every save a colleague makes comes in (read in a thread, cut in pieces), not just
    the first: taking one in leaves nothing here marked unsaved."""
    app = make_app(path=demo_file, assessor="Here")

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.pause()
        for grade in ("good", "inadequate"):
            colleague = store.open_for_edit(demo_file, BankSet())
            colleague.score("ESN20", grade, by="Elsewhere", strength="strong")
            store.save(colleague)
            deadline = time.monotonic() + 10

            def merged(grade: str = grade) -> bool:
                response = app.model.data.responses.get("ESN20")
                return response is not None and any(
                    e.by == "Elsewhere" and e.grade == grade for e in response.assessors())

            while not merged():
                assert time.monotonic() < deadline, \
                    f"the app never noticed the colleague's save ({grade})"
                await pilot.pause(0.2)
            assert not app.model.dirty and not app.model.whole
            assert "Elsewhere on ESN20" in app.merged

    drive(app, steps)


def test_a_colleagues_save_that_cannot_be_taken_in_is_said_and_watching_goes_on(
        demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A damaged file, then a fault in the app itself while reading a colleague's save:
    each is one message, nothing here changes, and the next good save still comes in."""
    app = make_app(path=demo_file, assessor="Here")
    good = demo_file.read_text()

    async def look(pilot: Pilot[None]) -> None:
        app._disk_stat = None  # as if the file had just changed
        app._watch_file()
        await app.workers.wait_for_complete()
        await pilot.pause()

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.pause()
        before = app.model.data
        demo_file.write_text(good + "\n[[[broken\n")
        await look(pilot)
        assert any("cannot be read" in n.title and "damaged" in n.message
                   for n in app._notifications)
        assert app.model.data is before and not app._reading

        def fault(*_: object) -> None:
            raise RuntimeError("a bug")

        with monkeypatch.context() as patch:
            patch.setattr(store, "read_incoming", fault)
            await look(pilot)
        assert any("problem in the app" in n.message for n in app._notifications)
        assert app.model.data is before and not app._reading
        demo_file.write_text(good)
        colleague = store.open_for_edit(demo_file, BankSet())
        colleague.score("ESN20", "good", by="Elsewhere", strength="strong")
        store.save(colleague)
        await look(pilot)
        assert "Elsewhere on ESN20" in app.merged

    drive(app, steps)


def test_a_conflict_is_chosen_with_keys_and_the_choice_is_saved(demo_file: Path) -> None:
    """One person's grade and evidence strength for ESN06 changed here and on another
    laptop in the same second: on the Conflicts screen `t` takes the other version of
    one, `k` keeps what counts of the other, and both choices are saved."""
    from datetime import UTC, datetime
    from unittest import mock

    app = make_app(path=demo_file, assessor="Here")
    who = "J. Okafor (QA Lead)"

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.pause()
        other = store.open_for_edit(demo_file, BankSet())
        with mock.patch("readiness.edits.now",
                        return_value=datetime(2026, 11, 26, 10, 15, tzinfo=UTC)):
            other.score("ESN06", "outstanding", by=who, strength="strong")
            app.model.score("ESN06", "inadequate", by=who, strength="none")
        store.save(other)
        store.save_merging(app.model)
        app.recompute()
        app.open_screen("conflicts")
        await pilot.pause()
        head = str(app.screen.query_one("#conflicts-head", Static).render())
        assert "2 to choose" in head  # the grade, and the evidence strength
        aside = {k: v for c in app.model.data.conflicts for k, v in c.values.items()}
        table = app.screen.query_one("#conflicts", DataTable)
        first = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        field = next(iter(next(c for c in app.model.data.conflicts
                               if c.id == first).values))
        await pilot.press("t")  # take the other version of the first
        await pilot.pause()
        await app.settled()
        await pilot.press("k")  # keep what counts for the second (open ones come first)
        await pilot.pause()
        await app.settled()
        head = str(app.screen.query_one("#conflicts-head", Static).render())
        assert "0 to choose, 2 chosen" in head
        data, _ = store.read(demo_file, BankSet())
        entry = next(e for e in data.responses["ESN06"].assessors() if e.by == who)
        assert getattr(entry, field) == aside[field]  # taken
        other_field = "evidence_strength" if field == "grade" else "grade"
        assert getattr(entry, other_field) != aside[other_field]  # kept
        assert all(c.resolved_at is not None for c in data.conflicts)

    drive(app, steps)


def test_facilitator_mode_tallies_the_room_and_agrees_on_one_key(tmp_path: Path) -> None:
    path = workshop(tmp_path)
    app = make_app(path=path, assessor=PEOPLE[0], present=True)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.pause()
        assert isinstance(app.screen, PresentScreen)
        assert app.theme == "readiness-high-contrast"
        await pilot.press("2", "tab", "2", "tab", "3")
        await pilot.pause()
        tally = str(app.screen.query_one("#present-tally", Static).render())
        assert "Good" in tally and " 2 " in tally
        await pilot.press("equals_sign")
        await pilot.pause()
        await app.settled()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.screen.item_id == "ESN02"  # type: ignore[attr-defined]

    drive(app, steps)
    data, _ = store.read(path, BankSet())
    agreed = data.responses["ESN01"].agreed
    assert agreed is not None and agreed.grade == "good"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_serve_answers_on_loopback_with_the_apps_page_and_stops_cleanly(
        demo_file: Path) -> None:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "readiness", "serve", str(demo_file), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=os.environ.copy())
    try:
        deadline = time.monotonic() + 30
        page = ""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as reply:
                    assert reply.status == 200
                    page = reply.read().decode("utf-8")
                    break
            except OSError:
                time.sleep(0.3)
        assert "readiness: demo.toml" in page
        assert "/ws" in page or "websocket" in page.lower()
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert process.returncode in (0, -15, 143), process.stderr.read() if process.stderr else ""


def test_serve_refuses_a_network_address_without_the_flag(demo_file: Path) -> None:
    from tests.helpers import run

    result = run("serve", demo_file, "--host", "0.0.0.0", banks=None)
    assert result.exit_code == 1
    assert "--allow-network" in result.stderr


def test_every_item_table_filters_to_the_disputed_items(demo_file: Path) -> None:
    """The lines of enquiry's item table had no filter; `f` steps it through the same
    filters as a judgement's, 'where assessors disagree' among them."""
    from readiness.tui.screens.enquiries import EnquiriesScreen
    from readiness.tui.widgets.item_table import ItemTable

    app = make_app(path=demo_file, assessor="Pat")

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, EnquiriesScreen)
        table = app.screen.query_one(ItemTable)
        seen = []
        for _ in range(8):
            await pilot.press("f")
            await pilot.pause()
            seen.append(table.mode)
            if table.mode == "disputed":
                break
        assert table.mode == "disputed", seen
        label = str(app.screen.query_one("#filter-label", Static).render())
        assert label.startswith(f"Showing where assessors disagree ({len(table.shown)})")

    drive(app, steps)


def test_an_export_right_after_a_colleagues_save_holds_both_sets_of_changes(
        demo_file: Path) -> None:
    """The pack is made from the file as saved and merged, never from a stale view: a grade
    given here a moment ago and a colleague's save the app has not noticed yet are both in
    it (the issue's original bug left the colleague's inadequate grade out)."""
    import json

    from textual.widgets import Input

    app = make_app(path=demo_file, assessor="Here")
    target = demo_file.parent / "pack.json"

    async def steps(pilot: Pilot[None]) -> None:
        app.open_item("ESN19")
        await pilot.pause()
        await pilot.press("3")  # given here, maybe not yet on disk
        colleague = store.open_for_edit(demo_file, BankSet())
        colleague.score("ESN20", "inadequate", by="Elsewhere", strength="partial")
        store.save(colleague)  # on disk, not yet seen by the app
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one("#format", Select).value = "json"
        await pilot.pause()
        app.screen.query_one("#output", Input).value = str(target)
        app.screen.query_one("#export").scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click("#export")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.settled()

    drive(app, steps)
    items = {i["id"]: i for i in json.loads(target.read_text(encoding="utf-8"))["items"]}
    assert "Elsewhere: inadequate" in items["ESN20"]["assessors"]
    assert "Here: requires improvement" in items["ESN19"]["assessors"]
