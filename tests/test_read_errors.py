"""Every read of every kind of file turns an OSError into one line naming the file and the
step, exit 1, never a crash: a file that cannot be opened (mode 000), a folder given as a
file, a file that vanishes between being listed and being read, a read error."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from readiness.settings import data_dir
from tests.helpers import MINI, run

SHIPPED = Path(__file__).resolve().parent.parent / "questionbanks"


def _assessment(folder: Path) -> Path:
    path = folder / "ours.toml"
    assert run("new", path, "--bank", "mini", "--authority", "Northshire").exit_code == 0
    return path


def _lists(folder: Path) -> Path:
    lists = folder / "lists"
    assert run("lists", "demo", lists, banks=None).exit_code == 0
    return lists


def _xlsx(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["item", "grade"])
    sheet.append(["H01", "good"])
    book.save(path)
    return path


# kind -> (make the files and answer (the file that fails, the command's arguments))
Setup = Callable[[Path], tuple[Path, tuple[Any, ...], bool]]


def _assessment_case(folder: Path) -> tuple[Path, tuple[Any, ...], bool]:
    path = _assessment(folder)
    return path, ("summary", path), True


def _bank_case(folder: Path) -> tuple[Path, tuple[Any, ...], bool]:
    path = folder / "bank.toml"
    shutil.copy(MINI, path)
    return path, ("banks", "validate", path), True


def _crosswalk_case(folder: Path) -> tuple[Path, tuple[Any, ...], bool]:
    path = folder / "crosswalk.toml"
    shutil.copy(SHIPPED / "crosswalks" / "sif-2015--ilacs.toml", path)
    return path, ("banks", "validate", path), False


def _mapping_case(folder: Path) -> tuple[Path, tuple[Any, ...], bool]:
    lists = _lists(folder)
    path = folder / "mapping.toml"
    path.write_text(run("lists", "mapping", banks=None).stdout, encoding="utf-8")
    return path, ("lists", "check", lists, "--mapping", path), False


def _list_case(folder: Path) -> tuple[Path, tuple[Any, ...], bool]:
    lists = _lists(folder)
    return lists / "list-03.csv", ("lists", "check", lists), False


def _import_csv_case(folder: Path) -> tuple[Path, tuple[Any, ...], bool]:
    path = folder / "in.csv"
    path.write_text("item,grade\nH01,good\n", encoding="utf-8")
    return path, ("import", _assessment(folder), path), True


def _import_xlsx_case(folder: Path) -> tuple[Path, tuple[Any, ...], bool]:
    path = _xlsx(folder / "in.xlsx")
    return path, ("import", _assessment(folder), path), True


CASES: dict[str, Setup] = {
    "assessment": _assessment_case,
    "bank": _bank_case,
    "crosswalk": _crosswalk_case,
    "lists mapping": _mapping_case,
    "list": _list_case,
    "import CSV": _import_csv_case,
    "import Excel": _import_xlsx_case,
}


def _clean(result: Any, path: Path, *steps: str) -> None:
    lines = result.stderr.splitlines()
    assert result.exit_code == 1, result.stderr
    assert lines and lines[0].startswith(f"error: {path}"), result.stderr
    assert any(step in lines[0] for step in steps), lines[0]
    assert "Traceback" not in result.stderr and "did not expect" not in result.stderr
    assert not (data_dir() / "logs").exists()


def _run(args: tuple[Any, ...], mini: bool) -> Any:
    return run(*args) if mini else run(*args, banks=None)


def _failing(monkeypatch: pytest.MonkeyPatch, path: Path, error: OSError,
             at: str = "open") -> None:
    """Make opening (or reading) exactly `path` fail the way a disk or a share can."""
    real_open, real_read = os.open, os.read
    failing_fds: set[int] = set()

    def fake_open(name: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(os.fsdecode(name)) == path:
            if at == "open":
                raise error
            fd = real_open(name, flags, *args, **kwargs)
            failing_fds.add(fd)
            return fd
        return real_open(name, flags, *args, **kwargs)

    def fake_read(fd: int, size: int) -> bytes:
        if fd in failing_fds:
            raise error
        return real_read(fd, size)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "read", fake_read)
    import zipfile

    real_zip = zipfile.ZipFile.__init__

    def fake_zip(self: Any, file: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(file, str | Path) and Path(file) == path:
            raise error
        real_zip(self, file, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "__init__", fake_zip)


@pytest.mark.parametrize("kind", list(CASES))
def test_a_file_that_cannot_be_opened_is_one_line(tmp_path: Path, kind: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path, args, mini = CASES[kind](tmp_path)
    _failing(monkeypatch, path, PermissionError(errno.EACCES, "Permission denied"))
    _clean(_run(args, mini), path, "Permission denied")


@pytest.mark.parametrize("kind", list(CASES))
def test_a_read_error_is_one_line(tmp_path: Path, kind: str,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path, args, mini = CASES[kind](tmp_path)
    _failing(monkeypatch, path, OSError(errno.EIO, "Input/output error"), at="read")
    _clean(_run(args, mini), path, "Input/output error")


@pytest.mark.parametrize("kind", list(CASES))
def test_a_file_that_vanishes_after_being_listed_is_one_line(
        tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path, args, mini = CASES[kind](tmp_path)
    _failing(monkeypatch, path, FileNotFoundError(errno.ENOENT, "No such file or directory"))
    _clean(_run(args, mini), path, "no such", "gone", "No such file")


@pytest.mark.parametrize("kind", list(CASES))
def test_a_folder_given_as_the_file_is_one_line(tmp_path: Path, kind: str) -> None:
    path, args, mini = CASES[kind](tmp_path)
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink()
    path.mkdir()
    result = _run(args, mini)
    if kind == "list":  # a folder among the lists is not a list: that list is missing
        assert result.exit_code == 1 and "Traceback" not in result.stderr
        assert "list 3 (" in result.stdout and "was not found" in result.stdout
        return
    _clean(result, path, "folder")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="mode 000 does not stop root (the simulated test above covers it)")
@pytest.mark.parametrize("kind", list(CASES))
def test_a_file_with_mode_000_is_one_line(tmp_path: Path, kind: str) -> None:
    path, args, mini = CASES[kind](tmp_path)
    path.chmod(0)
    try:
        _clean(_run(args, mini), path, "Permission denied")
    finally:
        path.chmod(0o644)


def test_a_pipe_given_as_an_assessment_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "ours.toml"
    os.mkfifo(fifo)
    _clean(run("summary", fifo), fifo, "not a regular file")


def test_a_lists_folder_that_cannot_be_listed_is_one_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lists = _lists(tmp_path)
    real = Path.iterdir

    def fail(self: Path) -> Any:
        if self == lists:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "iterdir", fail)
    _clean(run("lists", "check", lists, banks=None), lists, "cannot list the folder")
