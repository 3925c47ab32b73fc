"""Valid TOML laid out by hand in an unusual order is read, edited and saved like any other.

TOML lets a person put `[[responses.ESN20.entries]]` after the `[[actions]]` table, add
to `[evidence]` in two places, write a response as an inline table or as dotted keys.
tomlkit hands such parts back as proxies or inline tables rather than plain tables, and
edits used to stop with an AssertionError. Each layout here holds the same data as a
plainly laid out file; every command must change both the same way, and keep the hand
edit's comment.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import run

HEAD = '''schema = 1
bank = "mini"
authority = "Northshire"
'''

PLAIN = HEAD + '''
[responses.H01]
by = "Ann"
grade = "good"
note = "Strategy meetings held"

[[responses.H01.entries]]
by = "Bob"
grade = "inadequate"

[[responses.H01.entries]]
by = "Dee"
grade = "good"

[responses.H02]
by = "Ann"
grade = "requires_improvement"

[responses.H03]
by = "Ann"
grade = "good"

[[actions]]
id = "A1"
item = "H01"
text = "Relaunch the threshold document"

[evidence.QA-1]
title = "Audit"

[evidence.QA-2]
title = "Survey"
'''

LAYOUTS = {
    # The layout the issue found: entries after the actions table.
    "entries after actions": HEAD + '''
[responses.H01]
by = "Ann"
grade = "good"
note = "Strategy meetings held"

[responses.H02]
by = "Ann"
grade = "requires_improvement"

[[actions]]
id = "A1"
item = "H01"
text = "Relaunch the threshold document"

# hand note: Bob and Dee scored at the workshop
[[responses.H01.entries]]
by = "Bob"
grade = "inadequate"

[[responses.H01.entries]]
by = "Dee"
grade = "good"

[evidence.QA-1]
title = "Audit"

[evidence.QA-2]
title = "Survey"
''',
    "entries on both sides of actions": HEAD + '''
[responses.H01]
by = "Ann"
grade = "good"
note = "Strategy meetings held"

[[responses.H01.entries]]
by = "Bob"
grade = "inadequate"

[[actions]]
id = "A1"
item = "H01"
text = "Relaunch the threshold document"

# hand note: Dee came later
[[responses.H01.entries]]
by = "Dee"
grade = "good"

[responses.H02]
by = "Ann"
grade = "requires_improvement"

[evidence.QA-1]
title = "Audit"

[evidence.QA-2]
title = "Survey"
''',
    "evidence in two places": HEAD + '''
[evidence.QA-1]
title = "Audit"

[responses.H01]
by = "Ann"
grade = "good"
note = "Strategy meetings held"

[[responses.H01.entries]]
by = "Bob"
grade = "inadequate"

[[responses.H01.entries]]
by = "Dee"
grade = "good"

[responses.H02]
by = "Ann"
grade = "requires_improvement"

[[actions]]
id = "A1"
item = "H01"
text = "Relaunch the threshold document"

# hand note: the survey came in late
[evidence.QA-2]
title = "Survey"
''',
    "a response as an inline table": HEAD + '''
[responses]
# hand note: H02 written on one line
H02 = { by = "Ann", grade = "requires_improvement" }

[responses.H01]
by = "Ann"
grade = "good"
note = "Strategy meetings held"

[[responses.H01.entries]]
by = "Bob"
grade = "inadequate"

[[responses.H01.entries]]
by = "Dee"
grade = "good"

[[actions]]
id = "A1"
item = "H01"
text = "Relaunch the threshold document"

[evidence.QA-1]
title = "Audit"

[evidence.QA-2]
title = "Survey"
''',
    "a response as dotted keys": HEAD + '''# hand note: H02 as dotted keys
responses.H02.by = "Ann"
responses.H02.grade = "requires_improvement"
responses.H03 = { by = "Ann", grade = "good" }

[responses.H01]
by = "Ann"
grade = "good"
note = "Strategy meetings held"

[[responses.H01.entries]]
by = "Bob"
grade = "inadequate"

[[responses.H01.entries]]
by = "Dee"
grade = "good"

[[actions]]
id = "A1"
item = "H01"
text = "Relaunch the threshold document"

[evidence.QA-1]
title = "Audit"

[evidence.QA-2]
title = "Survey"
''',
    "entries as an inline array": HEAD + '''
[responses.H01]
by = "Ann"
grade = "good"
note = "Strategy meetings held"
# hand note: the workshop's grades on one line each
entries = [{ by = "Bob", grade = "inadequate" },
           { by = "Dee", grade = "good" }]

[responses.H02]
by = "Ann"
grade = "requires_improvement"

[[actions]]
id = "A1"
item = "H01"
text = "Relaunch the threshold document"

[evidence.QA-1]
title = "Audit"

[evidence.QA-2]
title = "Survey"
''',
    "actions and evidence inline at the top": HEAD + '''# hand note: the action plan inline
actions = [{ id = "A1", item = "H01", text = "Relaunch the threshold document" }]
evidence = { QA-1 = { title = "Audit" }, QA-2 = { title = "Survey" } }

[responses.H01]
by = "Ann"
grade = "good"
note = "Strategy meetings held"

[[responses.H01.entries]]
by = "Bob"
grade = "inadequate"

[[responses.H01.entries]]
by = "Dee"
grade = "good"

[responses.H02]
by = "Ann"
grade = "requires_improvement"
''',
    "dotted keys inside the responses table": HEAD + '''
[responses]
# hand note: H02 as dotted keys
H02.by = "Ann"
H02.grade = "requires_improvement"

[responses.H01]
by = "Ann"
grade = "good"
note = "Strategy meetings held"

[[responses.H01.entries]]
by = "Bob"
grade = "inadequate"

[[responses.H01.entries]]
by = "Dee"
grade = "good"

[[actions]]
id = "A1"
item = "H01"
text = "Relaunch the threshold document"

[evidence.QA-1]
title = "Audit"

[evidence.QA-2]
title = "Survey"
''',
}
# H03 appended at the very end (after [evidence]) is out of order too, in every layout.
LAYOUTS = {name: text if "H03" in text else text + '\n[responses.H03]\nby = "Ann"\n'
           'grade = "good"\n' for name, text in LAYOUTS.items()}

COMMANDS = {
    "score, a new assessor": ("score", "{f}", "H01", "good", "--by", "Cat"),
    "score, an assessor in the moved entries": ("score", "{f}", "H01", "outstanding", "--by",
                                                "Dee", "--note", "Seen again"),
    "score, the first assessor": ("score", "{f}", "H01", "requires_improvement", "--by", "Ann"),
    "score the other item": ("score", "{f}", "H02", "good", "--by", "Ann", "-s", "strong"),
    "score the other item, a new assessor": ("score", "{f}", "H02", "good", "--by", "Eve"),
    "score with evidence": ("score", "{f}", "H01", "good", "--by", "Bob", "-e", "QA-2",
                            "--case", "LL-1"),
    "unscore one assessor": ("unscore", "{f}", "H01", "--by", "Dee"),
    "unscore everyone": ("unscore", "{f}", "H01"),
    "unscore the other item": ("unscore", "{f}", "H02"),
    "serious": ("score", "{f}", "H01", "inadequate", "--by", "Bob", "--serious"),
    "not applicable": ("score", "{f}", "H02", "n/a"),
    "add an action": ("action", "add", "{f}", "H02", "Audit again", "--owner", "QA"),
    "change an action": ("action", "status", "{f}", "A1", "done"),
    "add evidence": ("evidence", "add", "{f}", "QA-3", "--title", "Minutes", "--item", "H02"),
    "change evidence": ("evidence", "add", "{f}", "QA-2", "--title", "Survey 2026"),
    "snapshot": ("snapshot", "{f}", "--label", "Q3 board"),
}

VOLATILE = {"at", "updated", "created", "taken", "bank_hash", "bank_version", "id"}
"""Stamps (and every `..._at`), and the random ids new actions, evidence and snapshots get."""


def _data(path: Path) -> Any:
    """The file as data, without the stamps that differ from run to run."""
    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items()
                    if k not in VOLATILE and not k.endswith("_at")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(tomllib.loads(path.read_text(encoding="utf-8")))


def _sorted_entries(data: Any) -> Any:
    for response in data.get("responses", {}).values():
        if "entries" in response:
            response["entries"] = sorted(response["entries"], key=lambda e: e.get("by", ""))
    return data


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_hand_laid_out_file_reads_as_the_plain_one(tmp_path: Path, layout: str) -> None:
    hand, plain = tmp_path / "hand.toml", tmp_path / "plain.toml"
    hand.write_text(LAYOUTS[layout], encoding="utf-8")
    plain.write_text(PLAIN, encoding="utf-8")
    assert _data(hand) == _data(plain)
    for path in (hand, plain):
        result = run("summary", path, "--json")
        assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_every_change_to_a_hand_laid_out_file_is_the_change_to_the_plain_one(
        tmp_path: Path, layout: str, command: str) -> None:
    hand, plain = tmp_path / "hand.toml", tmp_path / "plain.toml"
    hand.write_text(LAYOUTS[layout], encoding="utf-8")
    plain.write_text(PLAIN, encoding="utf-8")
    for path in (hand, plain):
        args = [a.format(f=path) for a in COMMANDS[command]]
        result = run(*args)
        assert result.exit_code == 0, (path.name, result.stderr)
        assert run("summary", path).exit_code == 0
    assert _sorted_entries(_data(hand)) == _sorted_entries(_data(plain))
    assert "# hand note:" in hand.read_text(encoding="utf-8")


def test_score_and_unscore_on_entries_after_the_actions_table(tmp_path: Path) -> None:
    """The issue's own case: `[[responses.ESN20.entries]]` after `[[actions]]`."""
    path = tmp_path / "ours.toml"
    assert run("new", path, "--bank", "sif-2015", "--authority", "Northshire",
               banks=None).exit_code == 0
    with path.open("a", encoding="utf-8") as handle:
        handle.write('\n[responses.ESN20]\nby = "Ann"\ngrade = "good"\n\n'
                     '[[actions]]\nid = "A1"\nitem = "ESN20"\ntext = "Audit"\n\n'
                     '[[responses.ESN20.entries]]\nby = "Bob"\ngrade = "inadequate"\n')
    result = run("score", path, "ESN20", "requires_improvement", "--by", "Cat", banks=None)
    assert result.exit_code == 0, result.stderr
    result = run("score", path, "ESN20", "good", "--by", "Bob", banks=None)
    assert result.exit_code == 0, result.stderr
    entries = tomllib.loads(path.read_text(encoding="utf-8"))["responses"]["ESN20"]["entries"]
    assert {e["by"]: e["grade"] for e in entries} == {"Bob": "good",
                                                      "Cat": "requires_improvement"}
    result = run("unscore", path, "ESN20", banks=None)
    assert result.exit_code == 0, result.stderr
    response = tomllib.loads(path.read_text(encoding="utf-8"))["responses"]["ESN20"]
    assert "grade" not in response and all("grade" not in e for e in response["entries"])
    assert run("summary", path, banks=None).exit_code == 0


def test_a_layout_that_cannot_be_rearranged_is_refused_in_one_line(tmp_path: Path) -> None:
    """A multi-line string under a dotted key at the top cannot be moved line by line;
    the change is refused, and the file (which reads fine) is left as it was."""
    path = tmp_path / "ours.toml"
    path.write_text(HEAD + 'responses.H01.note = """two\nlines"""\n\n[responses.H02]\n'
                    'by = "Ann"\ngrade = "good"\n', encoding="utf-8")
    before = path.read_bytes()
    assert run("summary", path).exit_code == 0
    result = run("score", path, "H01", "good", "--by", "Zed")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {path}: responses is laid out in a way")
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before


ENDINGS = {
    "snapshot": '[[snapshots]]\nlabel = "Q2 board"\ntaken = 2026-06-01T10:00:00Z\n\n'
                '[snapshots.grades]\nH01 = "good"',
    "add an action": '[[actions]]\nid = "A1"\nitem = "H01"\ntext = "Relaunch"',
    "score, a new assessor": '[[responses.H01.entries]]\nby = "Bob"\ngrade = "inadequate"',
}


@pytest.mark.parametrize("tail", ["", "\n# the last word, no line break"])
@pytest.mark.parametrize("command", list(ENDINGS))
def test_a_file_whose_last_line_has_no_line_break_is_saved_whole(
        tmp_path: Path, tail: str, command: str) -> None:
    """tomlkit glued what it appended to the array the file ends with onto that last line:
    the file no longer read (`grade = "inadequate"[[responses.H01.entries]]`), or what
    was added was lost inside a comment (`# ...[[snapshots]]`). Found by make fuzz."""
    path = tmp_path / "ours.toml"
    path.write_text(HEAD + '\n[responses.H01]\nby = "Ann"\ngrade = "good"\n\n'
                    + ENDINGS[command] + tail, encoding="utf-8")  # no line break at the end
    before = _data(path)
    result = run(*[a.format(f=path) for a in COMMANDS[command]])
    assert result.exit_code == 0, result.stderr
    assert run("summary", path).exit_code == 0
    after = _data(path)
    if command == "snapshot":
        assert [s["label"] for s in after["snapshots"]] == ["Q2 board", "Q3 board"]
    elif command == "add an action":
        assert len(after["actions"]) == len(before["actions"]) + 1
    else:
        assert {e["by"] for e in after["responses"]["H01"]["entries"]} == {"Bob", "Cat"}
