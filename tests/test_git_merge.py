"""A repository of assessments edited on two branches merges with real `git merge`:
different items merge cleanly; the same grade changed on both is recorded in the file,
never as conflict markers; `git-setup` registers the driver once, however often run."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from readiness import store
from readiness.banks import BankSet
from tests.conftest import FIXTURES
from tests.helpers import run

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")]

ENV = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.org",
       "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.org"}


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          env=ENV, check=check)


def score(path: Path, item: str, grade: str, by: str) -> None:
    editable = store.open_for_edit(path, BankSet(FIXTURES))
    editable.score(item, grade, by=by)
    store.save(editable)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    editable = store.create(repo / "ours.toml", BankSet(FIXTURES).get("mini"), "Northshire")
    editable.score("H01", "good", by="Ann")
    store.save(editable)
    result = run("git-setup", repo)
    assert result.exit_code == 0, result.stderr
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "start")
    return repo


def branches(repo: Path, ours: tuple[str, str, str], theirs: tuple[str, str, str]) -> \
        subprocess.CompletedProcess[str]:
    path = repo / "ours.toml"
    git(repo, "checkout", "-q", "-b", "theirs")
    score(path, *theirs)
    git(repo, "commit", "-q", "-am", "theirs")
    git(repo, "checkout", "-q", "main")
    score(path, *ours)
    git(repo, "commit", "-q", "-am", "ours")
    return git(repo, "merge", "--no-edit", "theirs", check=False)


def test_git_setup_registers_the_driver_once(repo: Path) -> None:
    again = run("git-setup", repo)
    assert again.exit_code == 0
    assert "already has `*.toml merge=readiness`" in again.stdout
    assert "merge.readiness.driver was already set" in again.stdout
    assert (repo / ".gitattributes").read_text().count("merge=readiness") == 1
    assert (repo / ".gitignore").read_text().count(".readiness/") == 1
    assert "merge-driver %O %A %B" in git(repo, "config", "merge.readiness.driver").stdout


def test_branches_that_scored_different_items_merge_cleanly(repo: Path) -> None:
    merged = branches(repo, ("H02", "inadequate", "Ann"), ("H03", "good", "Bob"))
    assert merged.returncode == 0, merged.stdout + merged.stderr
    text = (repo / "ours.toml").read_text()
    assert "<<<<<<<" not in text and ">>>>>>>" not in text
    data, _ = store.read(repo / "ours.toml", BankSet(FIXTURES))
    assert data.responses["H02"].grade == "inadequate"
    assert data.responses["H03"].grade == "good"
    assert data.responses["H01"].grade == "good" and data.conflicts == []
    assert git(repo, "status", "--porcelain").stdout.strip() == ""


def test_the_same_grade_changed_on_both_branches_is_recorded_not_marked(repo: Path) -> None:
    merged = branches(repo, ("H01", "inadequate", "Ann"), ("H01", "requires improvement",
                                                          "Ann"))
    assert merged.returncode == 0, merged.stdout + merged.stderr
    text = (repo / "ours.toml").read_text()
    assert "<<<<<<<" not in text
    data, _ = store.read(repo / "ours.toml", BankSet(FIXTURES))
    [conflict] = data.conflicts
    assert {data.responses["H01"].grade, conflict.values["grade"]} == \
        {"inadequate", "requires_improvement"}


def test_the_driver_refuses_a_file_it_cannot_read_and_writes_nothing(tmp_path: Path) -> None:
    good = store.create(tmp_path / "a.toml", BankSet(FIXTURES).get("mini"), "Northshire").path
    broken = tmp_path / "b.toml"
    broken.write_text(good.read_text() + "\n<<<<<<< HEAD\n")
    before = good.read_bytes()
    result = run("merge-driver", good, good, broken)
    assert result.exit_code == 1 and "cannot be read" in result.stderr
    assert good.read_bytes() == before


def test_toml_files_that_are_not_assessments_get_gits_text_merge(tmp_path: Path) -> None:
    base, ours, theirs = (tmp_path / n for n in ("base.toml", "ours.toml", "theirs.toml"))
    middle = "".join(f"x{n} = {n}\n" for n in range(5))
    base.write_text(f"a = 1\n{middle}b = 1\n")
    ours.write_text(f"a = 2\n{middle}b = 1\n")
    theirs.write_text(f"a = 1\n{middle}b = 2\n")
    result = run("merge-driver", base, ours, theirs)
    assert result.exit_code == 0
    assert ours.read_text() == f"a = 2\n{middle}b = 2\n"
