"""The action plan from the command line: texts as people write them, statuses, JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import run


@pytest.fixture
def ours(tmp_path: Path) -> Path:
    path = tmp_path / "ours.toml"
    assert run("new", path, "--bank", "mini", "--authority", "Northshire").exit_code == 0
    return path


def _actions(path: Path) -> list[dict[str, object]]:
    result = run("action", "list", path, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("text", ["- relaunch the threshold guidance", "-1 week: audit",
                                  "--- see minutes", "– en dash first"])
def test_action_text_beginning_with_a_dash_is_accepted_without_double_dash(
        ours: Path, text: str) -> None:
    result = run("action", "add", ours, "H01", text, "--owner", "Head of MASH",
                 "--due", "2027-01-31")
    assert result.exit_code == 0, result.stderr
    [action] = _actions(ours)
    assert (action["text"], action["owner"], action["due"]) == (
        text, "Head of MASH", "2027-01-31")


def test_option_values_beginning_with_a_dash_stay_with_their_option(ours: Path) -> None:
    result = run("action", "add", ours, "H01", "- relaunch", "-o", "- the MASH team")
    assert result.exit_code == 0, result.stderr
    [action] = _actions(ours)
    assert (action["text"], action["owner"]) == ("- relaunch", "- the MASH team")


def test_double_dash_still_works(ours: Path) -> None:
    assert run("action", "add", ours, "H01", "--", "-relaunch").exit_code == 0
    assert _actions(ours)[0]["text"] == "-relaunch"


def test_a_one_word_dashed_text_says_exactly_how_to_enter_it(ours: Path) -> None:
    before = ours.read_bytes()
    result = run("action", "add", ours, "H01", "-relaunch")
    assert result.exit_code == 2
    assert 'put -- before it: readiness action add FILE ITEM -- "-text"' in result.stderr
    assert ours.read_bytes() == before


def test_a_misspelt_option_is_still_refused_as_one(ours: Path) -> None:
    result = run("action", "add", ours, "H01", "Relaunch", "--ownr", "Bob")
    assert result.exit_code == 2
    assert "No such option: --ownr" in result.stderr and "--owner" in result.stderr


def test_action_list_json_says_open_for_an_open_action(ours: Path) -> None:
    assert run("action", "add", ours, "H01", "Relaunch").exit_code == 0
    [action] = _actions(ours)
    assert action["status"] == "open"
    assert set(action) == {"id", "label", "item", "text", "owner", "due", "status", "created",
                           "at", "carried_from"}
    assert action["carried_from"] == ""
    assert action["label"] == "A1" and len(action["id"]) == 8


@pytest.mark.parametrize("typed", ["in progress", "In-Progress", "IN PROGRESS", "in_progress",
                                   "Done"])
def test_action_status_accepts_the_ways_people_write_it(ours: Path, typed: str) -> None:
    assert run("action", "add", ours, "H01", "Relaunch").exit_code == 0
    result = run("action", "status", ours, "A1", typed)
    assert result.exit_code == 0, result.stderr
    assert _actions(ours)[0]["status"] == typed.lower().replace(" ", "_").replace("-", "_")


def test_an_unknown_action_status_is_still_refused(ours: Path) -> None:
    assert run("action", "add", ours, "H01", "Relaunch").exit_code == 0
    result = run("action", "status", ours, "A1", "finished")
    assert result.exit_code == 1 and "'finished' is not an action status" in result.stderr
