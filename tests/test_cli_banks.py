"""`readiness banks …`, `--version` and `python -m readiness`, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from readiness import __version__
from tests.helpers import mini_text, run, write_bank

ROOT = Path(__file__).resolve().parent.parent


def test_version() -> None:
    result = run("--version", banks=None)
    assert result.exit_code == 0 and result.stdout.strip() == f"readiness {__version__}"


def test_python_dash_m_is_the_same_command() -> None:
    out = subprocess.run([sys.executable, "-m", "readiness", "--version"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == f"readiness {__version__}"


def test_banks_list_shows_the_shipped_banks_with_item_counts() -> None:
    result = run("banks", "list", banks=None)
    assert result.exit_code == 0
    assert "sif-2015" in result.stdout and "76" in result.stdout
    assert "safeguarding-2010" in result.stdout and "looked-after-2010" in result.stdout


def test_banks_list_json() -> None:
    result = run("banks", "list", "--json")
    rows = {r["id"]: r for r in json.loads(result.stdout)}
    assert rows["sif-2015"]["items"] == 76 and rows["sif-2015"]["shipped"] is True
    assert rows["mini"]["shipped"] is False and rows["mini"]["judgements"] == 6


def test_banks_show_lists_judgements_and_items() -> None:
    result = run("banks", "show", "mini")
    assert result.exit_code == 0
    assert "Help and protection" in result.stdout and "H01" in result.stdout
    assert "graded → care" in result.stdout


def test_banks_show_json() -> None:
    data = json.loads(run("banks", "show", "mini", "--json").stdout)
    assert [j["id"] for j in data["judgements"]][:2] == ["overall", "help"]
    assert data["judgements"][3]["items"] == ["C01", "A01"]


def test_banks_show_one_item_accepts_the_ways_people_type_ids() -> None:
    for typed in ("H01", "h01", "h 01", "h1"):
        result = run("banks", "show", "mini", typed)
        assert result.exit_code == 0, typed
        assert "Are children seen and seen alone?" in result.stdout
        assert "1.07  Thresholds" in result.stdout


def test_a_bare_number_shared_by_several_items_is_called_ambiguous() -> None:
    result = run("banks", "show", "mini", "1")
    assert result.exit_code == 1 and "ambiguous" in result.stderr and "H01" in result.stderr


def test_a_bare_number_finds_a_sif_item() -> None:
    result = run("banks", "show", "sif-2015", "08", banks=None)
    assert result.exit_code == 0 and result.stdout.startswith("ESN08")


def test_banks_show_unknown_item_is_one_clear_line() -> None:
    result = run("banks", "show", "mini", "Z99")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: no item 'Z99' in bank mini")
    assert "Traceback" not in result.stderr + result.stdout


def test_banks_show_unknown_bank() -> None:
    result = run("banks", "show", "nope")
    assert result.exit_code == 1 and "no bank called 'nope'" in result.stderr


def test_validate_accepts_every_shipped_bank() -> None:
    files = sorted((ROOT / "questionbanks").glob("*.toml"))
    result = run("banks", "validate", *files, banks=None)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count(": ok (") == len(files)


def test_validate_reports_file_line_message_and_exits_1(tmp_path: Path) -> None:
    broken = write_bank(tmp_path, mini_text().replace('id = "H02"', 'id = "H01"'))
    result = run("banks", "validate", broken, banks=None)
    assert result.exit_code == 1
    line = [n for n, text in enumerate(broken.read_text().splitlines(), 1)
            if text == 'id = "H01"'][1]
    assert f"{broken}:{line}: duplicate item id 'H01'" in result.stderr


def test_a_broken_user_bank_is_left_out_with_its_location(tmp_path: Path) -> None:
    """One broken bank of your own never stops the others (issue 15)."""
    write_bank(tmp_path, mini_text().replace("[[judgement]]", "[[judgment]]", 1))
    result = run("banks", "list", banks=tmp_path)
    assert result.exit_code == 0 and "sif-2015" in result.stdout
    assert "warning: left out the bank" in result.stderr and "bank.toml:" in result.stderr
    assert "Traceback" not in result.stderr


def test_schema_is_json() -> None:
    data = json.loads(run("banks", "schema").stdout)
    assert "$defs" in data and data["title"] == "readiness question bank"


def test_every_command_has_help_with_an_example() -> None:
    commands = [["banks", c] for c in ("list", "show", "validate", "schema")]
    commands += [["new"], ["score"], ["unscore"], ["import"], ["summary"], ["restore"]]
    commands += [["evidence", "add"], ["evidence", "list"], ["action", "add"],
                 ["action", "list"], ["action", "status"], ["export"], ["snapshot"],
                 ["open"], ["demo"]]
    for command in commands:
        result = run(*command, "--help", banks=None)
        assert result.exit_code == 0, command
        assert "Example" in result.stdout, command
