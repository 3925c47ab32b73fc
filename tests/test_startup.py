"""Light commands stay light: no textual, no pandas (and no tomlkit for read-only ones)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import json, runpy, sys
watched = set(json.loads(sys.argv[2]))
sys.argv = ["readiness", *json.loads(sys.argv[1])]
try:
    runpy.run_module("readiness", run_name="__main__")
except SystemExit:
    pass
heavy = sorted(({m.split(".")[0] for m in sys.modules} | set(sys.modules)) & watched)
sys.stderr.write("MODULES " + json.dumps(heavy) + "\\n")
"""
HEAVY = ("textual", "pandas", "tomlkit", "openpyxl", "matplotlib", "docx")


def loaded(*args: str, watch: tuple[str, ...] = HEAVY) -> list[str]:
    out = subprocess.run([sys.executable, "-c", PROBE, json.dumps(list(args)),
                          json.dumps(list(watch))],
                         capture_output=True, text=True, check=True)
    line = [x for x in out.stderr.splitlines() if x.startswith("MODULES ")][-1]
    return list(json.loads(line[len("MODULES "):]))


def test_version_imports_nothing_heavy() -> None:
    assert loaded("--version") == []


def test_version_does_not_read_the_model_or_its_parser() -> None:
    """`--version` (and `--help`) need the commands' names, not what they work on: the
    model and msgspec were a third of its start-up time when a command module imported
    them at the top."""
    assert loaded("--version", watch=("readiness.assessment", "msgspec", "readiness.banks")) \
        == []


def test_banks_list_imports_nothing_heavy() -> None:
    assert loaded("banks", "list") == []


@pytest.fixture
def scored(tmp_path: Path) -> Path:
    from readiness import store
    from readiness.banks import BankSet

    path = tmp_path / "a.toml"
    editable = store.create(path, BankSet().get("sif-2015"), "Northshire")
    editable.score("ESN08", "good", by="Ann", strength="strong")
    store.save(editable)
    return path


def test_summary_imports_neither_textual_nor_pandas_nor_tomlkit(scored: Path) -> None:
    assert loaded("summary", str(scored), "--json") == []
