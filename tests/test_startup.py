"""Light commands stay light: no textual, no pandas (and no tomlkit for read-only ones)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import json, runpy, sys
sys.argv = ["readiness", *json.loads(sys.argv[1])]
try:
    runpy.run_module("readiness", run_name="__main__")
except SystemExit:
    pass
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"textual", "pandas", "tomlkit",
                                                         "openpyxl", "matplotlib", "docx"})
sys.stderr.write("MODULES " + json.dumps(heavy) + "\\n")
"""


def loaded(*args: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", PROBE, json.dumps(list(args))],
                         capture_output=True, text=True, check=True)
    line = [x for x in out.stderr.splitlines() if x.startswith("MODULES ")][-1]
    return list(json.loads(line[len("MODULES "):]))


def test_version_imports_nothing_heavy() -> None:
    assert loaded("--version") == []


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
