"""Small builders shared by tests."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner, Result

from readiness.cli.main import app
from tests.conftest import FIXTURES

MINI = FIXTURES / "mini.toml"
runner = CliRunner()


def run(*args: str | Path, banks: Path | None = FIXTURES) -> Result:
    """Run the CLI as a user would (with the test bank folder unless told otherwise)."""
    argv = [str(a) for a in args]
    if banks is not None:
        argv = ["--banks-dir", str(banks), *argv]
    return runner.invoke(app, argv)


def mini_text() -> str:
    return MINI.read_text(encoding="utf-8")


def write_bank(folder: Path, text: str, name: str = "bank.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, pattern: str, nth: int = 0) -> int:
    """The 1-based line of the nth line matching `pattern` (to assert FILE:LINE messages)."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if re.search(pattern, line)]
    return hits[nth]
