"""Writing a board pack where it cannot: one line naming the path and why, exit 1, nothing left.

Also standard output (`-o -`), `--force` over an existing file, and a warning for a file
name whose extension does not match the format.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from readiness.settings import data_dir
from tests.helpers import run


@pytest.fixture
def ours(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    path = folder / "ours.toml"
    assert run("new", path, "--bank", "mini", "--authority", "Northshire").exit_code == 0
    assert run("score", path, "H01", "good", "--by", "Ann").exit_code == 0
    return path


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _no_crash_log() -> bool:
    return not (data_dir() / "logs").exists()


def _fail(number: int):  # type: ignore[no-untyped-def]
    def fail(*_: object, **__: object) -> None:
        raise OSError(number, os.strerror(number))
    return fail


@pytest.mark.parametrize(
    ("where", "number", "reason"),
    [
        ("tempfile.mkstemp", errno.EACCES, "permission denied"),  # a read-only folder
        ("os.replace", errno.EACCES, "open in another program"),  # a locked file (Windows)
        ("os.fsync", errno.ENOSPC, "the disk is full"),           # a full disk
        ("os.replace", errno.EROFS, "read-only"),
        ("os.fdopen", errno.EIO, os.strerror(errno.EIO)),         # anything else
    ],
)
def test_export_that_cannot_be_written_is_one_line_exit_1_and_leaves_nothing(
        ours: Path, monkeypatch: pytest.MonkeyPatch, where: str, number: int,
        reason: str) -> None:
    import readiness.store

    module, name = where.split(".")
    target = readiness.store.tempfile if module == "tempfile" else readiness.store.os
    before = _listing(ours.parent)
    out = ours.parent / "pack.md"
    monkeypatch.setattr(target, name, _fail(number))
    result = run("export", ours, "-f", "md", "-o", out)
    assert result.exit_code == 1, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {out}: could not write")
    assert reason in lines[0]
    assert _listing(ours.parent) == before
    assert _no_crash_log()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="needs a POSIX user who cannot write a read-only folder")
def test_export_into_a_really_read_only_folder(ours: Path, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = run("export", ours, "-f", "md", "-o", folder / "pack.md")
        assert result.exit_code == 1 and "permission denied" in result.stderr
        assert _listing(folder) == []
    finally:
        folder.chmod(0o755)


def test_word_export_that_cannot_be_written_leaves_no_part_file(
        ours: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import readiness.store

    before = _listing(ours.parent)
    monkeypatch.setattr(readiness.store.os, "replace", _fail(errno.EACCES))
    result = run("export", ours, "-f", "docx", "-o", ours.parent / "pack.docx")
    assert result.exit_code == 1 and "permission denied" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert _listing(ours.parent) == before
    assert _no_crash_log()


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_output_naming_a_folder_is_one_line_exit_1(ours: Path, fmt: str) -> None:
    before = _listing(ours.parent)
    result = run("export", ours, "-f", fmt, "-o", ours.parent)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "is a folder" in result.stderr
    assert _listing(ours.parent) == before
    assert _no_crash_log()


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_dash_writes_text_formats_to_standard_output(
        ours: Path, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ours.parent)
    before = _listing(ours.parent)
    result = run("export", ours, "-f", fmt, "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert "Wrote" not in result.stdout
    if fmt == "json":
        assert json.loads(result.stdout)["authority"] == "Northshire"
    else:
        assert "Help and protection" in result.stdout
    assert _listing(ours.parent) == before
    assert not Path("-").exists()


@pytest.mark.parametrize("fmt", ["html", "docx", "xlsx"])
def test_dash_refuses_binary_formats_in_one_line(
        ours: Path, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ours.parent)
    result = run("export", ours, "-f", fmt, "-o", "-")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "cannot be written to standard output" in \
        result.stderr
    assert not Path("-").exists()


def test_an_existing_output_is_replaced_only_with_force(ours: Path) -> None:
    out = ours.parent / "pack.md"
    out.write_text("the board's own notes", encoding="utf-8")
    result = run("export", ours, "-f", "md", "-o", out)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "--force" in result.stderr
    assert out.read_text(encoding="utf-8") == "the board's own notes"
    result = run("export", ours, "-f", "md", "-o", out, "--force")
    assert result.exit_code == 0 and "replaced" in result.stdout
    assert "Help and protection" in out.read_text(encoding="utf-8")


def test_a_wrong_extension_is_warned_about_on_stderr(ours: Path) -> None:
    out = ours.parent / "pack.html"
    result = run("export", ours, "-f", "csv", "-o", out)
    assert result.exit_code == 0
    assert "warning: pack.html does not end in .csv" in result.stderr
    assert "warning" not in result.stdout
    assert out.read_text(encoding="utf-8").startswith("\ufeffself_assessment,")


def test_the_format_follows_the_output_extension_when_not_given(ours: Path) -> None:
    out = ours.parent / "pack.json"
    result = run("export", ours, "-o", out)
    assert result.exit_code == 0 and result.stderr == ""
    assert json.loads(out.read_text(encoding="utf-8"))["authority"] == "Northshire"


def test_dash_without_a_format_says_which_formats_can(
        ours: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ours.parent)
    result = run("export", ours, "-o", "-")
    assert result.exit_code == 1
    assert "an HTML board pack cannot be written to standard output" in result.stderr
    assert "--format md, csv or json" in result.stderr
