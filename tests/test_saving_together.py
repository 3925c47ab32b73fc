"""Two people save one shared file at the same moment (two processes, as two laptops on
a shared folder): changes to different items both survive and nobody sees a conflict;
the same grade changed by both is exactly one conflict, and both grades are in the file."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from readiness import store
from readiness.banks import BankSet
from tests.conftest import FIXTURES, ROOT

SAVER = """
import json, sys, time
from pathlib import Path
from readiness import store
from readiness.banks import BankSet
banks, path, item, grade, by, ready, go = sys.argv[1:]
editable = store.open_for_edit(Path(path), BankSet(Path(banks)))
Path(ready).touch()
while not Path(go).exists():
    time.sleep(0.002)
editable.score(item, grade, by=by)
result = store.save_merging(editable)
print(json.dumps({"merged": result.merged, "conflicts": len(result.conflicts)}))
"""


def _two_saves(folder: Path, path: Path,
               *changes: tuple[str, str, str]) -> list[dict[str, object]]:
    script = folder / "saver.py"
    script.write_text(SAVER)
    go = folder / "go"
    procs, readies = [], []
    for n, (item, grade, by) in enumerate(changes):
        ready = folder / f"ready-{n}"
        readies.append(ready)
        procs.append(subprocess.Popen(
            [sys.executable, str(script), str(FIXTURES), str(path), item, grade, by,
             str(ready), str(go)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT))
    deadline = time.monotonic() + 60
    while not all(r.exists() for r in readies):  # both have read the same version
        assert time.monotonic() < deadline, "the savers did not start"
        time.sleep(0.01)
    go.touch()
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        outputs.append(json.loads(out))
    return outputs


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    editable = store.create(tmp_path / "shared.toml", BankSet(FIXTURES).get("mini"),
                            "Northshire")
    editable.score("H01", "good", by="Ann")
    store.save(editable)
    return editable.path


@pytest.mark.slow
def test_two_saves_of_different_items_in_one_second_both_survive(tmp_path: Path,
                                                                 shared: Path) -> None:
    said = _two_saves(tmp_path, shared, ("H02", "inadequate", "Ann"),
                      ("H03", "requires_improvement", "Bob"))
    assert [s["conflicts"] for s in said] == [0, 0]
    assert sorted(bool(s["merged"]) for s in said) == [False, True]
    data, _ = store.read(shared, BankSet(FIXTURES))
    assert data.responses["H02"].grade == "inadequate"
    assert data.responses["H03"].grade == "requires_improvement"
    assert data.responses["H01"].grade == "good" and data.conflicts == []


@pytest.mark.slow
def test_the_same_grade_saved_by_both_is_one_conflict_and_nothing_is_lost(
        tmp_path: Path, shared: Path) -> None:
    said = _two_saves(tmp_path, shared, ("H01", "inadequate", "Ann"),
                      ("H01", "requires_improvement", "Ann"))
    assert sorted(int(str(s["conflicts"])) for s in said) == [0, 1]
    data, _ = store.read(shared, BankSet(FIXTURES))
    [conflict] = data.conflicts
    assert conflict.kind == "both-changed" and conflict.fact == ["entry", "H01", "Ann"]
    counts = data.responses["H01"].grade
    assert {counts, conflict.values["grade"]} == {"inadequate", "requires_improvement"}
    assert conflict.kept["grade"] == counts
