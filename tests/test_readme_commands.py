"""README's command list matches what `--help` prints: every option it shows exists, and
every option a command has is shown."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT
from tests.helpers import run

GROUPS = {"banks", "evidence", "action", "lists", "audit"}


def _readme_commands() -> dict[tuple[str, ...], set[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Command line", 1)[1].split("```", 2)[1]
    found: dict[tuple[str, ...], set[str]] = {}
    lines = block.replace("\\\n", " ").splitlines()
    for line in lines:
        line = line.split("  #", 1)[0].strip()
        if not line.startswith("readiness "):
            continue
        words = line.split()[1:]
        while words and words[0].startswith("--"):  # global options such as --banks-dir
            words = words[2:] if words[0] == "--banks-dir" else words[1:]
        if not words:
            continue
        path = tuple(words[:2]) if words[0] in GROUPS else (words[0],)
        options = set(re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", line.split(" ".join(path), 1)[1]))
        found.setdefault(path, set()).update(options)
    return found


def _help_options(path: tuple[str, ...]) -> set[str]:
    result = run(*path, "--help", banks=None)
    assert result.exit_code == 0, path
    options = set()
    for line in result.stdout.split("Options:", 1)[1].splitlines():
        options.update(re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", line.split("  ", 2)[1]
                                  if line.startswith("  ") and len(line.split("  ", 2)) > 2
                                  else line.strip().split("  ")[0]))
    return options - {"-h", "--help"}


README = _readme_commands()


@pytest.mark.parametrize("path", sorted(README), ids=" ".join)
def test_readme_command_list_matches_help(path: tuple[str, ...]) -> None:
    shown = README[path]
    real = _help_options(path)
    assert shown - real == set(), f"README shows options {path} does not have"
    long_real = {o for o in real if o.startswith("--")}
    long_shown = {o for o in shown if o.startswith("--")} | {
        long for short, long in (("-o", "--output"), ("-f", "--format"), ("-t", "--title"),
                                 ("-l", "--location"), ("-s", "--evidence-strength"),
                                 ("-e", "--evidence"), ("-n", "--note"), ("-d", "--date"),
                                 ("-i", "--item"))
        if short in shown}
    assert long_real - long_shown == set(), f"README leaves out options of {path}"


def test_every_command_is_in_the_readme() -> None:
    import typer.main

    from readiness.cli.main import app

    root = typer.main.get_command(app)
    commands = set()
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        subs = getattr(command, "commands", None)
        commands.update({(name, sub) for sub in subs} if subs else {(name,)})
    assert commands - set(README) == set()
