"""Usage mistakes are the user's, not the app's: click's usage message and exit 2, no crash log.

Real crashes keep their log, under a name no other crash can take.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readiness.settings import data_dir
from tests.helpers import run


@pytest.fixture
def ours(tmp_path: Path) -> Path:
    path = tmp_path / "ours.toml"
    assert run("new", path, "--bank", "mini", "--authority", "Northshire").exit_code == 0
    return path


def _logs() -> list[Path]:
    folder = data_dir() / "logs"
    return sorted(folder.iterdir()) if folder.is_dir() else []


MISTAKES = [
    ("summary",),
    ("scroe",),
    ("summary", "{f}", "--bogus"),
    ("export", "{f}", "--format"),
    ("export", "{f}", "-o"),
    ("score", "{f}"),
    ("score", "{f}", "ESN08"),
    ("score", "{f}", "H01", "good", "-s"),
    ("unscore", "{f}", "H01", "--by"),
    ("summary", "{f}", "extra"),
    ("banks", "nope"),
    ("action", "bogus"),
    ("action", "status", "{f}"),
    ("evidence", "add"),
    ("snapshot", "{f}", "--list=3"),
    ("summary", "{f}", "--json=yes"),
    ("import", "{f}"),
    ("--nope",),
]


@pytest.mark.parametrize("args", MISTAKES, ids=[" ".join(a) for a in MISTAKES])
def test_usage_mistakes_get_click_usage_message_and_exit_2_without_crash_log(
        ours: Path, args: tuple[str, ...]) -> None:
    result = run(*(a.format(f=ours) for a in args))
    assert result.exit_code == 2, result.stderr
    assert "Usage: " in result.stderr
    assert "did not expect" not in result.stderr and "Traceback" not in result.stderr
    assert _logs() == []


def test_a_group_without_its_command_shows_its_help_and_no_crash_log() -> None:
    result = run("action")
    assert "Commands:" in result.stdout + result.stderr
    assert "did not expect" not in result.stderr
    assert _logs() == []


@pytest.mark.slow
def test_usage_mistake_as_a_process_exits_2_with_usage_on_stderr(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "readiness", "scroe", "x.toml"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Usage: " in done.stderr and "No such command 'scroe'" in done.stderr
    assert _logs() == []


def test_crash_logs_in_the_same_second_never_collide_or_overwrite(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from readiness.crashlog import write as _log_crash

    paths = [_log_crash(RuntimeError(f"crash {n}")) for n in range(5)]
    assert len(set(paths)) == 5
    texts = [Path(p).read_text(encoding="utf-8") for p in paths]
    assert all(f"crash {n}" in text for n, text in enumerate(texts))


def test_a_real_bug_still_writes_a_crash_log_and_exits_70(
        ours: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import readiness.judgement

    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("engine fell over")

    monkeypatch.setattr(readiness.judgement, "judge", boom)
    result = run("summary", ours)
    assert result.exit_code == 70
    assert "did not expect" in result.stderr and "engine fell over" in result.stderr
    assert len(_logs()) == 1


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_lists_and_the_summary_fit_the_terminal(tmp_path: Path, columns: int,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """At 80 columns `action list` was 131 wide and `evidence list` 162 (cutting links
    short); long text now wraps in its column and nothing is cut."""
    from readiness import demo
    from readiness.banks import BankSet

    path = demo.ensure(BankSet(), tmp_path / "demo.toml")
    monkeypatch.setenv("COLUMNS", str(columns))
    for args in (("summary", path), ("action", "list", path), ("evidence", "list", path)):
        result = run(*args, banks=None)
        assert result.exit_code == 0, result.stderr
        widest = max(len(line) for line in result.stdout.splitlines())
        assert widest <= columns, (args[:2], widest)
    listed = run("evidence", "list", path, banks=None).stdout
    # each location is wrapped within its column, never cut: read the column back whole
    lines = listed.splitlines()
    title, at, to = (lines[0].index(h) for h in ("TITLE", "LOCATION", "DATE"))
    found: dict[str, str] = {}
    code = ""
    for line in lines[2:]:
        if not line.strip():
            break
        code = line[:title].strip() or code
        found[code] = found.get(code, "") + line[at:to].replace(" ", "")
    data = json.loads(run("evidence", "list", path, "--json", banks=None).stdout)
    assert found == {c: ref["location"].replace(" ", "") for c, ref in data.items()}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "bb", "multi-agency", "x" * 30, "1.07", "word,", "-",
                                 "/tmp/pytest-of-root/popen-gw0/x", "a-", ""]), max_size=30),
       st.lists(st.sampled_from([" ", "  ", "\n", "\t", ""]), min_size=30, max_size=30),
       st.sampled_from(["", "  ", "      "]), st.integers(20, 100))
def test_wrapping_by_hand_fills_as_textwrap_does(words: list[str], gaps: list[str],
                                                 indent: str, width: int) -> None:
    """`wrap` is written out by hand for speed (moderation's 42,000 lines); what it prints
    is what `textwrap.fill` prints."""
    import textwrap

    from readiness.cli.common import wrap

    text = "".join(w + g for w, g in zip(words, gaps, strict=False)).lstrip()
    assert wrap(text, indent, width) == textwrap.fill(
        text, width=width, initial_indent=indent, subsequent_indent=indent,
        break_long_words=False)
