"""Killing the app right after a grade: nothing it reported saved is lost, nothing is
corrupted; a closed terminal (SIGHUP) or a stop (SIGTERM) loses nothing at all."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from readiness import demo, store
from readiness.banks import BankSet
from tests.conftest import ROOT

HARNESS = ROOT / "tests" / "kill_harness.py"
ITEMS = ["ESN19", "ESN20", "ESN43", "ESN47", "ESN54", "ESN63", "ESN65", "ESN71", "ESN72",
         "ESN23"]


def _run_and_kill(tmp_path: Path, item: str, sig: int, delay: float) -> tuple[bool, Path]:
    path = demo.ensure(BankSet(), tmp_path / "demo.toml")
    marker = tmp_path / "marker"
    process = subprocess.Popen(
        [sys.executable, str(HARNESS), str(path), item, "1", str(marker)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT, env=os.environ.copy())
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    line = b""
    while b"PRESSED" not in line:
        line = process.stdout.readline()
        assert line or process.poll() is None, "the app stopped before the grade"
        assert time.monotonic() < deadline
    time.sleep(delay)
    process.send_signal(sig)
    process.wait(timeout=30)
    return marker.exists(), path


def _grade(path: Path, item: str) -> str | None:
    data, _ = store.read(path, BankSet())  # also proves the file is whole
    response = data.responses.get(item)
    if response is None:
        return None
    return next((e.grade for e in response.assessors() if e.by == "Killed"), None)


@pytest.mark.slow
@pytest.mark.parametrize("n", range(20))
def test_sigkill_right_after_a_grade_loses_nothing_reported_saved(
        tmp_path: Path, n: int) -> None:
    item = ITEMS[n % len(ITEMS)]
    delay = random.Random(n).uniform(0, 0.12)
    reported, path = _run_and_kill(tmp_path, item, signal.SIGKILL, delay)
    grade = _grade(path, item)
    if reported:
        assert grade == "outstanding", f"reported saved after {delay:.3f}s, then lost"
    assert grade in (None, "outstanding")
    leftovers = [p.name for p in path.parent.iterdir() if p.name.startswith(f".{path.name}.")]
    assert grade is not None or reported is False, leftovers


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
@pytest.mark.parametrize("delay", [0.0, 0.02, 0.1])
def test_sigterm_or_sighup_right_after_a_grade_loses_nothing(
        tmp_path: Path, sig: int, delay: float) -> None:
    _, path = _run_and_kill(tmp_path, "ESN19", sig, delay)
    assert _grade(path, "ESN19") == "outstanding"
